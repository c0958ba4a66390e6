import Foundation
import Threading

/// A fixed set of threads running (possibly blocking) handlers from a bounded FIFO queue.
///
/// Handlers are synchronous and may block on I/O, so they run on these dedicated threads, never on the Swift
/// concurrency pool or an event loop.
final class WorkerPool: Sendable {
    typealias Job = @Sendable () -> Void

    private struct Queue {
        var jobs: [Job] = []
        var head = 0
        var idle = 0
        /// Workers signalled but not yet running: at most one at a time, so a burst of submissions wakes
        /// workers one by one (each woken worker wakes the next if work remains) instead of all at once.
        var waking = 0
        var running = 0
        var stopping = false

        var count: Int { jobs.count - head }

        /// Takes the oldest job, compacting the array now and then.
        mutating func take() -> Job {
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 1024 && head * 2 >= jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            return job
        }

        /// Whether a waiting worker should be woken now (and counts it as waking).
        mutating func wakeOne() -> Bool {
            guard count > 0 && idle > 0 && waking == 0 else { return false }
            waking += 1
            return true
        }
    }

    private let queue: ConditionLock<Queue>
    private let maxQueued: Int

    init(threads: Int, maxQueued: Int) {
        self.maxQueued = max(1, maxQueued)
        let running = max(1, threads)
        queue = ConditionLock(Queue(running: running))
        for index in 0..<running {
            let thread = Thread { [self] in self.work() }
            thread.name = "recur-worker-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Jobs waiting for a thread.
    var queuedCount: Int { queue.withLock { $0.state.count } }

    /// Enqueues `job`; `false` when the queue is full or the pool is stopping.
    func submit(_ job: @escaping Job) -> Bool {
        let (accepted, wake) = queue.withLock { locked -> (Bool, Bool) in
            guard !locked.state.stopping, locked.state.count < maxQueued else { return (false, false) }
            locked.state.jobs.append(job)
            return (true, locked.state.wakeOne())
        }
        if wake { queue.signal() }
        return accepted
    }

    private func work() {
        while let job = next() {
            job()
        }
    }

    /// The next job, waiting for one; `nil` once the pool is stopping and the queue is empty.
    private func next() -> Job? {
        let (job, wakeNext) = queue.withLock { locked -> (Job?, Bool) in
            while locked.state.count == 0 && !locked.state.stopping {
                locked.state.idle += 1
                locked.wait()
                locked.state.idle -= 1
                if locked.state.waking > 0 { locked.state.waking -= 1 }
            }
            guard locked.state.count > 0 else {
                locked.state.running -= 1
                locked.broadcast()
                return (nil, false)
            }
            return (locked.state.take(), locked.state.wakeOne())
        }
        if wakeNext { queue.signal() }
        return job
    }

    /// Lets queued jobs finish, then stops the threads; `false` if they were still busy at `deadline`
    /// (monotonic nanoseconds).
    @discardableResult
    func shutdown(deadline: UInt64) -> Bool {
        queue.withLock { locked in
            locked.state.stopping = true
            locked.broadcast()
            while locked.state.running > 0 {
                let now = MonotonicClock.now()
                if now >= deadline { return false }
                locked.wait(for: .nanoseconds(Int64(clamping: deadline - now)))
            }
            return true
        }
    }
}
