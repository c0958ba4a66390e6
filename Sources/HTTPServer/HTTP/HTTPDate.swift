#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Wall-clock helpers: IMF-fixdate for `Date` (cached per second) and ISO 8601 for logs, without Foundation.
enum HTTPDate {
    private static let cache = Mutex<(second: Int, bytes: [UInt8])>((-1, []))
    private static let days: [String] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months: [String] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Current wall time as seconds and nanoseconds since the epoch.
    static func now() -> (seconds: Int, nanoseconds: Int) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return (ts.tv_sec, ts.tv_nsec)
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT` for the current second.
    static func imfFixdate() -> [UInt8] {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &ts)
        let second = ts.tv_sec
        return cache.withLock { cached in
            if cached.second == second { return cached.bytes }
            let bytes = Array(format(second).utf8)
            cached = (second, bytes)
            return bytes
        }
    }

    private static func breakDown(_ seconds: Int) -> tm {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        return parts
    }

    private static func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }

    static func format(_ seconds: Int) -> String {
        let p = breakDown(seconds)
        return "\(days[Int(p.tm_wday) % 7]), \(two(p.tm_mday)) \(months[Int(p.tm_mon) % 12]) \(p.tm_year + 1900) "
            + "\(two(p.tm_hour)):\(two(p.tm_min)):\(two(p.tm_sec)) GMT"
    }

    /// `2025-01-31T12:34:56.789Z`.
    static func iso8601(seconds: Int, nanoseconds: Int) -> String {
        let p = breakDown(seconds)
        let ms = nanoseconds / 1_000_000
        let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(p.tm_year + 1900)-\(two(p.tm_mon + 1))-\(two(p.tm_mday))T"
            + "\(two(p.tm_hour)):\(two(p.tm_min)):\(two(p.tm_sec)).\(msText)Z"
    }
}
