/// A one-time event between threads: ``open()`` once, and every ``wait()`` returns from then on. Built on
/// ``ConditionLock``.
public final class Latch: Sendable {
    private let opened = ConditionLock(false)

    public init() {}

    /// Whether ``open()`` has been called.
    public var isOpen: Bool { opened.withLock { $0.state } }

    /// Opens the latch and wakes every waiter; later calls do nothing.
    public func open() {
        opened.withLock { $0.state = true }
        opened.broadcast()
    }

    /// Blocks until the latch is open.
    public func wait() {
        opened.withLock { locked in
            while !locked.state { locked.wait() }
        }
    }

    /// Blocks until the latch is open or `timeout` has passed; `true` when it is open.
    @discardableResult
    public func wait(for timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        return opened.withLock { locked in
            while !locked.state {
                if !locked.wait(until: deadline) { return locked.state }
            }
            return true
        }
    }
}
