import Synchronization

/// Request counters, latency histograms and pluggable gauges, rendered in the Prometheus text format (0.0.4).
///
/// The server records `http_requests_total{route,method,status}`, `http_request_duration_seconds{route}` and
/// `http_open_connections`. Other modules add gauges, and counters they keep themselves (values that only grow):
/// ```swift
/// metrics.registerGauge("db_pool_connections_in_use", help: "Connections checked out.") { Double(pool.inUse) }
/// metrics.registerCounter("db_pool_acquire_timeouts_total", help: "Acquires that timed out.") { Double(pool.timeouts) }
/// ```
public final class MetricsRegistry: Sendable {
    /// Histogram bucket upper bounds in seconds.
    public static let defaultBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct CounterKey: Hashable, Sendable {
        var route: String
        var method: String
        var status: Int
    }

    private struct Histogram: Sendable {
        var counts: [Int]
        var sum: Double = 0
        var count = 0

        mutating func record(_ bucket: Int, _ seconds: Double) {
            counts[bucket] += 1
            sum += seconds
            count += 1
        }
    }

    private struct Gauge: Sendable {
        var name: String
        /// The Prometheus type: `gauge`, or `counter` for a value that only grows.
        var type: String
        var help: String
        var labels: [(String, String)]
        var read: @Sendable () -> Double
    }

    private struct State: Sendable {
        var counters: [CounterKey: Int] = [:]
        var histograms: [String: Histogram] = [:]
        var gauges: [Gauge] = []
    }

    private let buckets: [Double]
    private let state = Mutex(State())

    public init(buckets: [Double] = MetricsRegistry.defaultBuckets) {
        self.buckets = buckets.sorted()
    }

    /// Counts one request and observes its duration.
    public func recordRequest(route: String, method: String, status: Int, seconds: Double) {
        var bucket = buckets.count
        for (index, bound) in buckets.enumerated() where seconds <= bound {
            bucket = index
            break
        }
        let bucketCount = buckets.count
        state.withLock { s in
            s.counters[CounterKey(route: route, method: method, status: status), default: 0] += 1
            s.histograms[route, default: Histogram(counts: Array(repeating: 0, count: bucketCount + 1))].record(bucket, seconds)
        }
    }

    /// Registers (or replaces, for the same name and labels) a gauge read at each scrape.
    /// - Parameters:
    ///   - name: a Prometheus metric name, e.g. `db_pool_waiting`.
    ///   - read: called while rendering; must be cheap and must not call back into this registry.
    public func registerGauge(_ name: String, help: String, labels: [(String, String)] = [],
                              _ read: @escaping @Sendable () -> Double) {
        register(Gauge(name: name, type: "gauge", help: help, labels: labels, read: read))
    }

    /// Registers (or replaces) a counter kept elsewhere and read at each scrape: like ``registerGauge(_:help:labels:_:)``
    /// but typed `counter` (the value only grows; its name ends in `_total`).
    public func registerCounter(_ name: String, help: String, labels: [(String, String)] = [],
                                _ read: @escaping @Sendable () -> Double) {
        register(Gauge(name: name, type: "counter", help: help, labels: labels, read: read))
    }

    private func register(_ gauge: Gauge) {
        state.withLock { s in
            s.gauges.removeAll { $0.name == gauge.name && $0.labels.elementsEqual(gauge.labels, by: ==) }
            s.gauges.append(gauge)
        }
    }

    /// How many requests were counted for this label set.
    public func requestCount(route: String, method: String, status: Int) -> Int {
        state.withLock { $0.counters[CounterKey(route: route, method: method, status: status)] ?? 0 }
    }

    /// The Prometheus exposition text.
    public func render() -> String {
        let (counters, histograms, gauges) = state.withLock { ($0.counters, $0.histograms, $0.gauges) }
        var out = "# HELP http_requests_total HTTP requests by route, method and status.\n# TYPE http_requests_total counter\n"
        for (key, value) in counters.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "http_requests_total{route=\"\(escape(key.route))\",method=\"\(escape(key.method))\",status=\"\(key.status)\"} \(value)\n"
        }
        out += "# HELP http_request_duration_seconds Time from request head to response ready.\n# TYPE http_request_duration_seconds histogram\n"
        for (route, h) in histograms.sorted(by: { $0.key < $1.key }) {
            let label = escape(route)
            var cumulative = 0
            for (index, bound) in buckets.enumerated() {
                cumulative += h.counts[index]
                out += "http_request_duration_seconds_bucket{route=\"\(label)\",le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "http_request_duration_seconds_bucket{route=\"\(label)\",le=\"+Inf\"} \(h.count)\n"
            out += "http_request_duration_seconds_sum{route=\"\(label)\"} \(h.sum)\n"
            out += "http_request_duration_seconds_count{route=\"\(label)\"} \(h.count)\n"
        }
        var described = Set<String>()
        for gauge in gauges {
            if described.insert(gauge.name).inserted {
                out += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) \(gauge.type)\n"
            }
            let labels = gauge.labels.isEmpty ? ""
                : "{" + gauge.labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
            out += "\(gauge.name)\(labels) \(format(gauge.read()))\n"
        }
        return out
    }

    private func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    private func escape(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var out = ""
        for c in value {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}

extension Response {
    /// The registry's Prometheus text (`text/plain; version=0.0.4`), for an inline `/metrics` route.
    public static func metrics(_ registry: MetricsRegistry) -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                 body: Array(registry.render().utf8))
    }
}
