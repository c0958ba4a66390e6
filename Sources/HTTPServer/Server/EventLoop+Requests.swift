/// The read and dispatch path: bytes in, requests parsed, routed, run inline or on the worker pool.
extension EventLoop {
    /// Reacts to readiness of a client connection: reads and parses, or writes what is pending.
    func handle(fd: Int32, events: UInt32) {
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

    /// Whether the connection has as many requests in flight as it may pipeline (reading stops).
    func isPaused(_ connection: Connection) -> Bool {
        connection.pending.count >= core.configuration.maxPipelinedRequests
    }

    // MARK: Requests

    /// Parses and dispatches buffered requests, then writes what is ready.
    func process(_ connection: Connection) {
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
}
