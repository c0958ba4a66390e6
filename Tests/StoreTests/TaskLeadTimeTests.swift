import Domain
import EOD
import Foundation
import Postgres
import StoreTestSupport
import TestSupport
import XCTest

@testable import Store

/// Recurring tasks created `lead_days` ahead, and per-task reminder offsets (issue 24, finding 9).
final class TaskLeadTimeTests: XCTestCase {
    private var fixture: EODFixture!

    override func setUpWithError() throws { fixture = try EODFixture() }
    override func tearDown() { fixture?.tearDown() }

    private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    private func monthlyOnTheFirst(from start: String, in tenant: TenantContext, lead: Int = 7, reminderDays: [Int]? = nil)
        throws -> RecurringTask
    {
        let schedule = try Schedule(rule: .monthly(interval: 1, day: .dayOfMonth(1)), start: date(start))
        return try fixture.store.database.transaction(tenant) { db in
            try RecurringTaskRepository(db).create(
                RecurringTaskDraft(
                    title: "Close the month", assignee: "books@firm.test", leadDays: lead, reminderDays: reminderDays,
                    schedule: schedule))
        }
    }

    private func run(_ tenant: TenantContext, _ asOf: String) throws {
        _ = try fixture.runner().run(tenant: tenant, asOf: date(asOf), requestedBy: .command)
    }

    private func dues(_ tenant: TenantContext) throws -> [CalendarDate] {
        try fixture.store.database.transaction(tenant) { db in
            try db.query("SELECT due_date FROM tasks ORDER BY due_date").map { try $0.decode(CalendarDate.self, "due_date") }
        }
    }

    private func reminders(_ tenant: TenantContext) throws -> [Int] {
        try fixture.store.database.transaction(tenant) { db in
            try db.query(
                "SELECT (payload->>'days_before')::int AS days FROM notification_outbox WHERE kind = 'task_due' ORDER BY created_at, id"
            ).map { try $0.decode(Int.self, "days") }
        }
    }

    func testMonthlyTaskDueOnTheFirstIsCreatedSevenDaysAheadAndBothRemindersFire() throws {
        let tenant = try fixture.tenant(setups: 0, start: date("2026-01-01"))
        let template = try monthlyOnTheFirst(from: "2026-05-01", in: tenant)
        XCTAssertEqual(template.leadDays, 7, "the default")
        try run(tenant, "2026-04-23")
        XCTAssertEqual(try dues(tenant), [], "not yet: 1 May − 7 days is 24 April")
        try run(tenant, "2026-04-24")
        try run(tenant, "2026-04-24")
        XCTAssertEqual(try dues(tenant), [date("2026-05-01")], "created on the 24th, once")
        let next = try fixture.store.database.transaction(tenant) { db in
            try db.query("SELECT next_posting_date FROM recurring_tasks").first!.decode(CalendarDate.self, "next_posting_date")
        }
        XCTAssertEqual(next, date("2026-05-25"), "the next task (1 June) is created 7 days ahead")
        try run(tenant, "2026-04-29")
        XCTAssertEqual(try reminders(tenant), [], "J-2: nothing at the tenant's offsets 1 and 0")
        try run(tenant, "2026-04-30")
        XCTAssertEqual(try reminders(tenant), [1], "J-1 fires on its day")
        try run(tenant, "2026-05-01")
        try run(tenant, "2026-05-01")
        XCTAssertEqual(try reminders(tenant), [1, 0], "J-0 fires on its day, each once")
    }

    func testCatchUpAfterDowntimeCreatesEachTaskOnce() throws {
        let tenant = try fixture.tenant(setups: 0, start: date("2026-01-01"))
        _ = try monthlyOnTheFirst(from: "2026-02-01", in: tenant)
        try run(tenant, "2026-05-10")
        try run(tenant, "2026-05-10")
        XCTAssertEqual(
            try dues(tenant), ["2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01"].map(date),
            "every missed task once; 1 June waits for 25 May")
        try run(tenant, "2026-05-24")
        XCTAssertEqual(try dues(tenant).count, 4)
        try run(tenant, "2026-07-01")
        XCTAssertEqual(
            try dues(tenant), ["2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01"].map(date))
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM recurring_task_occurrences"), 6)
    }

    func testLeadZeroCreatesOnThePostingDateAndAChangedLeadApplies() throws {
        let tenant = try fixture.tenant(setups: 0, start: date("2026-01-01"))
        let template = try monthlyOnTheFirst(from: "2026-03-01", in: tenant, lead: 0)
        try run(tenant, "2026-02-28")
        XCTAssertEqual(try dues(tenant), [])
        try run(tenant, "2026-03-01")
        XCTAssertEqual(try dues(tenant), [date("2026-03-01")])
        try fixture.store.database.transaction(tenant) { db in
            var draft = RecurringTaskDraft(title: template.title, leadDays: 10, schedule: template.recurring.schedule)
            draft.assignee = template.assignee
            _ = try RecurringTaskRepository(db).replace(template.id, with: draft)
        }
        try run(tenant, "2026-03-22")
        XCTAssertEqual(try dues(tenant), ["2026-03-01", "2026-04-01"].map(date), "1 April − 10 days: a new lead applies at once")
    }

    func testTaskOffsetsReplaceTheTenantsAndRecurringTasksPassThemOn() throws {
        let tenant = try fixture.tenant(setups: 0, start: date("2026-01-01"))
        try fixture.store.database.transaction(tenant) { db in
            _ = try TaskRepository(db).create(
                WorkTaskDraft(title: "Renew domain", assignee: "ops@firm.test", dueDate: date("2026-03-10"), reminderDays: [3]))
        }
        let template = try monthlyOnTheFirst(from: "2026-04-01", in: tenant, lead: 14, reminderDays: [10, 5])
        try run(tenant, "2026-03-07")
        XCTAssertEqual(try reminders(tenant), [3], "the task's own offset")
        try run(tenant, "2026-03-09")
        try run(tenant, "2026-03-10")
        XCTAssertEqual(try reminders(tenant), [3], "not the tenant's 1 and 0")
        try run(tenant, "2026-03-22")
        try run(tenant, "2026-03-27")
        XCTAssertEqual(try reminders(tenant), [3, 10, 5], "the template's offsets, on the created task")
        let created = try fixture.store.database.transaction(tenant) { db in
            try TaskRepository(db).list(TaskFilter(dueFrom: date("2026-04-01"))).items
        }
        XCTAssertEqual(created.map(\.reminderDays), [[10, 5]])
        XCTAssertEqual(created.map(\.recurringTaskID), [template.id])
    }

    func testReminderDaysAndLeadAreCheckedPerElement() throws {
        let tenant = try fixture.tenant(setups: 0, start: date("2026-01-01"))
        try fixture.store.database.transaction(tenant) { db in
            let error = ledgerError(
                thrownError(try TaskRepository(db).create(WorkTaskDraft(title: "x", reminderDays: [1, 400, 1, -1]))))
            XCTAssertEqual(error?.violations.map(\.path), ["reminderDays/1", "reminderDays/2", "reminderDays/3"])
            let many = ledgerError(thrownError(try TaskRepository(db).create(WorkTaskDraft(title: "x", reminderDays: Array(0...10)))))
            XCTAssertEqual(many?.violations.map(\.path), ["reminderDays"])
            let schedule = try Schedule(rule: .monthly(interval: 1, day: .dayOfMonth(1)), start: date("2026-02-01"))
            let lead = ledgerError(
                thrownError(try RecurringTaskRepository(db).create(RecurringTaskDraft(title: "x", leadDays: 366, schedule: schedule))))
            XCTAssertEqual(lead?.violations.map(\.path), ["leadDays"])
        }
    }
}
