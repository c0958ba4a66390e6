import Domain
import EOD
import Foundation
import Postgres
import Store
import StoreTestSupport
import TestSupport
import XCTest

/// The EOD through the real `recur-worker` binary: separate processes, crashes, a database restart.
final class EODWorkerProcessTests: XCTestCase {
    private var fixture: EODFixture!

    override func setUpWithError() throws { fixture = try EODFixture() }
    override func tearDown() { fixture?.tearDown() }

    private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    private func worker(_ arguments: [String], environment: [String: String] = [:]) throws -> TestProcess.Result {
        try Self.worker(arguments, control: fixture.control.name, environment: environment)
    }

    /// Runs `recur-worker` on the fixture's control schema (static, so background threads can call it).
    private static func worker(_ arguments: [String], control: String, environment: [String: String] = [:]) throws
        -> TestProcess.Result
    {
        var variables: [String: String?] = ["RECUR_CONTROL_SCHEMA": control]
        for (key, value) in environment { variables[key] = value }
        return try TestProcess.run(TestProcess.executable(named: "recur-worker"), arguments, environment: variables)
    }

    private func invoices(_ tenant: TenantContext) throws -> Int {
        try fixture.count(tenant, "SELECT count(*) AS n FROM invoices")
    }

    func testFourWorkerProcessesPostEverythingExactlyOnce() throws {
        // 8 tenants × 25 setups × 12 months = 2,400 postings (the 50 × 200 × 12 size runs in bench/eod).
        var tenants: [TenantContext] = []
        for _ in 0..<8 { tenants.append(try fixture.tenant(setups: 25, start: date("2025-01-03"), staggered: true)) }
        let results = SharedList<Result<TestProcess.Result, any Error>>()
        let control = fixture.control.name
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            results.append(Result {
                try Self.worker(["eod", "--as-of", "2025-12-31"], control: control, environment: ["RECUR_EOD_BATCH_SIZE": "20"])
            })
        }
        for result in results.all {
            let output = try result.get()
            XCTAssertEqual(output.status, 0, "\(output)")
        }
        for tenant in tenants {
            XCTAssertEqual(try invoices(tenant), 25 * 12)
            try fixture.assertInvariants(tenant)
        }
        // Each tenant was run by exactly one worker (the others skipped it or found nothing).
        let runs = try fixture.runner().runs(tenantID: nil, limit: 200)
        let posted = runs.reduce(0) { $0 + ($1.counts["invoice_setups"] ?? 0) }
        XCTAssertEqual(posted, 8 * 25 * 12)
    }

    func testWorkerKilledMidBatchLosesOnlyTheOpenBatchAndTheRerunCompletesIt() throws {
        let tenant = try fixture.tenant(setups: 10, start: date("2025-01-05"), staggered: true)
        let killed = try worker(
            ["eod", "--as-of", "2025-12-31", "--tenant", tenant.slug],
            environment: ["RECUR_EOD_BATCH_SIZE": "10", "RECUR_FAULT_INJECTION": "kill-after-postings:37"])
        XCTAssertEqual(killed.status, 128 + SIGKILL, "\(killed)")
        // Three batches of ten were committed; the fourth (7 postings) died with the process.
        XCTAssertEqual(try invoices(tenant), 30)
        try fixture.assertInvariants(tenant)

        let rerun = try worker(["eod", "--as-of", "2025-12-31", "--tenant", tenant.slug])
        XCTAssertEqual(rerun.status, 0, "\(rerun)")
        XCTAssertEqual(try invoices(tenant), 120)
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices WHERE occurrence_date IS NOT NULL"), 120)
        try fixture.assertInvariants(tenant)
        // The killed run is marked as interrupted, the rerun as succeeded.
        let runs = try fixture.runner().runs(tenantID: tenant.id)
        XCTAssertEqual(runs.map(\.status), [.succeeded, .failed])
        XCTAssertEqual(runs.last?.error?.hasPrefix("interrupted"), true)
    }

    func testFourWorkersRideOutADatabaseRestartAndPostEverythingInTheSameRun() throws {
        var tenants: [TenantContext] = []
        for _ in 0..<4 {
            tenants.append(try fixture.tenant(setups: 10, rule: .weekly(interval: 1, weekdays: nil), start: date("2024-01-01")))
        }
        let expected = 10 * 105  // per tenant: two years of Mondays, 2024-01-01 … 2025-12-29
        let outcomes = SharedList<Result<TestProcess.Result, any Error>>()
        let control = fixture.control.name
        let threads = (0..<4).map { _ in
            Thread {
                outcomes.append(Result {
                    try Self.worker(
                        ["eod", "--as-of", "2025-12-31", "--wait-for-locked", "--retry-for", "120", "--concurrency", "2"],
                        control: control, environment: ["RECUR_EOD_BATCH_SIZE": "25"])
                })
            }
        }
        threads.forEach { $0.start() }
        // Restart (a fast shutdown: every backend is terminated) once postings are under way.
        let deadline = Date().addingTimeInterval(60)
        while try tenants.reduce(0, { $0 + (try invoices($1)) }) < 200 && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        try TestDatabase.restartServer()
        while outcomes.all.count < 4 && Date() < deadline.addingTimeInterval(120) { Thread.sleep(forTimeInterval: 0.1) }
        XCTAssertEqual(outcomes.all.count, 4)
        for outcome in outcomes.all {
            let output = try outcome.get()
            XCTAssertEqual(output.status, 0, "every worker finishes its pass: \(output)")
        }
        // No second run: everything due was posted by the pass the restart interrupted, each occurrence once.
        for tenant in tenants {
            XCTAssertEqual(try invoices(tenant), expected)
            try fixture.assertInvariants(tenant)
        }
    }

    func testWithoutRetriesARunCutByARestartReportsFailure() throws {
        let tenant = try fixture.tenant(setups: 40, rule: .weekly(interval: 1, weekdays: nil), start: date("2024-01-01"))
        let outcome = SharedList<Result<TestProcess.Result, any Error>>()
        let control = fixture.control.name
        let slug = tenant.slug
        let thread = Thread {
            outcome.append(Result {
                try Self.worker(["eod", "--as-of", "2025-12-31", "--tenant", slug, "--retry-for", "0"], control: control,
                                environment: ["RECUR_EOD_BATCH_SIZE": "25"])
            })
        }
        thread.start()
        let deadline = Date().addingTimeInterval(30)
        while try invoices(tenant) < 100 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        try TestDatabase.restartServer()
        while outcome.all.isEmpty && Date() < deadline.addingTimeInterval(30) { Thread.sleep(forTimeInterval: 0.1) }
        let first = try XCTUnwrap(outcome.all.first).get()
        if try invoices(tenant) < 40 * 105 {
            XCTAssertNotEqual(first.status, 0, "a run cut by the restart must not report success: \(first)")
        }
        let second = try worker(["eod", "--as-of", "2025-12-31", "--tenant", tenant.slug])
        XCTAssertEqual(second.status, 0, "\(second)")
        XCTAssertEqual(try invoices(tenant), 40 * 105)
        try fixture.assertInvariants(tenant)
    }

    func testAdminEODStatusShowsTheRunLog() throws {
        let tenant = try fixture.tenant(setups: 2, start: date("2026-01-01"))
        XCTAssertEqual(try worker(["eod", "--as-of", "2026-03-31", "--tenant", tenant.slug]).status, 0)
        let status = try TestProcess.run(
            TestProcess.executable(named: "recur-admin"), ["eod", "status", "--tenant", tenant.slug, "--json"],
            environment: ["RECUR_CONTROL_SCHEMA": fixture.control.name])
        XCTAssertEqual(status.status, 0, "\(status)")
        let runs = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(runs.count, 1)
        XCTAssertEqual(runs.first?["tenant"] as? String, tenant.slug)
        XCTAssertEqual(runs.first?["as_of"] as? String, "2026-03-31")
        XCTAssertEqual(runs.first?["status"] as? String, "succeeded")
        XCTAssertEqual((runs.first?["counts"] as? [String: Int])?["invoice_setups"], 6)
        let text = try TestProcess.run(
            TestProcess.executable(named: "recur-admin"), ["eod", "status"],
            environment: ["RECUR_CONTROL_SCHEMA": fixture.control.name])
        XCTAssertTrue(text.stdout.contains("invoice_setups=6"), text.stdout)
    }

    func testUnknownTenantAndBadDateExitWithTheirCodes() throws {
        XCTAssertEqual(try worker(["eod", "--tenant", "no-such-tenant"]).status, 3)
        let bad = try worker(["eod", "--as-of", "2026-02-30"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--as-of"), bad.stderr)
        for future in ["9999-12-31", CalendarDate.today(in: .gmt).adding(days: 2).description] {
            let ahead = try worker(["eod", "--as-of", future])
            XCTAssertEqual(ahead.status, 64, "\(ahead)")
            XCTAssertTrue(ahead.stderr.contains("--as-of must not be after today"), ahead.stderr)
        }
        let noLanes = try worker(["eod", "--concurrency", "0"])
        XCTAssertEqual(noLanes.status, 64, "ArgumentParser's usage error")
        XCTAssertTrue(noLanes.stderr.contains("--concurrency must be between 1 and 64"), noLanes.stderr)
        let noSlots = try worker(["eod", "--database-slots", "0"])
        XCTAssertEqual(noSlots.status, 64)
        XCTAssertTrue(noSlots.stderr.contains("--database-slots must be between 1 and 1024"), noSlots.stderr)
        let badSlots = try worker(["eod"], environment: ["RECUR_EOD_DATABASE_SLOTS": "two"])
        XCTAssertEqual(badSlots.status, 2)
        XCTAssertTrue(badSlots.stderr.contains("RECUR_EOD_DATABASE_SLOTS"), badSlots.stderr)
        let badFault = try worker(["eod"], environment: ["RECUR_FAULT_INJECTION": "kill-after:3"])
        XCTAssertEqual(badFault.status, 2)
        XCTAssertTrue(badFault.stderr.contains("RECUR_FAULT_INJECTION"), badFault.stderr)
    }

    func testWorkersWithOneDatabaseSlotPostEverythingOneTenantAtATime() throws {
        let tenants = try (0..<3).map { _ in try fixture.tenant(setups: 5, start: date("2026-01-01")) }
        let output = try worker(["eod", "--as-of", "2026-03-31", "--concurrency", "3"], environment: ["RECUR_EOD_DATABASE_SLOTS": "1"])
        XCTAssertEqual(output.status, 0, "\(output)")
        for tenant in tenants { XCTAssertEqual(try invoices(tenant), 5 * 3) }
        let spans = try fixture.runner().runs(tenantID: nil).compactMap { run in run.finishedAt.map { (run.startedAt, $0) } }
            .sorted { $0.0 < $1.0 }
        XCTAssertEqual(spans.count, 3)
        for (earlier, later) in zip(spans, spans.dropFirst()) { XCTAssertLessThanOrEqual(earlier.1, later.0) }
    }

    func testDaemonRunsDueTenantsAndStopsOnSIGTERM() throws {
        let tenant = try fixture.tenant(setups: 2, start: date("2026-01-01"))
        let path = try TestProcess.executable(named: "recur-worker")
        // A window of no length at midnight: every tenant runs as soon as its day has ended (the slots have their test below).
        let started = try TestProcess.start(
            path, ["run", "--interval", "1", "--night-hours", "0"], environment: ["RECUR_CONTROL_SCHEMA": fixture.control.name])
        let deadline = Date().addingTimeInterval(20)
        var runs: [EODRun] = []
        while runs.isEmpty && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.2)
            runs = try fixture.runner().runs(tenantID: tenant.id).filter { $0.status == .succeeded }
        }
        XCTAssertEqual(runs.first?.requestedBy, .worker)
        // Its as-of date is the tenant's yesterday.
        XCTAssertEqual(runs.first?.asOf, EODRunner.defaultAsOf(for: tenant))
        kill(started.pid, SIGTERM)
        let result = started.wait()
        XCTAssertEqual(result.status, 0, "\(result)")
        XCTAssertTrue(result.stdout.contains("stopped"), result.stdout)
    }

    func testDaemonRunsEachTenantAtItsSlotOfTheNightWindow() throws {
        let tenants = try (0..<4).map { _ in try fixture.tenant(setups: 1, start: date("2026-01-01")) }
        let zone = tenants[0].timeZone
        // A window of 16 s opening 4 s from now on the tenants' clock.
        let opensAt = Date().addingTimeInterval(4).timeIntervalSince1970.rounded(.up)
        let localSecond = (Int(opensAt) + zone.secondsFromGMT(for: Date(timeIntervalSince1970: opensAt))) % 86_400
        let window = try XCTUnwrap(NightWindow(startSecond: localSecond, lengthSeconds: 16))
        let today = CalendarDate.today(in: zone)
        let day = try XCTUnwrap([today, today.adding(days: -1)].first {
            window.opening(of: $0, in: zone).timeIntervalSince1970 == opensAt
        })
        let hhmmss = String(format: "%02d:%02d:%02d", localSecond / 3_600, localSecond / 60 % 60, localSecond % 60)
        // Every tenant is done up to the day before, so nothing is due until its slot for `day`.
        let before = try worker(["eod", "--as-of", day.adding(days: -1).description])
        XCTAssertEqual(before.status, 0, "\(before)")

        let started = try TestProcess.start(
            try TestProcess.executable(named: "recur-worker"),
            ["run", "--interval", "1", "--night-start", hhmmss, "--night-hours", String(16.0 / 3_600)],
            environment: ["RECUR_CONTROL_SCHEMA": fixture.control.name])
        defer { kill(started.pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(45)
        var runs: [Int64: EODRun] = [:]
        while runs.count < tenants.count && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.2)
            for tenant in tenants where runs[tenant.id] == nil {
                runs[tenant.id] = try fixture.runner().runs(tenantID: tenant.id).first { $0.asOf == day && $0.status == .succeeded }
            }
        }
        kill(started.pid, SIGTERM)
        let result = started.wait()
        XCTAssertEqual(result.status, 0, "\(result)")
        let slots = tenants.map { window.slot(of: day, tenant: $0.id, in: zone) }
        for (tenant, slot) in zip(tenants, slots) {
            let run = try XCTUnwrap(runs[tenant.id], "\(tenant.slug) did not run for \(day): \(result.stdout)")
            XCTAssertEqual(run.requestedBy, .worker)
            // Not before its slot, and within the pass interval (plus a pass's own time) after it.
            XCTAssertGreaterThanOrEqual(run.startedAt.timeIntervalSince(slot), -0.05, "\(tenant.slug)")
            XCTAssertLessThan(run.startedAt.timeIntervalSince(slot), 4, "\(tenant.slug)")
            XCTAssertEqual(try fixture.runner().runs(tenantID: tenant.id).filter { $0.asOf == day }.count, 1)
        }
        // Four consecutive tenants are spread over most of the window, not started together.
        let offsets = slots.map { $0.timeIntervalSince(window.opening(of: day, in: zone)) }
        XCTAssertGreaterThanOrEqual((offsets.max() ?? 0) - (offsets.min() ?? 0), 8, "\(offsets)")
    }
}
