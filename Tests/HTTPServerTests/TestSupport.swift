#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import XCTest
@testable import HTTPServer

/// A server on an ephemeral 127.0.0.1 port with short timeouts, for one test.
func makeServer(logger: any RequestLogger = NullRequestLogger(), metrics: MetricsRegistry = MetricsRegistry(),
                routes: (inout Router) -> Void = { _ in },
                configure: (inout HTTPServerConfiguration) -> Void = { _ in }) throws -> HTTPServer {
    var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
    configuration.workerThreads = 4
    configuration.headerReadTimeout = .milliseconds(400)
    configuration.bodyReadTimeout = .milliseconds(400)
    configuration.idleTimeout = .seconds(5)
    configuration.lingerTimeout = .milliseconds(300)
    configuration.shutdownGracePeriod = .seconds(3)
    configure(&configuration)
    var router = Router()
    router.get("/hello", inline: true) { _ in .text("hello") }
    router.post("/echo") { request in Response(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: request.body) }
    routes(&router)
    let server = HTTPServer(configuration: configuration, router: router, metrics: metrics, logger: logger)
    try server.start()
    return server
}

/// A parsed response read off a raw socket.
struct RawResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (fails the test otherwise).
    func json(file: StaticString = #filePath, line: UInt = #line) throws -> JSONObject {
        guard case .object(let object) = try JSONParser.parse(body) else {
            XCTFail("body is not a JSON object: \(text)", file: file, line: line)
            return JSONObject()
        }
        return object
    }
}

/// A blocking TCP client that sends raw bytes and reads whole HTTP responses.
final class RawClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; throws if the connection is refused.
    init(port: Int, timeout: TimeInterval = 3) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let code = errno
            Glibc.close(fd)
            throw NSError(domain: "RawClient", code: Int(code), userInfo: [NSLocalizedDescriptionKey: "connect failed: errno \(code)"])
        }
        setTimeout(timeout)
    }

    deinit { Glibc.close(fd) }

    func setTimeout(_ seconds: TimeInterval) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Half-closes the sending side.
    func shutdownWrite() { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Reads more bytes into the buffer; `false` on EOF, error or timeout.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    /// Reads one response; `nil` if the connection closed (or timed out) first.
    /// - Parameter head: the request was HEAD, so no body follows despite `Content-Length`.
    func readResponse(head: Bool = false) -> RawResponse? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            if let range = firstRange(of: terminator) { headEnd = range; break }
            guard fill() else { return nil }
        }
        guard let end = headEnd else { return nil }
        let headText = String(decoding: buffer[0..<end], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        buffer.removeFirst(end + 4)
        var response = RawResponse(status: status, headers: headers, body: [])
        let length = head || status < 200 || status == 204 || status == 304 ? 0 : Int(response.header("Content-Length") ?? "0") ?? 0
        while buffer.count < length {
            guard fill() else { return nil }
        }
        response.body = Array(buffer[0..<length])
        buffer.removeFirst(length)
        return response
    }

    /// `true` when the server has closed the connection (EOF within the timeout, no further data).
    func isClosedByPeer() -> Bool {
        buffer.isEmpty && !fill()
    }

    private func firstRange(of pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for i in 0...(buffer.count - pattern.count) where buffer[i] == pattern[0] {
            if Array(buffer[i..<(i + pattern.count)]) == pattern { return i }
        }
        return nil
    }
}

/// Sends `request` on a new connection and returns the first response.
func exchange(_ port: Int, _ request: String) throws -> RawResponse? {
    let client = try RawClient(port: port)
    client.send(request)
    return client.readResponse()
}

/// Collects log entries in memory.
final class CollectingLogger: RequestLogger {
    private let entries = Mutex<[RequestLogEntry]>([])
    private let errors = Mutex<[String]>([])

    var logged: [RequestLogEntry] { entries.withLock { $0 } }
    var errorMessages: [String] { errors.withLock { $0 } }

    func log(_ entry: RequestLogEntry) { entries.withLock { $0.append(entry) } }
    func logError(_ message: String, requestID: String) { errors.withLock { $0.append("\(requestID) \(message)") } }
    func flush() {}
}

/// Milliseconds elapsed while running `body`.
func measureMilliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = Date()
    try body()
    return Date().timeIntervalSince(start) * 1000
}
