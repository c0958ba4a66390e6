/// Accepting connections: registration with epoll, and the 503 answer past the connection cap.
extension EventLoop {
    /// Accepts what the listener has (up to 128 at a time), registering each connection or rejecting it past the cap.
    func acceptConnections() {
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
}
