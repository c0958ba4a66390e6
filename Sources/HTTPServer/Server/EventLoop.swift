#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Threading

/// Messages other threads send to an event loop.
enum LoopMessage: Sendable {
    /// A worker finished a request.
    case completed(connectionID: UInt64, fd: Int32, sequence: UInt64, bytes: [UInt8], close: Bool)
    /// Shutdown: stop accepting, close idle connections, drain the rest; `released` opens once the listener is.
    case stopAccepting(released: Latch)
}

/// One epoll thread: accepts, reads, parses, dispatches, writes, and enforces timeouts for its connections.
// @unchecked Sendable: every `var` below is confined to the loop thread (touched only inside `run()` and the
// methods it calls, in this file and its extensions: EventLoop+Accept, +Requests, +Writing, +Timeouts). Other
// threads only call `post(_:)`, which uses the `inbox` mutex, the `wakePending` atomic and the eventfd, and read
// immutable `let`s.
final class EventLoop: @unchecked Sendable {
    static let listenerToken: UInt64 = 1 << 40
    private static let wakeToken: UInt64 = 1 << 41
    private static let readChunk = 64 * 1024
    /// Pipelined input buffered while a connection is paused at its in-flight limit.
    static let pausedReadCap = 64 * 1024
    static let maxLingeringRejects = 256

    let index: Int
    let core: ServerCore
    let epoll: Epoll
    private let wakeup: WakeupFD
    private let inbox = Mutex<[LoopMessage]>([])
    private let wakePending = Atomic<Bool>(false)
    /// Opened when `run()` returns.
    let finished = Latch()

    let headerTimeout: UInt64
    let bodyTimeout: UInt64
    let idleTimeout: UInt64
    let writeTimeout: UInt64
    let lingerTimeout: UInt64
    private let tickInterval: UInt64

    // Loop-confined state.
    var listener: Socket?
    var acceptPausedUntil: UInt64 = 0
    var connections: [Int32: Connection] = [:]
    var nextConnectionID: UInt64
    var outstandingJobs = 0
    var lingeringRejects = 0
    var draining = false
    var drainDeadline: UInt64 = 0
    var now: UInt64 = MonotonicClock.now()
    let readBuffer: UnsafeMutableRawBufferPointer

    init(index: Int, core: ServerCore, listener: Socket) throws(SocketError) {
        self.index = index
        self.core = core
        self.epoll = try Epoll()
        self.wakeup = try WakeupFD()
        self.listener = listener
        self.nextConnectionID = UInt64(index) << 48
        let c = core.configuration
        headerTimeout = UInt64(c.headerReadTimeout.nanoseconds)
        bodyTimeout = UInt64(c.bodyReadTimeout.nanoseconds)
        idleTimeout = UInt64(c.idleTimeout.nanoseconds)
        writeTimeout = UInt64(c.writeTimeout.nanoseconds)
        lingerTimeout = UInt64(c.lingerTimeout.nanoseconds)
        let shortest = [headerTimeout, bodyTimeout, idleTimeout, writeTimeout, lingerTimeout].min() ?? 1_000_000_000
        tickInterval = min(max(shortest / 4, 5_000_000), 250_000_000)
        readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: EventLoop.readChunk, alignment: 16)
        try epoll.add(wakeup.fd, events: LinuxCalls.EPOLLIN, token: EventLoop.wakeToken)
        try epoll.add(listener.fd, events: LinuxCalls.EPOLLIN | LinuxCalls.EPOLLEXCLUSIVE, token: EventLoop.listenerToken)
    }

    deinit {
        readBuffer.deallocate()
        wakeup.close()
    }

    // MARK: Cross-thread entry

    /// Queues a message and wakes the loop (one eventfd write per batch).
    func post(_ message: LoopMessage) {
        inbox.withLock { $0.append(message) }
        if !wakePending.exchange(true, ordering: .sequentiallyConsistent) {
            wakeup.signal()
        }
    }

    // MARK: Loop

    func run() {
        var nextTick = now &+ tickInterval
        while true {
            let timeout = Int32(clamping: max(1, (nextTick > now ? nextTick - now : 0) / 1_000_000))
            let count = epoll.wait(timeoutMilliseconds: timeout)
            now = MonotonicClock.now()
            for i in 0..<count {
                let (events, token) = epoll.event(at: i)
                switch token {
                case EventLoop.listenerToken: acceptConnections()
                case EventLoop.wakeToken: processInbox()
                default: handle(fd: Int32(truncatingIfNeeded: token), events: events)
                }
            }
            if now >= nextTick {
                checkTimeouts()
                nextTick = now &+ tickInterval
            }
            if draining {
                if now >= drainDeadline {
                    for connection in Array(connections.values) { close(connection) }
                }
                if connections.isEmpty && (outstandingJobs == 0 || now >= drainDeadline) { break }
            }
        }
        finished.open()
    }

    private func processInbox() {
        wakeup.drain()
        wakePending.store(false, ordering: .sequentiallyConsistent)
        let messages = inbox.withLock { box -> [LoopMessage] in
            let taken = box
            box.removeAll(keepingCapacity: true)
            return taken
        }
        for message in messages {
            switch message {
            case .completed(let id, let fd, let sequence, let bytes, let close):
                outstandingJobs -= 1
                guard let connection = connections[fd], connection.id == id else { continue }
                connection.fill(sequence, bytes: bytes, close: close)
                process(connection)
            case .stopAccepting(let released):
                stopAccepting()
                released.open()
            }
        }
    }

    private func stopAccepting() {
        if let listener {
            epoll.remove(listener.fd)
            self.listener = nil
        }
        draining = true
        drainDeadline = now &+ UInt64(core.configuration.shutdownGracePeriod.nanoseconds)
        for connection in Array(connections.values) where connection.isIdle {
            close(connection)
        }
    }
}
