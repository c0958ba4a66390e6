import API
import Foundation
import HTTPServer
import Postgres
import Store
import TestSupport
import XCTest

/// A real recur API server on an ephemeral port, backed by the test database, with tenants made for the test.
final class APITestServer {
    let pool: PostgresPool
    let environment: APIEnvironment
    let server: HTTPServer
    let tenants: TenantService
    private var created: [String] = []

    var port: Int { server.port }

    /// - Parameter serveDashboard: serve the dashboard's `/app` pages beside the API, as recur-server does.
    /// - Parameter maxConnections: the pool's size (1: every request on the same PostgreSQL backend).
    /// - Parameter autoReconcileLanes: connections auto-reconcile writes on at once (1: the request's transaction);
    ///   `autoReconcileChunkLines`: the lines of one of its chunks.
    init(
        keyCacheTTL: Duration = .milliseconds(300), secrets: SecretBox? = nil, serveDashboard: Bool = false,
        maxConnections: Int = 8, autoReconcileLanes: Int = 2, autoReconcileChunkLines: Int = ChunkWriters.defaultLinesPerChunk
    ) throws {
        pool = try TestDatabase.pool(maxConnections: maxConnections)
        let runner = MigrationRunner(migrations: try MigrationSet.locate())
        _ = try runner.run(pool: pool)
        environment = APIEnvironment(
            pool: pool, migrations: runner, metrics: MetricsRegistry(), keyCacheTTL: keyCacheTTL, secrets: secrets,
            autoReconcileLanes: autoReconcileLanes, autoReconcileChunkLines: autoReconcileChunkLines)
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.workerThreads = 8
        server = HTTPServer(
            configuration: configuration,
            router: serveDashboard ? RecurAPI.makeServerRouter(environment) : RecurAPI.makeRouter(environment),
            metrics: environment.metrics,
            logger: NullRequestLogger())
        tenants = environment.tenantService
        try server.start()
    }

    /// Creates a tenant with a unique slug; returns it with its first API key.
    func makeTenant(_ prefix: String = "api", timeZone: String = "Europe/Paris", currency: String = "EUR") throws
        -> CreatedTenant
    {
        let slug = TestDatabase.uniqueName(prefix).replacingOccurrences(of: "_", with: "-")
        let tenant = try tenants.create(
            TenantDraft(slug: slug, displayName: "Test \(slug)", timeZone: timeZone, currency: currency))
        created.append(slug)
        return tenant
    }

    func client() throws -> HTTPTestClient { try HTTPTestClient(port: port) }

    func stop() {
        server.shutdown()
        for slug in created { _ = try? tenants.delete(slug: slug) }
        pool.close()
    }
}

extension HTTPTestClient {
    /// `POST /v1/eod-runs` (answered 202 with the run recorded), then polls `GET /v1/eod-runs/{id}` until the run
    /// is no longer `running`; returns the finished run.
    func runEOD(asOf: String, headers: [String: String], timeout: TimeInterval = 60) throws -> [String: Any] {
        let started = try json("POST", "/v1/eod-runs", #"{"as_of":"\#(asOf)"}"#, headers: headers)
        guard started.status == 202, let id = started.json?["id"] as? String else {
            throw Failure(description: "POST /v1/eod-runs: \(started.status) \(started.text)")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let run = try request("GET", "/v1/eod-runs/\(id)", headers: headers)
            if let body = run.json, body["status"] as? String != "running" { return body }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw Failure(description: "EOD run \(id) still running after \(timeout) s")
    }
}

/// A test case that calls the API as one new tenant on a server of its own: `setUpWithError` starts the server, makes
/// the tenant (slug prefix ``tenantPrefix``) and a client with the tenant's key; `tearDown` stops the server. A subclass
/// that needs more set-up overrides `setUpWithError` and calls `super` first.
class TenantAPITestCase: XCTestCase, TenantAPICalls {
    var server: APITestServer!
    var client: HTTPTestClient!
    var auth: [String: String] = [:]
    /// The tenant made for the test and its first API key.
    var tenant: CreatedTenant!

    /// The slug prefix of the test's tenant.
    class var tenantPrefix: String { "api" }

    /// The tenant's schema, quoted for SQL the test runs itself.
    var schema: String { tenant.tenant.context.quotedSchemaName }

    override func setUpWithError() throws {
        server = try APITestServer()
        tenant = try server.makeTenant(Self.tenantPrefix)
        auth = ["Authorization": "Bearer \(tenant.apiKey.key)"]
        client = try server.client()
    }

    override func tearDown() { server?.stop() }
}

/// A test case that calls the API as one tenant: its client and that tenant's `Authorization` header.
protocol TenantAPICalls: AnyObject {
    var client: HTTPTestClient! { get }
    var auth: [String: String] { get }
}

extension TenantAPICalls {
    /// Sends a request (JSON when `body` is given) with the tenant's key, asserts its status, returns the JSON body.
    @discardableResult
    func call(
        _ method: String, _ path: String, _ body: String? = nil, headers: [String: String] = [:], expect status: Int,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> [String: Any] {
        let all = auth.merging(headers) { _, new in new }
        let response = try body.map { try client.json(method, path, $0, headers: all) } ?? client.request(method, path, headers: all)
        XCTAssertEqual(response.status, status, response.text, file: file, line: line)
        return response.json ?? [:]
    }

    /// The id of the tenant's account with `role` (`tax_payable`, `accounts_receivable`, …).
    func account(role: String) throws -> String {
        let accounts = try XCTUnwrap(try call("GET", "/v1/accounts", expect: 200)["data"] as? [[String: Any]])
        return try XCTUnwrap(accounts.first { $0["role"] as? String == role }?["id"] as? String)
    }

    /// A journal entry's lines as "account Dr|Cr amount", sorted.
    func entryLines(_ id: String) throws -> [String] {
        let entry = try call("GET", "/v1/journal-entries/\(id)", expect: 200)
        return (entry["lines"] as? [[String: Any]] ?? []).map { line in
            let debit = line["debit"] as? String ?? ""
            let account = line["account_id"] as? String ?? ""
            return debit != "0.00" ? "\(account) Dr \(debit)" : "\(account) Cr \(line["credit"] as? String ?? "")"
        }.sorted()
    }
}

/// The JSON pointers a problem's `errors` name, sorted.
func problemPointers(_ problem: [String: Any]) -> [String] { problemPointersInOrder(problem).sorted() }

/// The JSON pointers a problem's `errors` name, in the server's order.
func problemPointersInOrder(_ problem: [String: Any]) -> [String] {
    (problem["errors"] as? [[String: Any]] ?? []).compactMap { $0["pointer"] as? String }
}
