import Foundation
import Postgres
import TestSupport
import XCTest

/// The tenant directory through the real binaries and two real PostgreSQL clusters: `recur-admin cluster` and
/// placement, requests and EOD routed to each tenant's cluster, and the second cluster stopped (only its tenants
/// answer 503) then started again (they recover).
final class ClusterDirectoryTests: XCTestCase {
    private var server: RecurServerProcess?
    private var secondDatabase: (name: String, url: String)?

    override func tearDown() {
        server?.stop()
        // A failed test may have left it stopped: start it to drop the database, then stop it (nothing else uses it).
        if let secondDatabase { SecondCluster.dropDatabase(secondDatabase.name) }
        try? SecondCluster.stop()
    }

    private func adminJSON(_ arguments: [String]) throws -> Any {
        let result = try XCTUnwrap(server).admin(arguments + ["--json"])
        XCTAssertEqual(result.status, 0, "\(arguments): \(result)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    /// Creates a tenant (on `cluster`, or placed) and returns its cluster and API key.
    private func createTenant(_ slug: String, cluster: String? = nil) throws -> (cluster: String, key: String) {
        let created = try XCTUnwrap(
            adminJSON(["tenant", "create", slug, "--name", slug.capitalized] + (cluster.map { ["--cluster", $0] } ?? []))
                as? [String: Any])
        let tenant = try XCTUnwrap(created["tenant"] as? [String: Any])
        let key = try XCTUnwrap((created["api_key"] as? [String: Any])?["key"] as? String)
        return (try XCTUnwrap(tenant["cluster"] as? String), key)
    }

    private func call(_ method: String, _ path: String, _ body: String? = nil, key: String) throws -> HTTPTestClient.Response {
        try XCTUnwrap(server).call(method, path, body, key: key)
    }

    /// Runs `recur-worker` over both clusters.
    private func worker(_ arguments: [String], second: String) throws -> TestProcess.Result {
        try TestProcess.run(
            try TestProcess.executable(named: "recur-worker"), arguments,
            environment: ["DATABASE_URL": try XCTUnwrap(server).databaseURL, "RECUR_CLUSTER_SECOND_URL": second])
    }

    private func count(_ url: String, _ sql: String) throws -> Int {
        let rows = try PostgresConnection(url).query(sql)
        return try XCTUnwrap(rows.first).decode(Int.self, "n")
    }

    private func schemaExists(_ url: String, _ schema: String) throws -> Bool {
        try count(url, "SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = '\(schema)'") == 1
    }

    func testTenantsOnTwoClustersAreRoutedAndIsolatedWhenOneIsDown() throws {
        let second = try SecondCluster.createDatabase("recur_cluster2")
        secondDatabase = second
        server = try RecurServerProcess(databasePrefix: "recur_clusters", environment: ["RECUR_CLUSTER_SECOND_URL": second.url])
        let server = try XCTUnwrap(server)

        // The directory: the default cluster exists; a cluster without a connection string is refused.
        let missing = try server.admin(["cluster", "add", "third"])
        XCTAssertEqual(missing.status, 2, "\(missing)")
        XCTAssertTrue(missing.stderr.contains("RECUR_CLUSTER_THIRD_URL"), missing.stderr)
        _ = try adminJSON(["cluster", "add", "second"])
        XCTAssertEqual(try server.admin(["cluster", "add", "second"]).status, 1, "a duplicate is refused")

        // Placement: explicit, then the fewest tenants (ties by name), then a drained cluster skipped and refused.
        let alpha = try createTenant("alpha", cluster: "default")
        XCTAssertEqual(alpha.cluster, "default")
        let beta = try createTenant("beta")
        XCTAssertEqual(beta.cluster, "second", "the cluster with fewer tenants")
        let gamma = try createTenant("gamma")
        XCTAssertEqual(gamma.cluster, "default", "a tie goes to the first name")
        _ = try adminJSON(["cluster", "drain", "second"])
        XCTAssertEqual(try createTenant("delta").cluster, "default", "a drained cluster takes no new tenant")
        let refused = try server.admin(["tenant", "create", "epsilon", "--name", "Epsilon", "--cluster", "second"])
        XCTAssertEqual(refused.status, 1, "\(refused)")
        XCTAssertTrue(refused.stderr.contains("drained"), refused.stderr)
        _ = try adminJSON(["cluster", "drain", "second", "--undo"])
        let listed = try XCTUnwrap(adminJSON(["cluster", "list"]) as? [[String: Any]])
        XCTAssertEqual(listed.map { $0["name"] as? String }, ["default", "second"])
        XCTAssertEqual(listed.map { $0["tenants"] as? Int }, [3, 1])

        // The schemas are where the directory says, and only there.
        XCTAssertTrue(try schemaExists(second.url, "tenant_beta"))
        XCTAssertFalse(try schemaExists(server.databaseURL, "tenant_beta"))
        XCTAssertTrue(try schemaExists(server.databaseURL, "tenant_alpha"))
        XCTAssertFalse(try schemaExists(second.url, "tenant_alpha"))

        // Requests: a customer and a monthly invoice since January for alpha (default) and beta (second).
        for key in [alpha.key, beta.key] {
            try server.postMonthlyInvoice(key: key)
        }
        XCTAssertEqual(try count(second.url, "SELECT count(*)::int AS n FROM tenant_beta.parties"), 1)
        XCTAssertEqual(try count(server.databaseURL, "SELECT count(*)::int AS n FROM tenant_alpha.parties"), 1)

        // Control rows written by a tenant elsewhere go to the control cluster: its row, its users' sessions.
        let renamed = try call("PATCH", "/v1/tenant", #"{"name":"Beta Renamed"}"#, key: beta.key)
        XCTAssertEqual(renamed.status, 200, renamed.text)
        let shown = try XCTUnwrap(adminJSON(["tenant", "show", "beta"]) as? [String: Any])
        XCTAssertEqual(shown["display_name"] as? String, "Beta Renamed")
        let user = try call(
            "POST", "/v1/users", #"{"email":"ann@example.com","name":"Ann","role":"accountant","password":"a long enough password"}"#,
            key: beta.key)
        XCTAssertEqual(user.status, 201, user.text)
        let userID = try XCTUnwrap((user.json?["user"] as? [String: Any])?["id"] as? Int)
        let login = try HTTPTestClient(port: server.port).json(
            "POST", "/v1/sessions", #"{"tenant":"beta","email":"ann@example.com","password":"a long enough password"}"#)
        XCTAssertEqual(login.status, 201, login.text)
        let cookie = try XCTUnwrap(login.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        let bySession = try HTTPTestClient(port: server.port).request("GET", "/v1/parties", headers: ["Cookie": cookie])
        XCTAssertEqual(bySession.status, 200, bySession.text)
        let sessions = "SELECT count(*)::int AS n FROM recur_control.sessions s JOIN recur_control.tenants t ON t.id = s.tenant_id WHERE t.slug = 'beta'"
        XCTAssertEqual(try count(server.databaseURL, sessions), 1)
        let disabled = try call("PATCH", "/v1/users/\(userID)", #"{"disabled":true}"#, key: beta.key)
        XCTAssertEqual(disabled.status, 200, disabled.text)
        XCTAssertEqual(try count(server.databaseURL, sessions), 0, "disabling the user ended its sessions")
        XCTAssertEqual(try HTTPTestClient(port: server.port).request("GET", "/v1/parties", headers: ["Cookie": cookie]).status, 401)

        // EOD over every cluster: one worker posts both tenants' invoices, each on its own cluster.
        let eod = try worker(["eod", "--as-of", "2026-03-31"], second: second.url)
        XCTAssertEqual(eod.status, 0, "\(eod)")
        XCTAssertEqual(try count(second.url, "SELECT count(*)::int AS n FROM tenant_beta.invoices"), 3)
        XCTAssertEqual(try count(server.databaseURL, "SELECT count(*)::int AS n FROM tenant_alpha.invoices"), 3)
        XCTAssertEqual(
            try count(server.databaseURL, "SELECT count(*)::int AS n FROM recur_control.eod_runs WHERE status = 'succeeded'"), 4,
            "the run log of every tenant, on the control cluster")

        // The documents pass over every cluster: each tenant's PDFs kept in its own schema, on its own cluster.
        let documents = try worker(["documents"], second: second.url)
        XCTAssertEqual(documents.status, 0, "\(documents)")
        XCTAssertEqual(try count(second.url, "SELECT count(*)::int AS n FROM tenant_beta.invoice_documents WHERE format = 'pdf'"), 3)
        XCTAssertEqual(try count(server.databaseURL, "SELECT count(*)::int AS n FROM tenant_alpha.invoice_documents WHERE format = 'pdf'"), 3)

        // The second cluster down: only its tenant answers 503 (problem+json, Retry-After); the others 200.
        try SecondCluster.stop()
        let down = try call("GET", "/v1/parties", key: beta.key)
        XCTAssertEqual(down.status, 503, down.text)
        XCTAssertTrue(down.headers["content-type"]?.hasPrefix("application/problem+json") == true, "\(down.headers)")
        XCTAssertNotNil(down.headers["retry-after"])
        for key in [alpha.key, gamma.key] { XCTAssertEqual(try call("GET", "/v1/parties", key: key).status, 200) }
        XCTAssertEqual(try call("GET", "/readyz", key: alpha.key).status, 200, "the control cluster is what readiness needs")
        let metrics = try call("GET", "/metrics", key: alpha.key).text
        XCTAssertTrue(metrics.contains("db_cluster_pool_connections_open{cluster=\"second\"}"), metrics)

        // EOD with the second cluster down: the default cluster's tenants are posted, its tenant is reported failed.
        let eodDown = try worker(["eod", "--as-of", "2026-04-30", "--retry-for", "0"], second: second.url)
        XCTAssertNotEqual(eodDown.status, 0, "\(eodDown)")
        XCTAssertTrue(eodDown.stdout.contains("3 completed, 1 failed"), "\(eodDown)")
        XCTAssertEqual(try count(server.databaseURL, "SELECT count(*)::int AS n FROM tenant_alpha.invoices"), 4)

        // Back: the tenant recovers without a restart of the server, and the next pass posts it.
        try SecondCluster.start()
        let back = try call("GET", "/v1/parties", key: beta.key)
        XCTAssertEqual(back.status, 200, back.text)
        XCTAssertEqual((back.json?["data"] as? [Any])?.count, 1)
        let eodBack = try worker(["eod", "--as-of", "2026-04-30"], second: second.url)
        XCTAssertEqual(eodBack.status, 0, "\(eodBack)")
        XCTAssertEqual(try count(second.url, "SELECT count(*)::int AS n FROM tenant_beta.invoices"), 4)
        XCTAssertEqual(try count(server.databaseURL, "SELECT count(*)::int AS n FROM tenant_alpha.invoices"), 4)
    }
}
