import Foundation

/// Runs a number of blocking jobs at once, each on a thread of its own, and returns when every one has ended.
///
/// `DispatchQueue.concurrentPerform` runs at most as many iterations at once as there are CPU cores: right for
/// computing, wrong for lanes that wait on the network or the database (a worker's webhook connections, EOD's tenants
/// at once), which would then take turns on a 2-core machine. ``run(_:_:)`` gives every lane its own thread.
public enum Lanes {
    /// Calls `body(lane)` for each lane in `0..<count` at once (lane 0 on the calling thread) and waits for all.
    public static func run(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 1 else {
            if count == 1 { body(0) }
            return
        }
        let running = ConditionLock(count - 1)
        for lane in 1..<count {
            Thread {
                body(lane)
                running.withLock { $0.state -= 1 }
                running.broadcast()
            }.start()
        }
        body(0)
        running.withLock { locked in
            while locked.state > 0 { locked.wait() }
        }
    }
}
