#if canImport(Glibc)
import Glibc

/// A non-blocking TCP socket file descriptor with the few calls the server needs.
///
/// A value type: closing is explicit (``close()``), because the event loop owns descriptor lifetimes.
struct Socket: Sendable, Hashable {
    let fd: Int32

    /// Creates a listening socket bound to `address` (`SO_REUSEADDR`, non-blocking, close-on-exec).
    static func listen(on address: SocketAddress, backlog: Int32) throws(SocketError) -> Socket {
        let fd = Glibc.socket(address.family, Int32(SOCK_STREAM.rawValue) | LinuxCalls.cloexec | LinuxCalls.nonblock, 0)
        guard fd >= 0 else { throw SocketError("socket") }
        let socket = Socket(fd: fd)
        do throws(SocketError) {
            try socket.setOption(SOL_SOCKET, SO_REUSEADDR, 1)
            let rc = address.withSockAddr { Glibc.bind(fd, $0, $1) }
            guard rc == 0 else { throw SocketError("bind(\(address))") }
            guard Glibc.listen(fd, backlog) == 0 else { throw SocketError("listen") }
        } catch {
            socket.close()
            throw error
        }
        return socket
    }

    /// The locally bound address (used to read an ephemeral port).
    func localAddress() throws(SocketError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0, let address = SocketAddress(storage: storage) else { throw SocketError("getsockname") }
        return address
    }

    /// The outcome of a non-blocking `accept`.
    enum AcceptResult {
        case accepted(Socket, SocketAddress?)
        case wouldBlock
        case failed(SocketError)
    }

    /// Accepts one pending connection as a non-blocking, close-on-exec socket.
    func accept() -> AcceptResult {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        while true {
            let accept4 = LinuxCalls.table.accept4
            let client = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                    if let accept4 {
                        return accept4(fd, pointer, &length, LinuxCalls.cloexec | LinuxCalls.nonblock)
                    }
                    return Glibc.accept(fd, pointer, &length)
                }
            }
            if client >= 0 {
                let socket = Socket(fd: client)
                if accept4 == nil { socket.setNonBlocking() }
                return .accepted(socket, SocketAddress(storage: storage))
            }
            switch errno {
            case EINTR, ECONNABORTED: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(SocketError("accept"))
            }
        }
    }

    func setNonBlocking() {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }

    func setOption(_ level: Int32, _ name: Int32, _ value: Int32) throws(SocketError) {
        var value = value
        guard setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw SocketError("setsockopt(\(name))")
        }
    }

    /// Disables Nagle's algorithm: responses are written whole, so delaying them only adds latency.
    func setNoDelay() {
        try? setOption(Int32(IPPROTO_TCP), TCP_NODELAY, 1)
    }

    /// The outcome of a non-blocking read or write.
    enum IOResult: Equatable {
        case bytes(Int)
        case wouldBlock
        case endOfFile
        case failed(Int32)
    }

    /// Reads up to `buffer.count` bytes.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .endOfFile }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    /// Writes as much of `bytes` as the kernel accepts now, without raising `SIGPIPE`.
    func send(_ bytes: UnsafeRawBufferPointer) -> IOResult {
        while true {
            let n = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return .bytes(n) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    /// Half-closes the write side so the peer sees end-of-stream after the last response.
    func shutdownWrite() {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    func close() {
        _ = Glibc.close(fd)
    }
}
#endif
