/// Timeouts, checked on the loop's tick.
extension EventLoop {
    /// Every tick: resumes accepting after a pause, closes expired connections, answers 408 to slow requests.
    func checkTimeouts() {
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
