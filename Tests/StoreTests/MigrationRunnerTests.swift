import Dispatch
import Foundation
import Postgres
@testable import Store
import StoreTestSupport
import Synchronization
import TestSupport
import XCTest

final class MigrationRunnerTests: XCTestCase {
    private var fixture: StoreFixture!

    override func setUpWithError() throws {
        fixture = try StoreFixture()
    }

    override func tearDown() {
        fixture?.tearDown()
    }

    private func runner(_ folder: MigrationFolder, lockTimeout: Duration = .seconds(30)) throws -> MigrationRunner {
        MigrationRunner(migrations: try folder.load(), control: fixture.control, lockTimeout: lockTimeout)
    }

    private func appliedCount(version: Int) throws -> Int {
        try fixture.query(
            "SELECT count(*) AS n FROM \(fixture.table("schema_migrations")) WHERE version = $1 AND schema_name <> $2",
            [version, fixture.control.name]
        ).first?.decode(Int.self, "n") ?? -1
    }

    func testATenantTableLockedByATransactionIsRetriedNotQueuedBehind() throws {
        let tenant = try fixture.tenants.create(fixture.draft("locked")).tenant
        let folder = try MigrationFolder(extraTenant: ["0900_probe.sql": "ALTER TABLE tenant_settings ADD COLUMN probe int;"])
        var configured = try runner(folder)
        configured.tenantLockTimeout = .milliseconds(100)
        let runner = configured
        let holder = try TestDatabase.connect()
        try holder.execute("BEGIN")
        try holder.execute("LOCK TABLE \(tenant.context.quotedSchemaName).tenant_settings IN ACCESS SHARE MODE")
        let pool = fixture.pool
        let outcome = Mutex<Result<MigrationReport, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let result = Result { try runner.run(pool: pool) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        // The runner gives up its lock request after 100 ms and tries again; meanwhile it holds nothing that
        // would queue others behind it. Released after 0.6 s, the next attempt succeeds.
        Thread.sleep(forTimeInterval: 0.6)
        try holder.execute("COMMIT")
        XCTAssertEqual(done.wait(timeout: .now() + 30), .success)
        let report = try XCTUnwrap(outcome.withLock { $0 }).get()
        XCTAssertTrue(report.succeeded, "\(report.failures)")
        XCTAssertEqual(report.tenantsMigrated, 1)
        XCTAssertGreaterThan(report.lockRetries, 0)
        XCTAssertEqual(try appliedCount(version: 900), 1)
    }

    func testTenantsAreMigratedOnConnectionsReplacedEveryNTenants() throws {
        let tenants = try (0..<5).map { _ in try fixture.tenants.create(fixture.draft("rotate")).tenant }
        // Each tenant records the backend that applied its file.
        let folder = try MigrationFolder(extraTenant: ["0900_probe.sql": "CREATE TABLE probe AS SELECT pg_backend_pid() AS pid;"])
        var configured = try runner(folder)
        configured.tenantsPerConnection = 2
        let report = try configured.run(pool: fixture.pool)
        XCTAssertTrue(report.succeeded, "\(report.failures)")
        XCTAssertEqual(report.tenantsMigrated, 5)
        XCTAssertEqual(report.connectionsRetired, 2)
        let pids = try tenants.map { tenant in
            try fixture.database.transaction(tenant.context) {
                try $0.query("SELECT pid FROM probe").first?.decode(Int.self, "pid") ?? -1
            }
        }
        // Two, two and one tenants: three backends, none of them the one holding the migration lock (gone with it).
        XCTAssertEqual(Set(pids).count, 3, "\(pids)")
        XCTAssertFalse(pids.contains(-1))
    }

    func testASecondRunIsANoOp() throws {
        _ = try fixture.tenants.create(fixture.draft())
        let report = try MigrationRunner(migrations: fixture.migrations, control: fixture.control).run(pool: fixture.pool)
        XCTAssertEqual(report.controlApplied, [])
        XCTAssertEqual(report.tenantCount, 1)
        XCTAssertEqual(report.tenantsMigrated, 0)
        XCTAssertTrue(report.succeeded)
    }

    func testDryRunListsPendingWorkAndChangesNothing() throws {
        let tenants = try (0..<3).map { _ in try fixture.tenants.create(fixture.draft("dry")).tenant }
        let folder = try MigrationFolder(extraTenant: ["0900_probe.sql": "CREATE TABLE probe (id int);"])
        let plan = try fixture.pool.withConnection { try runner(folder).plan(on: $0) }
        XCTAssertEqual(plan.control, [])
        XCTAssertEqual(plan.tenantCount, 3)
        XCTAssertEqual(Set(plan.tenants.map(\.slug)), Set(tenants.map(\.slug)))
        XCTAssertEqual(plan.tenants.first?.pending.map(\.fileName), ["0900_probe.sql"])
        XCTAssertEqual(try appliedCount(version: 900), 0)
    }

    func testAFailingTenantIsReportedAndDoesNotBlockTheOthersAndARerunResumes() throws {
        let tenants = try (0..<3).map { _ in try fixture.tenants.create(fixture.draft("fail")).tenant }
        let sabotaged = tenants[1]
        // The new migration creates a table that the sabotaged tenant already has.
        try fixture.database.transaction(sabotaged.context) { try $0.execute("CREATE TABLE probe (sabotage text)") }
        let folder = try MigrationFolder(extraTenant: ["0900_probe.sql": "CREATE TABLE probe (id int);"])

        let report = try runner(folder).run(pool: fixture.pool)
        XCTAssertFalse(report.succeeded)
        XCTAssertEqual(report.tenantsMigrated, 2)
        XCTAssertEqual(report.failures.map(\.slug), [sabotaged.slug])
        XCTAssertEqual(report.failures.first?.fileName, "0900_probe.sql")
        XCTAssertTrue(report.failures.first?.reason.contains("42P07") ?? false, report.failures.first?.reason ?? "")
        XCTAssertEqual(try appliedCount(version: 900), 2)

        try fixture.database.transaction(sabotaged.context) { try $0.execute("DROP TABLE probe") }
        let rerun = try runner(folder).run(pool: fixture.pool)
        XCTAssertTrue(rerun.succeeded)
        XCTAssertEqual(rerun.tenantsMigrated, 1)
        XCTAssertEqual(rerun.tenantMigrationsApplied, 1)
        XCTAssertEqual(try appliedCount(version: 900), 3)
    }

    func testTwoRunnersAtOnceDoTheWorkOnce() throws {
        for _ in 0..<4 { _ = try fixture.tenants.create(fixture.draft("twin")) }
        let folder = try MigrationFolder(extraTenant: [
            "0900_slow.sql": "CREATE TABLE slow (id int); SELECT pg_sleep(0.1);"
        ])
        let runner = try self.runner(folder)
        let url = try TestDatabase.url()
        let reports = Mutex<[Result<MigrationReport, any Error>]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            let result = Result { () throws -> MigrationReport in
                let connection = try PostgresConnection(url)
                return try runner.run(on: connection)
            }
            reports.withLock { $0.append(result) }
        }
        let finished = try reports.withLock { try $0.map { try $0.get() } }
        XCTAssertEqual(finished.count, 2)
        XCTAssertEqual(finished.map(\.tenantMigrationsApplied).reduce(0, +), 4, "each tenant migrated once")
        XCTAssertEqual(finished.map(\.tenantMigrationsApplied).sorted(), [0, 4])
        XCTAssertTrue(finished.allSatisfy(\.succeeded))
        XCTAssertEqual(try appliedCount(version: 900), 4)
    }

    func testWhileTheLockIsHeldRunnersGiveUpAfterTheirTimeoutAndTenantCreationWaits() throws {
        let holder = try TestDatabase.connect()
        let key = MigrationLock(fixture.control).key
        XCTAssertTrue(try holder.tryAdvisoryLock(key))
        let runner = MigrationRunner(migrations: fixture.migrations, control: fixture.control, lockTimeout: .milliseconds(200))
        XCTAssertThrowsError(try runner.run(on: try TestDatabase.connect())) { error in
            guard case .anotherMigrationRunning = error as? MigrationError else { return XCTFail("\(error)") }
            XCTAssertTrue(String(describing: error).contains("another migration is running"))
        }
        var service = fixture.tenants
        service.migrationWaitTimeout = .milliseconds(200)
        let draft = fixture.draft("wait")
        XCTAssertThrowsError(try service.create(draft)) { error in
            XCTAssertEqual(error as? StoreError, .migrationInProgress)
        }
        XCTAssertTrue(try holder.unlockAdvisory(key))
        XCTAssertTrue(try runner.run(on: try TestDatabase.connect()).succeeded)
        XCTAssertNoThrow(try service.create(draft))
    }

    func testAChangedAppliedFileIsRefusedBeforeAnythingRuns() throws {
        _ = try fixture.tenants.create(fixture.draft("sum"))
        let tenantFile = try XCTUnwrap(fixture.migrations.tenant.first)
        let folder = try MigrationFolder(extraTenant: ["0900_probe.sql": "CREATE TABLE probe (id int);"])
        try folder.write("tenant", tenantFile.fileName, tenantFile.sql + "\n-- edited after it ran\n")
        XCTAssertThrowsError(try runner(folder).run(pool: fixture.pool)) { error in
            guard case .checksumMismatch(_, let version, let fileName, _) = error as? MigrationError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(version, tenantFile.version)
            XCTAssertEqual(fileName, tenantFile.fileName)
        }
        XCTAssertEqual(try appliedCount(version: 900), 0)
        let plan = try fixture.pool.withConnection { try runner(folder).plan(on: $0) }
        XCTAssertEqual(plan.checksumMismatches.map(\.version), [tenantFile.version])
    }

    func testAppliedVersionsWithoutAFileAreAWarningNotAnError() throws {
        _ = try fixture.tenants.create(fixture.draft("gone"))
        let folder = try MigrationFolder(extraTenant: ["0900_probe.sql": "CREATE TABLE probe (id int);"])
        XCTAssertTrue(try runner(folder).run(pool: fixture.pool).succeeded)
        let report = try MigrationRunner(migrations: fixture.migrations, control: fixture.control).run(pool: fixture.pool)
        XCTAssertTrue(report.succeeded)
        XCTAssertEqual(report.unknownVersions.map(\.version), [900])
        XCTAssertEqual(report.unknownVersions.first?.schemaCount, 1)
    }

    func testAMigrationThatCommitsIsRejectedAndRolledBack() throws {
        let tenant = try fixture.tenants.create(fixture.draft("commit")).tenant
        let folder = try MigrationFolder(extraTenant: ["0900_commit.sql": "CREATE TABLE early (id int); COMMIT;"])
        let report = try runner(folder).run(pool: fixture.pool)
        XCTAssertEqual(report.failures.map(\.slug), [tenant.slug])
        XCTAssertTrue(report.failures.first?.reason.contains("COMMIT") ?? false)
        XCTAssertEqual(try appliedCount(version: 900), 0)
    }
}
