import Domain
import Foundation
import Postgres
import StoreTestSupport
import TestSupport
import Threading
import XCTest

@testable import EOD
@testable import Store

final class EODRunnerTests: XCTestCase {
    private var fixture: EODFixture!

    override func setUpWithError() throws { fixture = try EODFixture() }
    override func tearDown() { fixture?.tearDown() }

    private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    func testCatchUpAfterNinetyDaysPostsEveryMissedOccurrenceOnceInDateOrder() throws {
        // Weekly on Mondays from 2026-01-05; the EOD last ran "90 days ago" (never, here) and now runs as of 04-05.
        let tenant = try fixture.tenant(setups: 1, rule: .weekly(interval: 1, weekdays: nil), start: date("2026-01-05"))
        let run = try XCTUnwrap(completed(fixture.runner().run(tenant: tenant, asOf: date("2026-04-05"), requestedBy: .command)))
        let expected = stride(from: 0, to: 91, by: 7).map { date("2026-01-05").adding(days: $0) }
            .filter { $0 <= date("2026-04-05") }
        XCTAssertEqual(run.counts["invoice_setups"], expected.count)
        XCTAssertEqual(run.status, .succeeded)
        let posted = try fixture.store.database.transaction(tenant) { db in
            try db.query("SELECT invoice_date, sequence_number FROM invoices ORDER BY sequence_number").map {
                (try $0.decode(CalendarDate.self, "invoice_date"), try $0.decode(Int.self, "sequence_number"))
            }
        }
        XCTAssertEqual(posted.map(\.0), expected, "one invoice per missed Monday, numbered in date order")
        try fixture.assertInvariants(tenant)
    }

    func testASecondRunForTheSameDatePostsNothing() throws {
        let tenant = try fixture.tenant(setups: 3, start: date("2026-01-31"))
        let first = try XCTUnwrap(completed(fixture.runner().run(tenant: tenant, asOf: date("2026-06-30"), requestedBy: .command)))
        // Jan 31, Feb 28, Mar 31, Apr 30, May 31, Jun 30: six each, anchored on the 31st.
        XCTAssertEqual(first.counts["invoice_setups"], 18)
        let second = try XCTUnwrap(completed(fixture.runner().run(tenant: tenant, asOf: date("2026-06-30"), requestedBy: .command)))
        XCTAssertEqual(second.counts["invoice_setups"], 0)
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices"), 18)
        let dates = try fixture.store.database.transaction(tenant) { db in
            try db.query("SELECT DISTINCT invoice_date FROM invoices ORDER BY 1").map { try $0.decode(CalendarDate.self, "invoice_date") }
        }
        XCTAssertEqual(dates, ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30"].map(date))
        try fixture.assertInvariants(tenant)
    }

    func testSmallBatchesPostTheSameAsOneBigBatch() throws {
        let tenant = try fixture.tenant(setups: 7, start: date("2025-01-10"), staggered: true)
        let run = try XCTUnwrap(completed(fixture.runner(batchSize: 3).run(tenant: tenant, asOf: date("2025-12-31"), requestedBy: .command)))
        XCTAssertEqual(run.counts["invoice_setups"], 7 * 12)
        try fixture.assertInvariants(tenant)
    }

    func testStoppedSetupPostsNothingAndResumingWithoutCatchUpSkipsTheGap() throws {
        let tenant = try fixture.tenant(setups: 1, start: date("2026-01-15"))
        let setupID = try fixture.store.database.transaction(tenant) { db in
            try XCTUnwrap(db.query("SELECT id FROM recurring_invoice_setups").first).decode(UUID.self, "id")
        }
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-01-31"), requestedBy: .command)
        try fixture.store.database.transaction(tenant) { _ = try RecurringInvoiceSetupRepository($0).pause(setupID) }
        let whileStopped = try XCTUnwrap(completed(fixture.runner().run(tenant: tenant, asOf: date("2026-04-30"), requestedBy: .command)))
        XCTAssertEqual(whileStopped.counts["invoice_setups"], 0)
        // Resumed on May 1 without catch-up: Feb 15 … Apr 15 are skipped, May 15 onwards post.
        try fixture.store.database.transaction(tenant) {
            _ = try RecurringInvoiceSetupRepository($0).resume(setupID, today: date("2026-05-01"), catchUp: false)
        }
        let resumed = try XCTUnwrap(completed(fixture.runner().run(tenant: tenant, asOf: date("2026-06-30"), requestedBy: .command)))
        XCTAssertEqual(resumed.counts["invoice_setups"], 2)
        let dates = try fixture.store.database.transaction(tenant) { db in
            try db.query("SELECT invoice_date FROM invoices ORDER BY 1").map { try $0.decode(CalendarDate.self, "invoice_date") }
        }
        XCTAssertEqual(dates, ["2026-01-15", "2026-05-15", "2026-06-15"].map(date))
        try fixture.assertInvariants(tenant)
    }

    func testResumingWithCatchUpPostsTheGap() throws {
        let tenant = try fixture.tenant(setups: 1, start: date("2026-01-15"))
        let setupID = try fixture.store.database.transaction(tenant) { db in
            try XCTUnwrap(db.query("SELECT id FROM recurring_invoice_setups").first).decode(UUID.self, "id")
        }
        try fixture.store.database.transaction(tenant) { _ = try RecurringInvoiceSetupRepository($0).pause(setupID) }
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-03-31"), requestedBy: .command)
        try fixture.store.database.transaction(tenant) {
            _ = try RecurringInvoiceSetupRepository($0).resume(setupID, today: date("2026-04-01"), catchUp: true)
        }
        let resumed = try XCTUnwrap(completed(fixture.runner().run(tenant: tenant, asOf: date("2026-04-30"), requestedBy: .command)))
        XCTAssertEqual(resumed.counts["invoice_setups"], 4, "Jan, Feb, Mar caught up, and Apr")
    }

    func testAWorkerThatHoldsTheTenantLockMakesOthersSkipIt() throws {
        let tenant = try fixture.tenant(setups: 1, start: date("2026-01-01"))
        let holder = try TestDatabase.connect()
        let key = AdvisoryLockKey(classID: EODRunner.lockClass, objectID: Int32(truncatingIfNeeded: tenant.id))
        XCTAssertTrue(try holder.tryAdvisoryLock(key))
        guard case .skippedLocked = try fixture.runner().run(tenant: tenant, asOf: date("2026-03-01"), requestedBy: .command) else {
            return XCTFail("expected the run to be skipped")
        }
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices"), 0)
        try holder.unlockAdvisory(key)
        XCTAssertNotNil(completed(try fixture.runner().run(tenant: tenant, asOf: date("2026-03-01"), requestedBy: .command)))
    }

    func testARunWaitsForADatabaseSlotAndLetsItGoAfterwards() throws {
        let tenant = try fixture.tenant(setups: 2, start: date("2026-01-01"))
        var runner = fixture.runner()
        runner.databaseSlots = 1
        // Another worker holds the only slot: the run takes the tenant's lock, then waits, posting nothing.
        let holder = try TestDatabase.connect()
        let slot = EODRunner.slotKey(0, control: fixture.control)
        XCTAssertTrue(try holder.tryAdvisoryLock(slot))
        let finished = Latch()
        let outcome = SharedList<String>()
        let waiting = runner
        let asOf = date("2026-03-01")
        Thread.detachNewThread {
            do {
                switch try waiting.run(tenant: tenant, asOf: asOf, requestedBy: .command) {
                case .completed(let run): outcome.append("\(run.counts["invoice_setups"] ?? -1)")
                case let other: outcome.append("\(other)")
                }
            } catch {
                outcome.append("\(error)")
            }
            finished.open()
        }
        XCTAssertFalse(finished.wait(for: .milliseconds(500)), "the run must wait for the slot")
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices"), 0)
        guard case .skippedLocked = try fixture.runner().run(tenant: tenant, asOf: date("2026-03-01"), requestedBy: .command) else {
            return XCTFail("the waiting run holds the tenant's lock")
        }
        try holder.unlockAdvisory(slot)
        XCTAssertTrue(finished.wait(for: .seconds(20)))
        XCTAssertEqual(outcome.all, ["6"])
        // The slot was released with the run: the holder takes it again at once, and a run without a cap ignores it.
        XCTAssertTrue(try holder.tryAdvisoryLock(slot))
        XCTAssertNotNil(completed(try fixture.runner().run(tenant: tenant, asOf: date("2026-04-01"), requestedBy: .command)))
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices"), 8)
        try holder.unlockAdvisory(slot)
    }

    func testSlotsCapTenantsRunningAtOnceOverRunners() throws {
        var made: [TenantContext] = []
        for _ in 0..<6 { made.append(try fixture.tenant(setups: 20, start: date("2026-01-05"))) }
        let tenants = made
        // Two runners, three tenants at once each, one slot between them: runs never overlap in the run log.
        let errors = concurrentPasses(
            runners: 2, tenants: tenants, asOf: date("2026-06-30"), concurrency: 3, orderStep: 3, databaseSlots: 1)
        XCTAssertEqual(errors, [])
        let runs = try fixture.runner().runs(tenantID: nil, limit: 100).filter { $0.status == .succeeded }
        // A runner may run a tenant again that the other finished just before its pass began (posting nothing).
        XCTAssertEqual(Set(runs.map(\.tenantID)).count, tenants.count)
        XCTAssertEqual(runs.reduce(0) { $0 + ($1.counts["invoice_setups"] ?? 0) }, tenants.count * 20 * 6)
        let spans = runs.compactMap { run in run.finishedAt.map { (run.startedAt, $0) } }.sorted { $0.0 < $1.0 }
        XCTAssertEqual(spans.count, runs.count)
        for (earlier, later) in zip(spans, spans.dropFirst()) {
            XCTAssertLessThanOrEqual(earlier.1, later.0, "a run started before the one holding the slot ended")
        }
        for tenant in tenants { XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices"), 20 * 6) }
    }

    /// Runs `runners` passes at once, each with its own pool and runner (batches of 7), runner `k` starting at
    /// tenant `k × orderStep`; returns what went wrong, one line per runner.
    private func concurrentPasses(
        runners: Int, tenants: [TenantContext], asOf: CalendarDate, concurrency: Int, orderStep: Int,
        databaseSlots: Int? = nil
    ) -> [String] {
        let control = fixture.control
        let errors = SharedList<String>()
        DispatchQueue.concurrentPerform(iterations: runners) { worker in
            do {
                let pool = try TestDatabase.pool(maxConnections: concurrency + 1)
                defer { pool.close() }
                var runner = EODRunner.standard(pool: pool, control: control, batchSize: 7)
                runner.databaseSlots = databaseSlots
                let order = tenants.indices.map { tenants[($0 + orderStep * worker) % tenants.count] }
                let report = runner.runPass(tenants: order, asOf: asOf, requestedBy: .worker, concurrency: concurrency)
                if !report.succeeded { errors.append("worker \(worker): \(report.errors) \(report.failed) failed") }
            } catch {
                errors.append("worker \(worker): \(error)")
            }
        }
        return errors.all
    }

    func testBatchSizeIsKeptWithinBounds() {
        XCTAssertEqual(fixture.runner(batchSize: 0).batchSize, 1)
        XCTAssertEqual(fixture.runner(batchSize: 50_000_000).batchSize, EODRunner.maxBatchSize)
        XCTAssertEqual(fixture.runner(batchSize: 250).batchSize, 250)
    }

    func testAPassSkipsATenantAnotherWorkerRanForTheSameDateSinceThePassBegan() throws {
        let tenant = try fixture.tenant(setups: 2, start: date("2026-01-01"))
        let passBegan = Date(timeIntervalSinceNow: -60)
        XCTAssertNotNil(completed(try fixture.runner().run(tenant: tenant, asOf: date("2026-03-01"), requestedBy: .command)))
        guard case .skippedDone = try fixture.runner().run(
            tenant: tenant, asOf: date("2026-03-01"), requestedBy: .command, doneSince: passBegan)
        else { return XCTFail("expected the run to be skipped as done") }
        // Another date, or a run asked for without a pass, runs.
        XCTAssertNotNil(completed(try fixture.runner().run(
            tenant: tenant, asOf: date("2026-04-01"), requestedBy: .command, doneSince: passBegan)))
        XCTAssertNotNil(completed(try fixture.runner().run(tenant: tenant, asOf: date("2026-03-01"), requestedBy: .command)))
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices"), 8)
    }

    func testConcurrentRunnersPostEveryOccurrenceExactlyOnce() throws {
        var made: [TenantContext] = []
        for _ in 0..<4 { made.append(try fixture.tenant(setups: 10, start: date("2025-01-05"), staggered: true)) }
        let tenants = made
        let asOf = date("2025-12-31")
        // Each worker walks the tenants in a different order, as independent hosts would, two at a time.
        let errors = concurrentPasses(runners: 4, tenants: tenants, asOf: asOf, concurrency: 2, orderStep: 1)
        XCTAssertEqual(errors, [])
        // Whoever got to a tenant first did it; the others skipped it or found nothing left.
        let repeatRun = fixture.runner().runPass(tenants: tenants, asOf: asOf, requestedBy: .command)
        XCTAssertEqual(repeatRun.completed, tenants.count)
        for tenant in tenants {
            XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices"), 10 * 12)
            XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices WHERE occurrence_date IS NOT NULL"), 10 * 12)
            try fixture.assertInvariants(tenant)
        }
    }

    func testOnePassRunsSeveralTenantsAtOnceAndReportsInTheirOrder() throws {
        var made: [TenantContext] = []
        for _ in 0..<5 { made.append(try fixture.tenant(setups: 3, start: date("2026-01-01"))) }
        let tenants = made
        let pool = try TestDatabase.pool(maxConnections: 4)
        defer { pool.close() }
        let runner = EODRunner.standard(pool: pool, control: fixture.control, batchSize: 4)
        let seen = SharedList<String>()
        let report = runner.runPass(
            tenants: tenants, asOf: date("2026-03-01"), requestedBy: .command, concurrency: 3,
            progress: { if case .completed(let run) = $0 { seen.append(run.tenantSlug) } })
        XCTAssertEqual(report.completed, 5)
        XCTAssertEqual(report.failed, 0)
        XCTAssertEqual(report.outcomes.compactMap { completed($0)?.tenantSlug }, tenants.map(\.slug))
        XCTAssertEqual(Set(seen.all), Set(tenants.map(\.slug)))
        XCTAssertEqual(seen.all.count, 5)
        for tenant in tenants {
            XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices"), 3 * 3)
            try fixture.assertInvariants(tenant)
        }
        // A pass told to stop starts no tenant.
        let stopped = runner.runPass(
            tenants: tenants, asOf: date("2026-04-01"), requestedBy: .command, concurrency: 3,
            shouldContinue: { false })
        XCTAssertEqual(stopped.outcomes.count, 0)
        XCTAssertEqual(try fixture.count(tenants[0], "SELECT count(*) AS n FROM invoices"), 3 * 3)
    }

    func testEveryGeneratedInvoiceGetsOneIssuedNotification() throws {
        let tenant = try fixture.tenant(setups: 2, start: date("2026-01-01"))
        let run = try XCTUnwrap(completed(fixture.runner().run(tenant: tenant, asOf: date("2026-03-01"), requestedBy: .command)))
        XCTAssertEqual(run.counts["invoice_setups"], 6)
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM notification_outbox WHERE kind = 'invoice_issued'"), 6)
        XCTAssertEqual(
            try fixture.count(tenant, "SELECT count(*) AS n FROM notification_outbox WHERE recipient = 'billing@acme.test'"),
            try fixture.count(tenant, "SELECT count(*) AS n FROM notification_outbox"))
    }

    func testOverdueRemindersAreWrittenOnceAtEachOffset() throws {
        // Monthly from Jan 1, 14 days' terms: the Jan 1 invoice is due Jan 15.
        let tenant = try fixture.tenant(setups: 1, start: date("2026-01-01"), count: 1)
        let overdue = "SELECT count(*) AS n FROM notification_outbox WHERE kind = 'invoice_overdue'"
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-01-15"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, overdue), 0, "not overdue on its due date")
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-01-16"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, overdue), 1, "+1 day")
        // Issue 24, finding 11: amounts in the currency's minor units, never the stored scale.
        let reminder = try fixture.store.database.transaction(tenant) { db in
            try db.query("SELECT body, payload ->> 'outstanding' AS outstanding FROM notification_outbox WHERE kind = 'invoice_overdue'")[0]
        }
        let outstanding = try reminder.decode(String.self, "outstanding")
        XCTAssertNotNil(outstanding.wholeMatch(of: /[0-9]+\.[0-9]{2}/), outstanding)
        XCTAssertTrue(try reminder.decode(String.self, "body").contains("Amount outstanding: \(outstanding) EUR."))
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-01-17"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, overdue), 1, "nothing new until +7")
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-02-20"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, overdue), 2, "after downtime, only the latest offset (+14), once")
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-02-21"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, overdue), 2)
    }

    func testDunningRepeatsEveryNDaysAfterTheLastOffsetUntilPaid() throws {
        // Due Jan 15; offsets 1, 7, 14 (Jan 16, 22, 29), then every 10 days: Feb 8, Feb 18, …
        let tenant = try fixture.tenant(setups: 1, start: date("2026-01-01"), count: 1)
        try fixture.store.database.transaction(tenant) { db in
            try TenantSettingsRepository(db, control: fixture.store.control).apply(TenantUpdate(overdueRepeatDays: 10), to: tenant)
        }
        func offsets() throws -> [Int] {
            try fixture.store.database.transaction(tenant) { db in
                try db.query("SELECT (payload ->> 'reminder_offset_days')::int AS d FROM notification_outbox WHERE kind = 'invoice_overdue' ORDER BY 1")
                    .map { try $0.decode(Int.self, "d") }
            }
        }
        for day in ["2026-01-16", "2026-01-22", "2026-01-29", "2026-02-07", "2026-02-08", "2026-02-17", "2026-02-18"] {
            _ = try fixture.runner().run(tenant: tenant, asOf: date(day), requestedBy: .command)
        }
        XCTAssertEqual(try offsets(), [1, 7, 14, 24, 34], "each offset once, then every 10 days")
        // After downtime: only the latest repeat reached (54 on Mar 10), not a burst.
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-03-10"), requestedBy: .command)
        XCTAssertEqual(try offsets(), [1, 7, 14, 24, 34, 54])
        // Paid: dunning stops.
        try fixture.store.database.transaction(tenant) { db in
            let invoice = try XCTUnwrap(try InvoiceRepository(db).list().items.first)
            _ = try PaymentRepository(db).record(
                PaymentDraft(
                    partyID: invoice.partyID, date: date("2026-03-11"), amount: invoice.total, method: .bankTransfer, reference: nil,
                    allocations: [PaymentAllocationDraft(invoiceID: invoice.id, amount: invoice.total)]))
        }
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-04-30"), requestedBy: .command)
        XCTAssertEqual(try offsets(), [1, 7, 14, 24, 34, 54])
    }

    func testASourcePostsAtMostItsCapPerRunAndTheRestNextRun() throws {
        let tenant = try fixture.tenant(setups: 1, start: date("2026-01-01"))
        var runner = fixture.runner()
        runner.maxOccurrencesPerSourcePerRun = 5
        var posted: [Int] = []
        for _ in 0..<4 {
            let run = try XCTUnwrap(completed(runner.run(tenant: tenant, asOf: date("2026-12-01"), requestedBy: .command)))
            posted.append(run.counts["invoice_setups"] ?? -1)
            if posted.count == 1 { XCTAssertEqual(run.counts["deferred_sources"], 1) }
        }
        XCTAssertEqual(posted, [5, 5, 2, 0], "12 monthly occurrences, at most 5 a run, each once")
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices"), 12)
        try fixture.assertInvariants(tenant)
    }

    func testAnAsOfAfterTheTenantsTodayIsRefused() throws {
        let tenant = try fixture.tenant(setups: 1, start: date("2026-01-01"))
        XCTAssertThrowsError(
            try fixture.runner().run(tenant: tenant, asOf: tenant.today().adding(days: 1), requestedBy: .command)
        ) { error in
            guard case .asOfAfterToday? = error as? EODError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM invoices"), 0)
    }

    func testOverdueReminderLookupUsesTheIndexOfOverdueReminders() throws {
        // An idle EOD looked up every overdue invoice's reminders by scanning the outbox (1.0–1.3 s for a tenant
        // with 1,649 overdue invoices). With sequential scans priced out, the plan must find an index for it.
        let tenant = try fixture.tenant(setups: 1, start: date("2026-01-01"), count: 3)
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-04-01"), requestedBy: .command)
        let plan = try fixture.store.database.transaction(tenant) { db -> String in
            try db.execute("SET LOCAL enable_seqscan = off")
            return try db.query("EXPLAIN " + OverdueInvoiceReminders.insert.sql, [date("2026-04-02")] + CurrencySQL.parameters)
                .map { try $0.decode(String.self, "QUERY PLAN") }.joined(separator: "\n")
        }
        XCTAssertTrue(plan.contains("notification_outbox_overdue_invoice"), plan)
        XCTAssertFalse(plan.contains("Seq Scan on notification_outbox"), plan)
    }

    func testSubscriptionEndingRemindersAt30And7And1Days() throws {
        // Three monthly invoices from Jan 10: the last falls due Mar 10.
        let tenant = try fixture.tenant(setups: 1, start: date("2026-01-10"), count: 3)
        let ending = "SELECT count(*) AS n FROM notification_outbox WHERE kind = 'subscription_ending'"
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-02-01"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, ending), 0, "39 days before the end")
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-02-08"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, ending), 1, "J-30")
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-03-03"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, ending), 2, "J-7")
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-03-09"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, ending), 3, "J-1")
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-03-09"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, ending), 3, "each once")
    }

    func testRunLogRecordsCountsAndLists() throws {
        let tenant = try fixture.tenant(setups: 1, start: date("2026-01-01"))
        let run = try XCTUnwrap(completed(fixture.runner().run(tenant: tenant, asOf: date("2026-02-01"), requestedBy: .api)))
        XCTAssertEqual(run.requestedBy, .api)
        XCTAssertNotNil(run.finishedAt)
        let listed = try fixture.runner().runs(tenantID: tenant.id)
        XCTAssertEqual(listed.map(\.id), [run.id])
        XCTAssertEqual(listed.first?.counts, run.counts)
        XCTAssertEqual(try fixture.runner().run(id: run.id, tenantID: tenant.id + 1_000_000), nil, "another tenant's id")
    }
}
