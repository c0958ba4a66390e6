import HTTPServer
import Synchronization
import Threading

/// The dashboard reads and writes only through the documented API operations, called in-process on the API's own
/// router: the same handlers, so the same roles (``APIPermissions``), CSRF check, validation, audit trail, SQL and
/// report code as `/v1` — a page cannot do what its user could not do with `curl` and the same cookie. The call
/// carries the browser's cookie, `Host`, `Origin`/`Referer` and address; a write also carries the session's
/// CSRF token as `X-CSRF-Token`, once the page's own form token was checked (``CSRFCheck``).
struct DashboardAPI: Sendable {
    let router: Router
    let request: Request

    /// What an operation answered.
    struct Answer: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]

        var isSuccess: Bool { (200..<300).contains(status) }
        /// The JSON body, if it is JSON.
        var json: JSONValue? { try? JSONValue.parse(body) }
        /// A problem's `detail` (else its `title`), for a flash message.
        var problemDetail: String {
            json?["detail"]?.stringValue ?? json?["title"]?.stringValue ?? "HTTP \(status)"
        }
    }

    /// Headers of the browser's request passed on to the operation.
    private static let forwarded: Set<String> = ["cookie", "host", "x-forwarded-host", "origin", "referer", "accept-language"]

    /// Calls `method path?query` with an optional JSON body; a write adds `csrfToken` as `X-CSRF-Token`.
    func call(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json: String? = nil, csrfToken: String? = nil
    ) -> Answer {
        var headers = HTTPHeaders()
        for field in request.headers where Self.forwarded.contains(field.name.lowercased()) {
            headers.add(field.name, field.value)
        }
        if let json {
            headers.add("Content-Type", "application/json")
            headers.add("Content-Length", String(json.utf8.count))
        }
        if let csrfToken { headers.add("X-CSRF-Token", csrfToken) }
        let rawQuery = query.isEmpty ? nil : query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        guard case .found(let route, let parameters) = router.match(method, path: path) else {
            return Answer(status: 404, headers: HTTPHeaders(), body: [])
        }
        let inner = Request(
            method: method, path: path, rawQuery: rawQuery, headers: headers, body: json.map { Array($0.utf8) } ?? [],
            parameters: parameters, requestID: request.requestID, remoteAddress: request.remoteAddress,
            version: request.version, context: request.context)
        do {
            let response = try route.handler(inner)
            return Answer(status: response.status.code, headers: response.headers, body: response.body)
        } catch let problem as Problem {
            let response = Response.problem(problem)
            return Answer(status: response.status.code, headers: response.headers, body: response.body)
        } catch {
            return Answer(status: 500, headers: HTTPHeaders(), body: Array(#"{"title":"Internal error"}"#.utf8))
        }
    }

    /// A GET's JSON; `nil` when it failed (the page shows what it has).
    func get(_ path: String, _ query: [(String, String)] = []) -> JSONValue? {
        let answer = call(.get, path, query: query)
        return answer.isSuccess ? answer.json : nil
    }

    /// One read of a page that does several: an operation's path and query, and a short name for the
    /// `Server-Timing` header (``Reads/serverTiming``).
    struct Read: Sendable {
        let name: String
        let path: String
        let query: [(String, String)]

        init(_ name: String, _ path: String, _ query: [(String, String)] = []) {
            self.name = name
            self.path = path
            self.query = query
        }
    }

    /// What ``get(_:)-(Read...)`` read: each read's JSON (`nil` when it failed) and its time in milliseconds.
    struct Reads: Sendable {
        let names: [String]
        let values: [JSONValue?]
        let milliseconds: [Double]

        subscript(name: String) -> JSONValue? {
            names.firstIndex(of: name).flatMap { values[$0] }
        }

        /// `Server-Timing` entries (`name;dur=ms`), so a page's time can be split by operation from outside
        /// (bench/dashboard/run.sh reads it).
        var serverTiming: [String] {
            zip(names, milliseconds).map { name, ms in
                let tenths = Int((ms * 10).rounded())
                return "\(name);dur=\(tenths / 10).\(tenths % 10)"
            }
        }
    }

    /// At most this many of one page's reads run at once: each holds a pooled connection (8 by default,
    /// `RECUR_DB_POOL_SIZE`), so two pages at once still leave the API connections of its own.
    static let lanesPerPage = 4

    /// Independent GETs at once on up to ``lanesPerPage`` lanes (``Lanes``; each lane takes the next read not yet
    /// started), each call with its own pooled connection: a page's time is then about its slowest read rather than
    /// the sum. The calls share only the request (read-only) and its `RequestContext` (locked).
    func get(_ reads: [Read]) -> Reads {
        let state = Mutex<(next: Int, results: [(JSONValue?, Double)])>((0, Array(repeating: (nil, 0), count: reads.count)))
        Lanes.run(min(reads.count, Self.lanesPerPage)) { _ in
            while true {
                let index = state.withLock { state -> Int in
                    defer { state.next += 1 }
                    return state.next
                }
                guard index < reads.count else { return }
                let read = reads[index]
                let clock = ContinuousClock()
                let start = clock.now
                let value = get(read.path, read.query)
                let elapsed = start.duration(to: clock.now)
                let ms = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
                state.withLock { $0.results[index] = (value, ms) }
            }
        }
        let all = state.withLock { $0.results }
        return Reads(names: reads.map(\.name), values: all.map(\.0), milliseconds: all.map(\.1))
    }

    /// Percent-encodes a query component or a path segment (unreserved characters kept).
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Reading the API's JSON in pages.
extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    var stringValue: String? {
        switch self {
        case .string(let text): text
        case .number(let text): text
        default: nil
        }
    }

    var items: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }

    /// The text of a member, `""` when absent or null.
    func text(_ key: String) -> String { self[key]?.stringValue ?? "" }
}
