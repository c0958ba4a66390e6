#if canImport(Glibc)
import Glibc
#endif

/// State that threads wait on: a mutex, the state it guards and one condition variable whose timed waits run on
/// the monotonic clock. Recur's **one primitive for waiting**; mere mutual exclusion uses
/// `Synchronization.Mutex` (docs/design.md, "One lock style").
///
/// ```swift
/// let jobs = ConditionLock([Job]())
/// jobs.withLock { $0.state.append(job) }
/// jobs.signal()
/// let next = jobs.withLock { locked in
///     while locked.state.isEmpty { locked.wait() }
///     return locked.state.removeFirst()
/// }
/// ```
// @unchecked Sendable: `state` is only read or written between `pthread_mutex_lock` and `pthread_mutex_unlock`
// (inside `withLock`); the mutex and the condition are allocated once and freed in `deinit`.
public final class ConditionLock<State>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var state: State

    public init(_ state: State) {
        self.state = state
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` with the lock held; `body` reads and changes the state, and may wait, through its argument.
    public func withLock<Result, Failure: Error>(_ body: (Locked) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(Locked(owner: self))
    }

    /// Wakes one waiting thread (with or without the lock held).
    public func signal() { pthread_cond_signal(condition) }

    /// Wakes every waiting thread (with or without the lock held).
    public func broadcast() { pthread_cond_broadcast(condition) }

    /// The state while the lock is held, and the waits: valid only inside the ``withLock(_:)`` call that gave it.
    /// Each access to ``state`` is a fresh one, so what another thread changed during a wait is seen after it.
    public struct Locked {
        fileprivate let owner: ConditionLock<State>

        public var state: State {
            _read { yield owner.state }
            nonmutating _modify { yield &owner.state }
        }

        /// Releases the lock until the condition is signalled, then takes it again. A wake-up may be spurious:
        /// check the state again.
        public func wait() {
            pthread_cond_wait(owner.condition, owner.mutex)
        }

        /// ``wait()`` for at most `timeout`; `false` when the time ran out first.
        @discardableResult
        public func wait(for timeout: Duration) -> Bool {
            guard timeout > .zero else { return false }
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let (seconds, attoseconds) = timeout.components
            var deadline = timespec(
                tv_sec: now.tv_sec + Int(min(seconds, Int64(Int32.max))),
                tv_nsec: now.tv_nsec + Int(attoseconds / 1_000_000_000))
            if deadline.tv_nsec >= 1_000_000_000 {
                deadline.tv_sec += 1
                deadline.tv_nsec -= 1_000_000_000
            }
            return pthread_cond_timedwait(owner.condition, owner.mutex, &deadline) != ETIMEDOUT
        }

        /// ``wait()`` until `deadline` at the latest; `false` when it passed first.
        @discardableResult
        public func wait(until deadline: ContinuousClock.Instant) -> Bool {
            wait(for: deadline - .now)
        }

        /// Wakes one waiting thread.
        public func signal() { owner.signal() }

        /// Wakes every waiting thread.
        public func broadcast() { owner.broadcast() }
    }
}
