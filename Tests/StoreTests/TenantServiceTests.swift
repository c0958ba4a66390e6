import Domain
import Postgres
@testable import Store
import StoreTestSupport
import TestSupport
import XCTest

final class TenantServiceTests: XCTestCase {
    private var fixture: StoreFixture!

    override func setUpWithError() throws {
        fixture = try StoreFixture()
    }

    override func tearDown() {
        fixture?.tearDown()
    }

    func testCreateMakesSchemaMigratesSeedsAndIssuesAWorkingKey() throws {
        var draft = fixture.draft("create", timeZone: "Asia/Tokyo", currency: "JPY")
        draft.settings = ["test.greeting": #""hello""#]
        let created = try fixture.tenants.create(draft)
        let context = created.tenant.context
        XCTAssertEqual(context.slug, draft.slug)
        XCTAssertEqual(context.schemaName, "tenant_" + draft.slug.replacingOccurrences(of: "-", with: "_"))
        XCTAssertEqual(context.status, .active)
        XCTAssertEqual(context.currency, Currency.jpy)
        XCTAssertEqual(context.timeZoneIdentifier, "Asia/Tokyo")
        XCTAssertEqual(context.fiscalYearStartMonth, 1)
        XCTAssertTrue(try fixture.schemaExists(context.schemaName))

        let greeting = try fixture.database.transaction(context) { connection in
            try connection.query("SELECT value #>> '{}' AS v FROM tenant_settings WHERE key = 'test.greeting'").first?
                .decode(String.self, "v")
        }
        XCTAssertEqual(greeting, "hello")

        XCTAssertEqual(
            try fixture.keys.verify(created.apiKey.key),
            .valid(TenantAccess(tenant: context, keyID: created.apiKey.info.id, role: .owner, keyName: created.apiKey.info.displayName)))
        XCTAssertEqual(try fixture.tenants.tenant(slug: draft.slug), created.tenant)
    }

    func testCreatedTenantHasEveryTenantMigrationWithItsChecksum() throws {
        let created = try fixture.tenants.create(fixture.draft("mig"))
        let recorded = try fixture.query(
            "SELECT version, file_name, checksum FROM \(fixture.table("schema_migrations")) WHERE schema_name = $1 ORDER BY version",
            [created.tenant.context.schemaName])
        XCTAssertEqual(recorded.count, fixture.migrations.tenant.count)
        for (row, migration) in zip(recorded, fixture.migrations.tenant) {
            XCTAssertEqual(try row.decode(Int.self, "version"), migration.version)
            XCTAssertEqual(try row.decode(String.self, "file_name"), migration.fileName)
            let expected = try fixture.query("SELECT encode(sha256($1), 'hex') AS c", [Array(migration.sql.utf8)])
            XCTAssertEqual(try row.decode(String.self, "checksum"), try expected.first?.decode(String.self, "c"))
        }
        let plan = try fixture.pool.withConnection {
            try MigrationRunner(migrations: fixture.migrations, control: fixture.control).plan(on: $0)
        }
        XCTAssertTrue(plan.isUpToDate)
    }

    func testDuplicateSlugIsRefusedAndCreatesNothing() throws {
        let draft = fixture.draft("dup")
        _ = try fixture.tenants.create(draft)
        XCTAssertThrowsError(try fixture.tenants.create(draft)) { error in
            XCTAssertEqual(error as? TenantError, .duplicateSlug(draft.slug))
        }
        XCTAssertEqual(try count("tenants"), 1)
        XCTAssertEqual(try count("api_keys"), 1)
    }

    func testInvalidDraftIsRefusedBeforeTouchingTheDatabase() throws {
        var draft = fixture.draft("bad")
        draft.currency = "ZZZ"
        XCTAssertThrowsError(try fixture.tenants.create(draft)) { error in
            XCTAssertEqual(error as? TenantError, .invalidCurrency("ZZZ"))
        }
        XCTAssertEqual(try count("tenants"), 0)
    }

    func testAFailureAtAnyStepOfCreationLeavesNoRowSchemaKeyOrMigrationRecord() throws {
        struct Injected: Error {}
        for step in TenantCreationStep.allCases {
            var service = fixture.tenants
            service.afterCreationStep = { if $0 == step { throw Injected() } }
            let draft = fixture.draft("fail")
            XCTAssertThrowsError(try service.create(draft), "\(step)") { XCTAssertTrue($0 is Injected) }
            try assertNothingLeft(of: draft.slug)
        }
        XCTAssertEqual(try count("tenants"), 0)
        XCTAssertEqual(try count("api_keys"), 0)
    }

    func testABadSeedRollsBackTheWholeCreation() throws {
        var service = fixture.tenants
        service.seed = TenantSeed(settings: ["broken": "{not json"])
        let draft = fixture.draft("seed")
        XCTAssertThrowsError(try service.create(draft))
        try assertNothingLeft(of: draft.slug)
        XCTAssertNoThrow(try fixture.tenants.create(draft), "the slug is free after the failure")
    }

    func testAnOrphanSchemaBlocksCreationCleanly() throws {
        let draft = fixture.draft("orphan")
        let schema = try TenantSlug(draft.slug).schemaName
        _ = try fixture.query("CREATE SCHEMA \(try quoteIdentifier(schema))")
        defer { _ = try? fixture.query("DROP SCHEMA IF EXISTS \(try quoteIdentifier(schema)) CASCADE") }
        XCTAssertThrowsError(try fixture.tenants.create(draft)) { error in
            XCTAssertEqual(error as? TenantError, .schemaExists(schema))
        }
        XCTAssertEqual(try count("tenants"), 0)
    }

    func testSuspendAndResume() throws {
        let created = try fixture.tenants.create(fixture.draft("susp"))
        let slug = created.tenant.slug
        XCTAssertEqual(try fixture.tenants.suspend(slug: slug).status, .suspended)
        XCTAssertEqual(try fixture.tenants.suspend(slug: slug).status, .suspended, "idempotent")
        XCTAssertEqual(try fixture.tenants.tenant(slug: slug).status, .suspended)
        XCTAssertEqual(try fixture.tenants.resume(slug: slug).status, .active)
        XCTAssertThrowsError(try fixture.tenants.suspend(slug: "no-such-tenant")) { error in
            XCTAssertEqual(error as? TenantError, .notFound(slug: "no-such-tenant"))
        }
    }

    func testDeleteDropsTheSchemaKeepsTheRowRevokesKeysAndFreesTheSlug() throws {
        let draft = fixture.draft("del")
        let created = try fixture.tenants.create(draft)
        let deleted = try fixture.tenants.delete(slug: draft.slug)
        XCTAssertEqual(deleted.status, .deleted)
        XCTAssertNotNil(deleted.deletedAt)
        XCTAssertFalse(try fixture.schemaExists(created.tenant.context.schemaName))
        XCTAssertEqual(try fixture.keys.verify(created.apiKey.key), .invalid)
        XCTAssertThrowsError(try fixture.tenants.tenant(slug: draft.slug))
        XCTAssertThrowsError(try fixture.tenants.delete(slug: draft.slug)) { error in
            XCTAssertEqual(error as? TenantError, .notFound(slug: draft.slug))
        }
        XCTAssertEqual(try fixture.tenants.list(includeDeleted: true).map(\.status), [.deleted])

        let again = try fixture.tenants.create(draft)
        XCTAssertNotEqual(again.tenant.id, created.tenant.id)
        XCTAssertEqual(try fixture.tenants.list().map(\.id), [again.tenant.id])
        XCTAssertThrowsError(try fixture.database.transaction(deleted.context) { _ in })
    }

    func testListIsOrderedBySlug() throws {
        let slugs = ["b", "a", "c"].map { uniqueSlug("list-\($0)") }
        for slug in slugs { _ = try fixture.tenants.create(TenantDraft(slug: slug, displayName: slug)) }
        XCTAssertEqual(try fixture.tenants.list().map(\.slug), slugs.sorted())
    }

    func testAnUnmigratedControlSchemaGivesAClearError() throws {
        let service = TenantService(
            pool: fixture.pool, migrations: fixture.migrations, control: try ControlSchema(TestDatabase.uniqueName("nowhere")))
        XCTAssertThrowsError(try service.list()) { error in
            guard case .controlSchemaNotMigrated = error as? StoreError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try service.create(fixture.draft())) { error in
            guard case .controlSchemaNotMigrated = error as? StoreError else { return XCTFail("\(error)") }
        }
    }

    // MARK: Helpers

    private func count(_ table: String) throws -> Int {
        try fixture.query("SELECT count(*) AS n FROM \(fixture.table(table))").first?.decode(Int.self, "n") ?? -1
    }

    private func assertNothingLeft(of slug: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let schema = try TenantSlug(slug).schemaName
        let rows = try fixture.query("SELECT count(*) AS n FROM \(fixture.table("tenants")) WHERE slug = $1", [slug])
        XCTAssertEqual(try rows.first?.decode(Int.self, "n"), 0, "tenant row", file: file, line: line)
        XCTAssertFalse(try fixture.schemaExists(schema), "schema", file: file, line: line)
        let records = try fixture.query(
            "SELECT count(*) AS n FROM \(fixture.table("schema_migrations")) WHERE schema_name = $1", [schema])
        XCTAssertEqual(try records.first?.decode(Int.self, "n"), 0, "migration records", file: file, line: line)
    }
}
