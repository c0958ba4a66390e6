import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ports for the servers tests start.
public enum TestPorts {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A TCP port on 127.0.0.1 that nothing listens on (bound, then closed at once).
    public static func unused() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed (errno \(errno))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "bind() failed (errno \(errno))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
