#if canImport(Glibc)
import Glibc

/// An IPv4 or IPv6 socket address.
enum SocketAddress: Sendable, CustomStringConvertible {
    case ipv4(sockaddr_in)
    case ipv6(sockaddr_in6)

    /// Parses a numeric host (`127.0.0.1`, `::1`, `0.0.0.0`); `localhost` is accepted as `127.0.0.1`.
    init(host: String, port: UInt16) throws(SocketError) {
        let numeric = host == "localhost" ? "127.0.0.1" : host
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, numeric, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            self = .ipv4(v4)
            return
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, numeric, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            self = .ipv6(v6)
            return
        }
        throw SocketError("inet_pton(\(host))", code: EINVAL)
    }

    /// Reads an address filled in by `accept` or `getsockname`.
    init?(storage: sockaddr_storage) {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            self = .ipv4(withUnsafeBytes(of: &storage) { $0.loadUnaligned(as: sockaddr_in.self) })
        case AF_INET6:
            self = .ipv6(withUnsafeBytes(of: &storage) { $0.loadUnaligned(as: sockaddr_in6.self) })
        default:
            return nil
        }
    }

    var family: Int32 {
        switch self {
        case .ipv4: AF_INET
        case .ipv6: AF_INET6
        }
    }

    var port: UInt16 {
        switch self {
        case .ipv4(let a): UInt16(bigEndian: a.sin_port)
        case .ipv6(let a): UInt16(bigEndian: a.sin6_port)
        }
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length.
    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        switch self {
        case .ipv4(var a):
            return withUnsafePointer(to: &a) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .ipv6(var a):
            return withUnsafePointer(to: &a) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }

    private static func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `host:port`, or `[host]:port` for IPv6.
    var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch self {
        case .ipv4(var a):
            _ = inet_ntop(AF_INET, &a.sin_addr, &buffer, socklen_t(buffer.count))
            return Self.string(buffer) + ":" + String(port)
        case .ipv6(var a):
            _ = inet_ntop(AF_INET6, &a.sin6_addr, &buffer, socklen_t(buffer.count))
            return "[" + Self.string(buffer) + "]:" + String(port)
        }
    }
}
#endif
