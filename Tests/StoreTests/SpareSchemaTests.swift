import Foundation
import Postgres
@testable import Store
import StoreTestSupport
import Synchronization
import TestSupport
import XCTest

/// Spare tenant schemas (issue 28): creation renames one built ahead of time; the result is the same tenant.
final class SpareSchemaTests: XCTestCase {
    private var fixture: StoreFixture!

    override func setUpWithError() throws {
        fixture = try StoreFixture()
    }

    override func tearDown() {
        fixture?.tearDown()
    }

    private var spares: SpareSchemas { fixture.tenants.spares }

    private func spareNames() throws -> [String] {
        try fixture.query("SELECT schema_name FROM \(fixture.table("spare_schemas")) ORDER BY created_at").map {
            try $0.decode(String.self, "schema_name")
        }
    }

    /// Each function's name and `proconfig`, the schema's own name written as `<schema>`.
    private func functions(of schema: String) throws -> [String] {
        try fixture.query(
            """
            SELECT p.proname || ' ' || coalesce(replace(array_to_string(p.proconfig, ','), $1, '<schema>'), '-') AS f
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 ORDER BY 1
            """, [schema]
        ).map { try $0.decode(String.self, "f") }
    }

    func testCreationRenamesASpareAndTheTenantIsTheSameAsABuiltOne() throws {
        XCTAssertEqual(try spares.fill(upTo: 2), 2)
        XCTAssertEqual(try spares.fill(upTo: 2), 0)
        XCTAssertEqual(try spares.count(), 2)
        let oldest = try XCTUnwrap(try spareNames().first)

        var draft = fixture.draft("spare")
        draft.settings = ["test.greeting": #""hello""#]
        let created = try fixture.tenants.create(draft)
        let schema = created.tenant.context.schemaName
        XCTAssertEqual(try spares.count(), 1)
        XCTAssertFalse(try spareNames().contains(oldest))
        XCTAssertFalse(try fixture.schemaExists(oldest))
        XCTAssertTrue(try fixture.schemaExists(schema))

        // Its migration records moved with it: nothing pending, nothing left under the spare's name.
        let recorded = try fixture.query(
            "SELECT count(*) AS n FROM \(fixture.table("schema_migrations")) WHERE schema_name = $1", [schema])
        XCTAssertEqual(try recorded.first?.decode(Int.self, "n"), fixture.migrations.tenant.count)
        let left = try fixture.query(
            "SELECT count(*) AS n FROM \(fixture.table("schema_migrations")) WHERE schema_name = $1", [oldest])
        XCTAssertEqual(try left.first?.decode(Int.self, "n"), 0)
        let plan = try fixture.pool.withConnection {
            try MigrationRunner(migrations: fixture.migrations, control: fixture.control).plan(on: $0)
        }
        XCTAssertTrue(plan.isUpToDate)

        // Same functions, same captured search_path (now the tenant's), as a tenant built without a spare.
        _ = try spares.dropAll()
        let built = try fixture.tenants.create(fixture.draft("built")).tenant.context.schemaName
        let renamed = try functions(of: schema)
        XCTAssertEqual(renamed, try functions(of: built))
        // Since tenant migration 0046 a tenant's functions live in recur_shared (SharedFunctionTests); one a later
        // tenant migration creates in the tenant's schema, pinned with SET search_path FROM CURRENT, is re-pinned.
        XCTAssertTrue(
            renamed.allSatisfy { !$0.contains("search_path=") || $0.contains("search_path=\"<schema>\"") }, "\(renamed)")
        XCTAssertFalse(renamed.contains { $0.contains("recur_spare_") }, "\(renamed)")

        // The seed went in, and the first key works.
        try fixture.database.transaction(created.tenant.context) { connection in
            let greeting = try connection.query(
                "SELECT value #>> '{}' AS v FROM tenant_settings WHERE key = 'test.greeting'"
            ).first?.decode(String.self, "v")
            XCTAssertEqual(greeting, "hello")
        }
        guard case .valid = try fixture.keys.verify(created.apiKey.key) else { return XCTFail("the first key does not verify") }
    }

    func testAFailedCreationPutsTheSpareBack() throws {
        struct Injected: Error {}
        try spares.fill(upTo: 1)
        let spare = try XCTUnwrap(try spareNames().first)
        for step in TenantCreationStep.allCases {
            var service = fixture.tenants
            service.afterCreationStep = { if $0 == step { throw Injected() } }
            let draft = fixture.draft("fail")
            XCTAssertThrowsError(try service.create(draft), "\(step)") { XCTAssertTrue($0 is Injected) }
            XCTAssertEqual(try spareNames(), [spare], "\(step)")
            XCTAssertTrue(try fixture.schemaExists(spare), "\(step)")
            XCTAssertFalse(try fixture.schemaExists(draft.slug.replacingOccurrences(of: "-", with: "_")))
        }
        _ = try fixture.tenants.create(fixture.draft("after"))
        XCTAssertEqual(try spareNames(), [])
    }

    func testConcurrentCreationsNeverShareASpare() throws {
        try spares.fill(upTo: 3)
        let service = fixture.tenants
        let drafts = (0..<6).map { _ in fixture.draft("conc") }
        let results = Mutex<[Result<String, any Error>]>([])
        DispatchQueue.concurrentPerform(iterations: drafts.count) { index in
            let result = Result { try service.create(drafts[index]).tenant.context.schemaName }
            results.withLock { $0.append(result) }
        }
        let schemas = try results.withLock { $0 }.map { try $0.get() }
        XCTAssertEqual(Set(schemas).count, 6)
        for schema in schemas { XCTAssertTrue(try fixture.schemaExists(schema)) }
        XCTAssertEqual(try spares.count(), 0)
    }

    func testSparesOfOtherFilesAreNeverClaimedAndTheMigrationRunDropsThem() throws {
        let folder = try MigrationFolder(extraTenant: ["0900_probe.sql": "CREATE TABLE probe (id int);"])
        let other = SpareSchemas(pool: fixture.pool, migrations: try folder.load(), control: fixture.control)
        try other.fill(upTo: 1)
        let stale = try XCTUnwrap(try spareNames().first)
        XCTAssertEqual(try spares.count(), 0)
        let created = try fixture.tenants.create(fixture.draft("fresh"))
        XCTAssertNotEqual(created.tenant.context.schemaName, stale)
        XCTAssertEqual(try spareNames(), [stale])

        let report = try MigrationRunner(migrations: fixture.migrations, control: fixture.control).run(pool: fixture.pool)
        XCTAssertEqual(report.staleSparesDropped, 1)
        XCTAssertEqual(try spareNames(), [])
        XCTAssertFalse(try fixture.schemaExists(stale))
        let left = try fixture.query(
            "SELECT count(*) AS n FROM \(fixture.table("schema_migrations")) WHERE schema_name = $1", [stale])
        XCTAssertEqual(try left.first?.decode(Int.self, "n"), 0)
    }
}
