import Foundation
import Postgres
import Store
import StoreTestSupport
import TestSupport
import XCTest

/// The tenants' functions and trigger functions live once, in `recur_shared` (control migration 0009, tenant
/// migration 0046): a tenant schema holds none, its triggers and checks call the shared copies, and those resolve
/// their unqualified table names through the transaction's search path, so two tenants served in turn by one
/// pooled connection each read and write only their own tables.
final class SharedFunctionTests: XCTestCase {
    private var fixture: StoreFixture!

    override func setUpWithError() throws {
        fixture = try StoreFixture(maxConnections: 1)
    }

    override func tearDown() {
        fixture?.tearDown()
    }

    private static let addEndpoint = PostgresStatement(
        "shared_test_endpoint",
        """
        INSERT INTO webhook_endpoints (url, event_types, secret)
        VALUES ($1, ARRAY['task.due'], 'whsec_' || repeat('a', 43)) RETURNING id::text AS id
        """)
    /// An outbox row: `webhooks_fan_out` (a statement trigger over the transition table) writes its deliveries.
    private static let notify = PostgresStatement(
        "shared_test_notify",
        """
        INSERT INTO notification_outbox (kind, dedupe_key, subject, body)
        VALUES ('task_due', $1, 'due', 'a task is due') RETURNING id::text AS id
        """)
    private static let deliveries = PostgresStatement(
        "shared_test_deliveries",
        """
        SELECT count(*) AS total,
               count(*) FILTER (WHERE d.endpoint_id::text <> $1 OR o.id IS NULL) AS foreign
        FROM webhook_deliveries d LEFT JOIN notification_outbox o ON o.id = d.event_id
        """)
    private static let addVendor = PostgresStatement(
        "shared_test_vendor",
        """
        INSERT INTO parties (kind, name, control_account_id, currency)
        SELECT 'vendor', 'Shared test', id, 'EUR' FROM accounts WHERE role = 'accountsPayable'
        RETURNING id::text AS id
        """)
    /// A shared function that is not a trigger (compiled once per backend, not per trigger): its cached plan must
    /// follow the search path.
    private static let missingParty = PostgresStatement(
        "shared_test_missing_party", "SELECT recur_shared.refs_missing_party(ARRAY[$1::uuid])::text AS missing")

    func testTwoTenantsTriggersOnOnePooledConnectionWriteToTheirOwnSchemas() throws {
        let tenants = try [fixture.draft("sh-a"), fixture.draft("sh-b")].map { try fixture.tenants.create($0).tenant.context }
        let endpoints = try tenants.map { tenant in
            try fixture.database.transaction(tenant) { connection in
                try XCTUnwrap(try connection.query(Self.addEndpoint, ["https://\(tenant.slug).example/hook"]).first)
                    .decode(String.self, "id")
            }
        }
        let vendors = try tenants.map { tenant in
            try fixture.database.transaction(tenant) { connection in
                try XCTUnwrap(try connection.query(Self.addVendor).first).decode(String.self, "id")
            }
        }
        var written = [0, 0]
        for round in 0..<40 {
            let side = round % 2
            let tenant = tenants[side]
            try fixture.database.transaction(tenant) { connection in
                _ = try connection.query(Self.notify, ["round-\(round)"])
                written[side] += 1
                let row = try XCTUnwrap(try connection.query(Self.deliveries, [endpoints[side]]).first)
                XCTAssertEqual(try row.decode(Int.self, "total"), written[side], "round \(round): \(tenant.slug)'s deliveries")
                XCTAssertEqual(try row.decode(Int.self, "foreign"), 0, "round \(round): a delivery of another tenant")
                // The same compiled function, called for each tenant in turn: its own vendor exists, the other's not.
                let own = try connection.query(Self.missingParty, [vendors[side]]).first?.decode(String?.self, "missing")
                let other = try connection.query(Self.missingParty, [vendors[1 - side]]).first?.decode(String?.self, "missing")
                XCTAssertNil(own ?? nil, "round \(round): the tenant's own vendor resolved in its schema")
                XCTAssertEqual(other ?? nil, vendors[1 - side], "round \(round): the other tenant's vendor is not seen")
            }
        }
        XCTAssertEqual(fixture.pool.statistics.open, 1, "one connection served both tenants")
        // Seen from outside any tenant: each schema holds exactly its own deliveries.
        for (side, tenant) in tenants.enumerated() {
            let row = try XCTUnwrap(
                try fixture.query(
                    "SELECT count(*) AS n, count(DISTINCT endpoint_id) AS e, min(endpoint_id::text) AS id FROM \(tenant.quotedSchemaName).webhook_deliveries"
                ).first)
            XCTAssertEqual(try row.decode(Int.self, "n"), 20)
            XCTAssertEqual(try row.decode(Int.self, "e"), 1)
            XCTAssertEqual(try row.decode(String.self, "id"), endpoints[side])
        }
    }

    func testATriggerFiredOnAnotherSchemaThanTheSearchPathIsRefused() throws {
        let tenants = try [fixture.draft("sh-c"), fixture.draft("sh-d")].map { try fixture.tenants.create($0).tenant.context }
        let other = tenants[1]
        XCTAssertThrowsError(
            try fixture.database.transaction(tenants[0]) { connection in
                // Hand-written qualified SQL into the other tenant's table, from the first tenant's transaction.
                try connection.execute(
                    "INSERT INTO \(other.quotedSchemaName).notification_outbox (kind, dedupe_key, subject, body) VALUES ('task_due', 'x', 's', 'b')")
            }
        ) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState?.rawValue, "42501", "\(error)")
        }
        let count = try fixture.query("SELECT count(*) AS n FROM \(other.quotedSchemaName).notification_outbox").first?
            .decode(Int.self, "n")
        XCTAssertEqual(count, 0, "nothing written")
    }

    func testATenantSchemaHoldsNoFunctionAndItsTriggersCallTheSharedOnes() throws {
        let tenant = try fixture.tenants.create(fixture.draft("sh-e")).tenant.context
        let row = try XCTUnwrap(
            try fixture.query(
                """
                SELECT (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                        WHERE n.nspname = $1) AS own_functions,
                       count(*) AS triggers,
                       count(*) FILTER (WHERE fn.nspname = 'recur_shared') AS shared,
                       count(*) FILTER (WHERE p.prosecdef OR p.proconfig IS NOT NULL) AS pinned
                FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace fn ON fn.oid = p.pronamespace
                WHERE n.nspname = $1 AND NOT t.tgisinternal
                """, [tenant.schemaName]
            ).first)
        XCTAssertEqual(try row.decode(Int.self, "own_functions"), 0)
        XCTAssertGreaterThan(try row.decode(Int.self, "triggers"), 40)
        XCTAssertEqual(try row.decode(Int.self, "shared"), try row.decode(Int.self, "triggers"))
        XCTAssertEqual(try row.decode(Int.self, "pinned"), 0, "no SECURITY DEFINER, no search_path of their own")
        let definers = try fixture.query(
            """
            SELECT count(*) AS n FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'recur_shared' AND (p.prosecdef OR p.proconfig IS NOT NULL)
            """
        ).first?.decode(Int.self, "n")
        XCTAssertEqual(definers, 0, "no shared function is SECURITY DEFINER or pins a search path")
    }
}
