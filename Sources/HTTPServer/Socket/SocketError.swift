#if canImport(Glibc)
import Glibc
#endif

/// A failed socket system call, with the call's name and `errno`.
public struct SocketError: Error, Sendable, CustomStringConvertible {
    /// The system call that failed, e.g. `"bind"`.
    public let call: String
    /// The `errno` value it set.
    public let code: Int32

    init(_ call: String, code: Int32 = errno) {
        self.call = call
        self.code = code
    }

    public var description: String {
        "\(call) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}
