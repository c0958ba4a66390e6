/// The write path: ordered responses out, half-close and linger after the last, closing.
extension EventLoop {
    /// Writes ready responses in order; closes or half-closes when the exchange is over.
    func flush(_ connection: Connection) {
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

    /// Registers for the events the connection now needs: output pending, input wanted.
    func updateInterest(_ connection: Connection) {
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

    /// Closes the connection and forgets it (once; a connection already replaced on its descriptor is left alone).
    func close(_ connection: Connection) {
        guard connections[connection.socket.fd] === connection else { return }
        connections[connection.socket.fd] = nil
        connection.socket.close()
        if connection.rejected {
            lingeringRejects -= 1
        } else {
            core.openConnections.wrappingSubtract(1, ordering: .relaxed)
        }
    }
}
