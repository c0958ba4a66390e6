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
// methods it calls). Other threads only call `post(_:)`, which uses the `inbox` mutex, the `wakePending`
// atomic and the eventfd, and read immutable `let`s.
final class EventLoop: @unchecked Sendable {
    private static let listenerToken: UInt64 = 1 << 40
    private static let wakeToken: UInt64 = 1 << 41
    private static let readChunk = 64 * 1024
    /// Pipelined input buffered while a connection is paused at its in-flight limit.
    private static let pausedReadCap = 64 * 1024
    private static let maxLingeringRejects = 256

    let index: Int
    private let core: ServerCore
    private let epoll: Epoll
    private let wakeup: WakeupFD
    private let inbox = Mutex<[LoopMessage]>([])
    private let wakePending = Atomic<Bool>(false)
    /// Opened when `run()` returns.
    let finished = Latch()

    private let headerTimeout: UInt64
    private let bodyTimeout: UInt64
    private let idleTimeout: UInt64
    private let writeTimeout: UInt64
    private let lingerTimeout: UInt64
    private let tickInterval: UInt64

    // Loop-confined state.
    private var listener: Socket?
    private var acceptPausedUntil: UInt64 = 0
    private var connections: [Int32: Connection] = [:]
    private var nextConnectionID: UInt64
    private var outstandingJobs = 0
    private var lingeringRejects = 0
    private var draining = false
    private var drainDeadline: UInt64 = 0
    private var now: UInt64 = MonotonicClock.now()
    private let readBuffer: UnsafeMutableRawBufferPointer

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

    // MARK: Accept

    private func acceptConnections() {
        guard let listener, now >= acceptPausedUntil else { return }
        for _ in 0..<128 {
            switch listener.accept() {
            case .wouldBlock:
                return
            case .failed:
                // Out of descriptors or similar: stop polling the listener briefly instead of spinning.
                // (EPOLL_CTL_MOD is not allowed with EPOLLEXCLUSIVE, so deregister and add back later.)
                acceptPausedUntil = now &+ 100_000_000
                epoll.remove(listener.fd)
                return
            case .accepted(let socket, let address):
                let open = core.openConnections.wrappingAdd(1, ordering: .relaxed).newValue
                if open > core.configuration.maxConnections {
                    core.openConnections.wrappingSubtract(1, ordering: .relaxed)
                    reject(socket, remoteAddress: address?.description ?? "")
                    continue
                }
                socket.setNoDelay()
                nextConnectionID += 1
                let connection = Connection(id: nextConnectionID, socket: socket, remoteAddress: address?.description ?? "",
                                            limits: core.configuration.limits, now: now)
                register(connection)
            }
        }
    }

    private func register(_ connection: Connection) {
        do {
            try epoll.add(connection.socket.fd, events: LinuxCalls.EPOLLIN, token: UInt64(UInt32(bitPattern: connection.socket.fd)))
            connection.registeredEvents = LinuxCalls.EPOLLIN
            connections[connection.socket.fd] = connection
        } catch {
            connection.socket.close()
            if !connection.rejected { core.openConnections.wrappingSubtract(1, ordering: .relaxed) }
        }
    }

    /// Past the connection cap: answer 503 with `Retry-After` at once, then close.
    private func reject(_ socket: Socket, remoteAddress: String) {
        let requestID = RequestID.generate()
        let problem = Problem.serviceUnavailable(retryAfterSeconds: core.configuration.retryAfterSeconds,
                                                 detail: "Too many open connections; retry later.")
        let bytes = ResponseEncoder.encode(problem.response(instance: nil),
                                           .init(requestVersion: .http1_1, isHead: false, keepAlive: false, requestID: requestID))
        core.metrics.recordRequest(route: "rejected", method: "OTHER", status: 503, seconds: 0)
        guard lingeringRejects < EventLoop.maxLingeringRejects else {
            _ = bytes.withUnsafeBytes { socket.send($0) }
            socket.close()
            return
        }
        lingeringRejects += 1
        nextConnectionID += 1
        let connection = Connection(id: nextConnectionID, socket: socket, remoteAddress: remoteAddress,
                                    limits: core.configuration.limits, now: now, rejected: true)
        _ = connection.reserveSlot(bytes: bytes, close: true)
        register(connection)
        if connections[socket.fd] === connection { flush(connection) }
    }

    // MARK: Readiness

    private func handle(fd: Int32, events: UInt32) {
        guard let connection = connections[fd] else { return }
        if events & (LinuxCalls.EPOLLERR | LinuxCalls.EPOLLHUP) != 0 {
            close(connection)
            return
        }
        if events & LinuxCalls.EPOLLIN != 0 {
            guard read(connection) else { return }
            if connection.closing {
                if connection.peerClosed { close(connection) } else { updateInterest(connection) }
                return
            }
            process(connection)
        } else if events & LinuxCalls.EPOLLOUT != 0 {
            flush(connection)
        }
    }

    /// Reads what is available; `false` if the connection was closed.
    private func read(_ connection: Connection) -> Bool {
        while true {
            switch connection.socket.read(into: readBuffer) {
            case .bytes(let n):
                connection.lastActivity = now
                if connection.closing || connection.stopParsing { // discard: no further requests are served
                    if n < readBuffer.count { return true }
                    continue
                }
                connection.parser.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<n]))
                if n < readBuffer.count || isPaused(connection) { return true }
            case .wouldBlock:
                return true
            case .endOfFile:
                connection.peerClosed = true
                return true
            case .failed:
                close(connection)
                return false
            }
        }
    }

    private func isPaused(_ connection: Connection) -> Bool {
        connection.pending.count >= core.configuration.maxPipelinedRequests
    }

    // MARK: Requests

    /// Parses and dispatches buffered requests, then writes what is ready.
    private func process(_ connection: Connection) {
        while !connection.stopParsing && !isPaused(connection) {
            let event: HTTPRequestParser.Event?
            do {
                event = try connection.parser.next()
            } catch {
                respondToParseError(error, on: connection)
                break
            }
            guard let event else { break }
            switch event {
            case .continueExpected:
                _ = connection.reserveSlot(bytes: ResponseEncoder.continueBytes)
            case .request(let head, let body):
                connection.phaseSince = now
                dispatch(head, body, on: connection)
            }
        }
        let phase = connection.parser.phase
        if phase != connection.phase {
            connection.phase = phase
            connection.phaseSince = now
        }
        flush(connection)
    }

    private func respondToParseError(_ error: HTTPParseError, on connection: Connection) {
        let exchange = Exchange(method: HTTPMethod("-"), path: "-", version: .http1_1, keepAlive: false,
                                requestID: RequestID.generate(), remoteAddress: connection.remoteAddress,
                                start: now, routeName: "invalid", context: RequestContext())
        let problem = Problem(status: error.status, detail: error.detail)
        let (bytes, _) = exchange.finish(problem.response(instance: nil), core: core)
        _ = connection.reserveSlot(bytes: bytes, close: true)
        connection.stopParsing = true
    }

    private func dispatch(_ head: HTTPRequestHead, _ body: [UInt8], on connection: Connection) {
        let keepAlive = head.keepAlive && !draining
        if !keepAlive { connection.stopParsing = true }
        let sequence = connection.reserveSlot()
        let requestID = head.headers["X-Request-Id"].flatMap { RequestID.isValid($0) ? $0 : nil } ?? RequestID.generate()
        var exchange = Exchange(method: head.method, path: head.path, version: head.version, keepAlive: keepAlive,
                                requestID: requestID, remoteAddress: connection.remoteAddress, start: now,
                                routeName: "unmatched", context: RequestContext())
        let route: Route
        let parameters: [String: String]
        switch core.router.match(head.method, path: head.path) {
        case .found(let r, let p):
            route = r
            parameters = p
        case .notFound:
            return complete(connection, sequence, exchange, Problem.notFound().response(instance: head.path))
        case .methodNotAllowed(let allowed):
            return complete(connection, sequence, exchange,
                            Problem.methodNotAllowed(allowed: allowed).response(instance: head.path))
        case .badPath:
            return complete(connection, sequence, exchange,
                            Problem.badRequest("Malformed percent-encoding in the path.").response(instance: head.path))
        }
        exchange.routeName = route.name
        let request = Request(method: head.method, path: head.path, rawQuery: head.query, headers: head.headers,
                              body: body, parameters: parameters, requestID: requestID,
                              remoteAddress: connection.remoteAddress, version: head.version, context: exchange.context)
        if !request.queryErrors.isEmpty {
            return complete(connection, sequence, exchange, Problem.validation(request.queryErrors).response(instance: head.path))
        }
        if route.inline {
            return complete(connection, sequence, exchange, Exchange.run(route, request, logger: core.logger))
        }
        let core = self.core
        let finalExchange = exchange
        let id = connection.id
        let fd = connection.socket.fd
        let submitted = core.pool.submit { [self] in
            let response = Exchange.run(route, request, logger: core.logger)
            let (bytes, close) = finalExchange.finish(response, core: core)
            post(.completed(connectionID: id, fd: fd, sequence: sequence, bytes: bytes, close: close))
        }
        if submitted {
            outstandingJobs += 1
        } else {
            let problem = Problem.serviceUnavailable(retryAfterSeconds: core.configuration.retryAfterSeconds,
                                                     detail: "All workers are busy; retry later.")
            complete(connection, sequence, exchange, problem.response(instance: head.path))
        }
    }

    private func complete(_ connection: Connection, _ sequence: UInt64, _ exchange: Exchange, _ response: Response) {
        let (bytes, close) = exchange.finish(response, core: core)
        connection.fill(sequence, bytes: bytes, close: close)
    }

    // MARK: Writing and closing

    /// Writes ready responses in order; closes or half-closes when the exchange is over.
    private func flush(_ connection: Connection) {
        let hadOutput = connection.hasUnsentOutput
        connection.collectReadyOutput()
        if !hadOutput && connection.hasUnsentOutput { connection.lastWriteProgress = now }
        while connection.hasUnsentOutput {
            let result = connection.output.withUnsafeBytes {
                connection.socket.send(UnsafeRawBufferPointer(rebasing: $0[connection.outputOffset...]))
            }
            switch result {
            case .bytes(let n):
                connection.outputOffset += n
                connection.lastWriteProgress = now
                connection.lastActivity = now
            case .wouldBlock, .endOfFile:
                updateInterest(connection)
                return
            case .failed:
                close(connection)
                return
            }
        }
        if connection.pending.isEmpty {
            if connection.closeAfterWrite {
                beginClose(connection)
                return
            }
            if connection.peerClosed || (draining && connection.isIdle) {
                close(connection)
                return
            }
        }
        updateInterest(connection)
    }

    /// Half-closes after the final response and lingers, discarding input, so the client reads the response
    /// instead of a reset caused by unread data.
    private func beginClose(_ connection: Connection) {
        guard !connection.closing else { return }
        if connection.peerClosed {
            close(connection)
            return
        }
        connection.socket.shutdownWrite()
        connection.closing = true
        var deadline = now &+ lingerTimeout
        if draining { deadline = min(deadline, drainDeadline) }
        connection.closingDeadline = deadline
        updateInterest(connection)
    }

    private func updateInterest(_ connection: Connection) {
        var events: UInt32 = 0
        if connection.hasUnsentOutput { events |= LinuxCalls.EPOLLOUT }
        let wantsInput = connection.closing
            || (!connection.peerClosed && !connection.stopParsing
                && (!isPaused(connection) || connection.parser.bufferedByteCount < EventLoop.pausedReadCap))
        if wantsInput { events |= LinuxCalls.EPOLLIN }
        if events != connection.registeredEvents {
            epoll.modify(connection.socket.fd, events: events, token: UInt64(UInt32(bitPattern: connection.socket.fd)))
            connection.registeredEvents = events
        }
    }

    private func close(_ connection: Connection) {
        guard connections[connection.socket.fd] === connection else { return }
        connections[connection.socket.fd] = nil
        connection.socket.close()
        if connection.rejected {
            lingeringRejects -= 1
        } else {
            core.openConnections.wrappingSubtract(1, ordering: .relaxed)
        }
    }

    // MARK: Timeouts

    private func checkTimeouts() {
        if let listener, acceptPausedUntil != 0, now >= acceptPausedUntil {
            acceptPausedUntil = 0
            try? epoll.add(listener.fd, events: LinuxCalls.EPOLLIN | LinuxCalls.EPOLLEXCLUSIVE, token: EventLoop.listenerToken)
        }
        var expired: [Connection] = []
        var timedOut: [Connection] = []
        for connection in connections.values {
            if connection.closing {
                if now >= connection.closingDeadline { expired.append(connection) }
            } else if connection.hasUnsentOutput {
                if now &- connection.lastWriteProgress > writeTimeout { expired.append(connection) }
            } else if !connection.stopParsing && !isPaused(connection) {
                switch connection.parser.phase {
                case .head:
                    if now &- connection.phaseSince > headerTimeout { timedOut.append(connection) }
                case .body:
                    if now &- connection.phaseSince > bodyTimeout { timedOut.append(connection) }
                case .idle:
                    if connection.pending.isEmpty && now &- connection.lastActivity > idleTimeout {
                        expired.append(connection)
                    }
                }
            }
        }
        for connection in expired { close(connection) }
        for connection in timedOut {
            let exchange = Exchange(method: HTTPMethod("-"), path: "-", version: .http1_1, keepAlive: false,
                                    requestID: RequestID.generate(), remoteAddress: connection.remoteAddress,
                                    start: connection.phaseSince, routeName: "invalid", context: RequestContext())
            let problem = Problem(status: .requestTimeout, detail: "The request was not received in time.")
            let (bytes, _) = exchange.finish(problem.response(instance: nil), core: core)
            _ = connection.reserveSlot(bytes: bytes, close: true)
            connection.stopParsing = true
            flush(connection)
        }
    }
}
