import Foundation
import HTTPServer
import Postgres
import Store
import Synchronization

/// `/healthz`, `/readyz`, `/metrics` and `/openapi.json`: no API key needed.
enum OperationalRoutes {
    static let operations: [OpenAPIOperation] = [
        OpenAPIOperation(
            "GET", "/healthz", id: "getHealth", summary: "The process is alive", tag: "Operations",
            requiresAuth: false, response: "Health"),
        OpenAPIOperation(
            "GET", "/readyz", id: "getReadiness", summary: "The database is reachable and every migration applied",
            tag: "Operations", requiresAuth: false, response: "Readiness", errors: [503]),
        OpenAPIOperation(
            "GET", "/metrics", id: "getMetrics", summary: "Prometheus metrics (text exposition format)",
            tag: "Operations", requiresAuth: false, response: "MetricsText", mediaType: "text/plain"),
        OpenAPIOperation(
            "GET", "/openapi.json", id: "getOpenAPI", summary: "This document", tag: "Operations",
            requiresAuth: false, response: "OpenAPIDocument"),
    ]

    static let schemas: [String: String] = [
        "MetricsText": #"{"type":"string"}"#,
        "CSVText": #"{"type":"string","description":"RFC 4180 CSV with a header row, UTF-8 with a byte-order mark"}"#,
        "OpenAPIDocument": #"{"type":"object"}"#,
    ]

    static func register(on router: inout Router, environment: APIEnvironment, openAPI: [UInt8]) {
        let healthy = Response.json(bytes: Array(#"{"status":"ok"}"#.utf8))
        router.get("/healthz", inline: true) { _ in healthy }

        let readiness = ReadinessCheck(environment: environment)
        router.get("/readyz") { _ in readiness.response() }

        let metrics = environment.metrics
        let pool = environment.pool
        metrics.registerGauge("db_pool_connections_in_use", help: "Database connections lent out") {
            Double(pool.statistics.inUse)
        }
        metrics.registerGauge("db_pool_connections_open", help: "Database connections open") {
            Double(pool.statistics.open)
        }
        metrics.registerGauge("db_pool_waiting", help: "Requests waiting for a database connection") {
            Double(pool.statistics.waiting)
        }
        metrics.registerCounter("db_pool_acquire_timeouts_total", help: "Acquires that timed out") {
            Double(pool.statistics.timeouts)
        }
        metrics.registerCounter("db_pool_connections_retired_total", help: "Connections closed after their tenant or memory limit") {
            Double(pool.statistics.retired)
        }
        // Tenant borrows by how they met a backend (docs/tenancy.md, "Tenant affinity"): their own slot, another
        // connection that had served the tenant, or a cold one.
        let outcomes: [(String, @Sendable (PostgresPool.Statistics) -> Int)] = [
            ("slot", { $0.affinityHits }), ("warm", { $0.affinityWarm }), ("cold", { $0.affinityCold }),
        ]
        for (outcome, count) in outcomes {
            metrics.registerCounter(
                "db_pool_affinity_borrows_total", help: "Tenant borrows by the connection they met",
                labels: [("outcome", outcome)]
            ) { Double(count(pool.statistics)) }
        }
        // The tenant directory's other clusters (docs/scaling.md): their pools open on first use, so 0 until then.
        let clusters = environment.tenants.clusters
        for name in clusters.connections.names {
            let labels = [("cluster", name)]
            let statistics = { @Sendable in clusters.openedPools[name]?.statistics }
            metrics.registerGauge("db_cluster_pool_connections_in_use", help: "Connections lent out, per other cluster", labels: labels) {
                Double(statistics()?.inUse ?? 0)
            }
            metrics.registerGauge("db_cluster_pool_connections_open", help: "Connections open, per other cluster", labels: labels) {
                Double(statistics()?.open ?? 0)
            }
            metrics.registerGauge("db_cluster_pool_waiting", help: "Requests waiting for a connection, per other cluster", labels: labels) {
                Double(statistics()?.waiting ?? 0)
            }
        }
        router.get("/metrics", inline: true) { _ in .metrics(metrics) }

        let document = Response.json(bytes: openAPI)
        router.get("/openapi.json", inline: true) { _ in document }
    }
}

/// Answers `/readyz`, remembering the answer for a second so that probes cost little.
final class ReadinessCheck: Sendable {
    private let environment: APIEnvironment
    private let cached = Mutex<(Response, ContinuousClock.Instant)?>(nil)

    init(environment: APIEnvironment) {
        self.environment = environment
    }

    func response() -> Response {
        let now = ContinuousClock.now
        if let (response, at) = cached.withLock({ $0 }), now - at < .seconds(1) { return response }
        let response = check()
        cached.withLock { $0 = (response, now) }
        return response
    }

    private func check() -> Response {
        let plan: MigrationPlan
        do {
            plan = try environment.pool.withConnection { try environment.migrations.plan(on: $0) }
        } catch {
            return Response.json(status: .serviceUnavailable) { w in
                w.object { w in
                    w.key("status"); w.string("not_ready")
                    w.key("database"); w.string("unreachable")
                    w.key("migrations"); w.string("unknown")
                }
            }
        }
        let ready = plan.isUpToDate && plan.checksumMismatches.isEmpty
        return Response.json(status: ready ? .ok : .serviceUnavailable) { w in
            w.object { w in
                w.key("status"); w.string(ready ? "ready" : "not_ready")
                w.key("database"); w.string("ok")
                w.key("migrations"); w.string(ready ? "current" : (plan.checksumMismatches.isEmpty ? "pending" : "changed"))
                w.key("pending_tenants"); w.int(plan.tenants.count)
            }
        }
    }
}
