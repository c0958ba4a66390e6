import Foundation

/// Values computed in order on a thread of their own while the caller works through the earlier ones: the caller's
/// ``value(_:)`` waits only for a value not computed yet. For CPU work that can run ahead of work that waits (e.g.
/// matching the next chunk of bank lines while the database writes this one, on a 2-core machine).
///
/// ```swift
/// let matched = Prefetch(count: chunks.count) { index in match(chunks[index]) }
/// defer { matched.cancel() }
/// for index in chunks.indices { try write(matched.value(index)) }
/// ```
public final class Prefetch<Value: Sendable>: Sendable {
    private struct State {
        var ready = [Int: Value]()
        var cancelled = false
    }

    private let state = ConditionLock(State())
    public let count: Int

    /// Starts computing `produce(0)`, `produce(1)`, … `produce(count - 1)` in that order on a new thread.
    public init(count: Int, _ produce: @escaping @Sendable (Int) -> Value) {
        self.count = count
        guard count > 0 else { return }
        let state = self.state
        Thread {
            for index in 0..<count {
                if state.withLock({ $0.state.cancelled }) { return }
                let value = produce(index)
                state.withLock { $0.state.ready[index] = value }
                state.broadcast()
            }
        }.start()
    }

    /// The value at `index` (each taken once), waiting until it is computed.
    public func value(_ index: Int) -> Value {
        precondition(index >= 0 && index < count, "Prefetch index \(index) out of 0..<\(count)")
        return state.withLock { locked in
            while true {
                if let value = locked.state.ready.removeValue(forKey: index) { return value }
                locked.wait()
            }
        }
    }

    /// Stops the thread after the value it is computing (for a caller that leaves early, e.g. on an error).
    public func cancel() {
        state.withLock { $0.state.cancelled = true }
    }
}
