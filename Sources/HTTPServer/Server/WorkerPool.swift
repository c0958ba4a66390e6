#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A fixed set of threads running (possibly blocking) handlers from a bounded FIFO queue.
///
/// Handlers are synchronous and may block on I/O, so they run on these dedicated threads, never on the Swift
/// concurrency pool or an event loop.
// @unchecked Sendable: `queue`, `head`, `idle`, `running` and `stopping` are only read or written with
// `mutex` held; `mutex` and `condition` are heap-allocated once and freed in deinit.
final class WorkerPool: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue: [Job] = []
    private var head = 0
    private var idle = 0
    /// Workers signalled but not yet running: at most one at a time, so a burst of submissions wakes
    /// workers one by one (each woken worker wakes the next if work remains) instead of all at once.
    private var waking = 0
    private var running = 0
    private var stopping = false
    private let maxQueued: Int

    init(threads: Int, maxQueued: Int) {
        self.maxQueued = max(1, maxQueued)
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
        running = max(1, threads)
        for index in 0..<running {
            let thread = Thread { [self] in self.work() }
            thread.name = "recur-worker-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Jobs waiting for a thread.
    var queuedCount: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return queue.count - head
    }

    /// Enqueues `job`; `false` when the queue is full or the pool is stopping.
    func submit(_ job: @escaping Job) -> Bool {
        pthread_mutex_lock(mutex)
        guard !stopping, queue.count - head < maxQueued else {
            pthread_mutex_unlock(mutex)
            return false
        }
        queue.append(job)
        let wake = idle > 0 && waking == 0
        if wake { waking += 1 }
        pthread_mutex_unlock(mutex)
        if wake { pthread_cond_signal(condition) }
        return true
    }

    private func work() {
        pthread_mutex_lock(mutex)
        while true {
            while head == queue.count && !stopping {
                idle += 1
                pthread_cond_wait(condition, mutex)
                idle -= 1
                if waking > 0 { waking -= 1 }
            }
            if head == queue.count {
                running -= 1
                pthread_cond_broadcast(condition)
                pthread_mutex_unlock(mutex)
                return
            }
            let job = queue[head]
            head += 1
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 1024 && head * 2 >= queue.count {
                queue.removeFirst(head)
                head = 0
            }
            let wakeNext = head < queue.count && idle > 0 && waking == 0
            if wakeNext { waking += 1 }
            pthread_mutex_unlock(mutex)
            if wakeNext { pthread_cond_signal(condition) }
            job()
            pthread_mutex_lock(mutex)
        }
    }

    /// Lets queued jobs finish, then stops the threads; `false` if they were still busy at `deadline`
    /// (monotonic nanoseconds).
    @discardableResult
    func shutdown(deadline: UInt64) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        stopping = true
        pthread_cond_broadcast(condition)
        while running > 0 {
            let now = MonotonicClock.now()
            if now >= deadline { return false }
            var ts = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
            _ = pthread_cond_timedwait(condition, mutex, &ts)
        }
        return true
    }
}
