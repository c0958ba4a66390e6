#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// One finished request, as logged.
public struct RequestLogEntry: Sendable {
    /// Wall time when the response was ready (seconds, nanoseconds since the epoch).
    public var timeSeconds: Int
    public var timeNanoseconds: Int
    /// Set by the handler through ``RequestContext/tenant``.
    public var tenant: String?
    public var method: String
    public var path: String
    public var status: Int
    public var durationNanoseconds: UInt64
    public var requestID: String
    public var remoteAddress: String

    /// The entry as one JSON line (no trailing newline).
    public var jsonLine: [UInt8] {
        var cache = TimePrefixCache()
        var line: [UInt8] = []
        appendJSONLine(to: &line, cache: &cache)
        return line
    }

    /// Caches `YYYY-MM-DDTHH:MM:SS.` for the last second formatted.
    struct TimePrefixCache {
        var second = Int.min
        var prefix: [UInt8] = []
    }

    /// Appends the JSON line to `buffer`.
    func appendJSONLine(to buffer: inout [UInt8], cache: inout TimePrefixCache) {
        if cache.second != timeSeconds {
            cache.second = timeSeconds
            cache.prefix = Array(HTTPDate.iso8601(seconds: timeSeconds, nanoseconds: 0).utf8.dropLast(4))
        }
        var w = JSONWriter(taking: &buffer)
        w.beginObject()
        w.key("time")
        var time = cache.prefix
        time.reserveCapacity(time.count + 4)
        appendPadded(timeNanoseconds / 1_000_000, to: &time)
        time.append(0x5A)
        w.plainString(bytes: time)
        w.key("level"); w.string("info")
        w.key("tenant"); if let tenant { w.string(tenant) } else { w.null() }
        w.key("method"); w.string(method)
        w.key("path"); w.string(path)
        w.key("status"); w.int(status)
        let micros = Int(durationNanoseconds / 1000)
        var duration: [UInt8] = []
        duration.reserveCapacity(16)
        ASCII.appendDecimal(micros / 1000, to: &duration)
        duration.append(0x2E)
        appendPadded(micros % 1000, to: &duration)
        w.key("duration_ms"); w.number(bytes: duration)
        w.key("request_id"); w.string(requestID)
        w.key("remote"); w.string(remoteAddress)
        w.endObject()
        buffer = w.takeBytes()
    }

    /// Three digits, zero-padded.
    private func appendPadded(_ value: Int, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: 0x30 + value / 100 % 10))
        bytes.append(UInt8(truncatingIfNeeded: 0x30 + value / 10 % 10))
        bytes.append(UInt8(truncatingIfNeeded: 0x30 + value % 10))
    }
}

/// Receives one entry per request and server-side error details. Called from event-loop and worker
/// threads, so implementations must be cheap and thread-safe.
public protocol RequestLogger: Sendable {
    func log(_ entry: RequestLogEntry)
    /// Details of an unexpected error, never sent to the client.
    func logError(_ message: String, requestID: String)
    /// Writes out anything buffered (called at shutdown).
    func flush()
}

/// Discards everything.
public struct NullRequestLogger: RequestLogger {
    public init() {}
    public func log(_ entry: RequestLogEntry) {}
    public func logError(_ message: String, requestID: String) {}
    public func flush() {}
}

/// Writes JSON lines to a file descriptor (stdout by default) from a background thread.
///
/// Callers only append the entry to a locked buffer; formatting and `write(2)` happen off the hot path,
/// every `flushInterval`. Past `maxPending` buffered entries, new ones are dropped and counted.
public final class StdoutRequestLogger: RequestLogger {
    private enum Item: Sendable {
        case request(RequestLogEntry)
        case error(String, requestID: String, seconds: Int, nanoseconds: Int)
    }

    private struct Pending: Sendable {
        var items: [Item] = []
        var dropped = 0
    }

    private let pending = Mutex(Pending())
    private let writeLock = Mutex(())
    private let fileDescriptor: Int32
    private let maxPending: Int

    /// - Parameters:
    ///   - fileDescriptor: where lines go (1 = stdout).
    ///   - flushInterval: how often the background thread writes.
    public init(fileDescriptor: Int32 = 1, flushInterval: Duration = .milliseconds(100), maxPending: Int = 50_000) {
        self.fileDescriptor = fileDescriptor
        self.maxPending = maxPending
        let micros = useconds_t(max(1000, flushInterval.nanoseconds / 1000))
        let thread = Thread { [weak self] in
            while true {
                usleep(micros)
                guard let logger = self else { return }
                logger.flush()
            }
        }
        thread.name = "recur-request-log"
        thread.start()
    }

    public func log(_ entry: RequestLogEntry) {
        append(.request(entry))
    }

    public func logError(_ message: String, requestID: String) {
        let now = HTTPDate.now()
        append(.error(message, requestID: requestID, seconds: now.seconds, nanoseconds: now.nanoseconds))
    }

    private func append(_ item: Item) {
        pending.withLock { p in
            if p.items.count < maxPending {
                p.items.append(item)
            } else {
                p.dropped += 1
            }
        }
    }

    public func flush() {
        writeLock.withLock { _ in
            let (items, dropped) = pending.withLock { p -> ([Item], Int) in
                let taken = (p.items, p.dropped)
                p.items = []
                p.items.reserveCapacity(taken.0.count)
                p.dropped = 0
                return taken
            }
            guard !items.isEmpty || dropped > 0 else { return }
            var out: [UInt8] = []
            out.reserveCapacity(items.count * 220)
            var cache = RequestLogEntry.TimePrefixCache()
            for item in items {
                switch item {
                case .request(let entry):
                    entry.appendJSONLine(to: &out, cache: &cache)
                case .error(let message, let requestID, let seconds, let nanoseconds):
                    var w = JSONWriter()
                    w.beginObject()
                    w.key("time"); w.string(HTTPDate.iso8601(seconds: seconds, nanoseconds: nanoseconds))
                    w.key("level"); w.string("error")
                    w.key("message"); w.string(message)
                    w.key("request_id"); w.string(requestID)
                    w.endObject()
                    out.append(contentsOf: w.bytes)
                }
                out.append(0x0A)
            }
            if dropped > 0 {
                out.append(contentsOf: "{\"level\":\"warning\",\"message\":\"request log dropped \(dropped) entries\"}\n".utf8)
            }
            out.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(fileDescriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                    if n <= 0 {
                        if n < 0 && errno == EINTR { continue }
                        return
                    }
                    offset += n
                }
            }
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating at `Int.max`).
    var nanoseconds: Int {
        let (seconds, attoseconds) = components
        let (s, overflow) = Int(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : s + Int(attoseconds / 1_000_000_000)
    }
}
