import Domain
import EOD
import Foundation
import Postgres
import StoreTestSupport
import TestSupport
import XCTest

@testable import Store

final class TaskRepositoryTests: XCTestCase {
    private var fixture: EODFixture!

    override func setUpWithError() throws { fixture = try EODFixture() }
    override func tearDown() { fixture?.tearDown() }

    private func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    func testTasksLinkFilterAndChangeStatus() throws {
        let tenant = try fixture.tenant(setups: 0, start: date("2026-01-01"))
        try fixture.store.database.transaction(tenant) { db in
            let vendor = try ExpenseBuilder(db: db).vendor()
            let repository = TaskRepository(db)
            let call = try repository.create(
                WorkTaskDraft(title: "Call vendor", description: "About the renewal,\n\"urgent\"", assignee: "ann@firm.test",
                              dueDate: date("2026-03-05"), link: .party(vendor.id)))
            let other = try repository.create(WorkTaskDraft(title: "File receipts", assignee: "bob", dueDate: date("2026-04-01")))
            XCTAssertEqual(call.status, .open)
            XCTAssertEqual(call.link, .party(vendor.id))
            XCTAssertEqual(try repository.list(TaskFilter(link: .party(vendor.id))).items.map(\.id), [call.id])
            XCTAssertEqual(try repository.list(TaskFilter(assignee: "bob")).items.map(\.id), [other.id])
            XCTAssertEqual(
                try repository.list(TaskFilter(dueFrom: date("2026-03-01"), dueThrough: date("2026-03-31"))).items.map(\.id), [call.id])
            let done = try repository.setStatus(call.id, .done)
            XCTAssertEqual(done.status, .done)
            XCTAssertNotNil(done.completedAt)
            XCTAssertEqual(try repository.setStatus(other.id, .cancelled).status, .cancelled)
            XCTAssertEqual(try repository.list(TaskFilter(status: .open)).items.count, 0)
            let moved = try repository.update(other.id, WorkTaskDraft(title: "File all receipts", dueDate: date("2026-04-02")))
            XCTAssertEqual(moved.title, "File all receipts")
            XCTAssertNil(moved.link)
            XCTAssertEqual(
                ledgerError(thrownError(try repository.create(WorkTaskDraft(title: " ", link: .invoice(UUID())))))?.violations.map(\.path),
                ["title"])
            XCTAssertEqual(
                ledgerError(thrownError(try repository.create(WorkTaskDraft(title: "x", link: .invoice(UUID())))))?.violations.map(\.path),
                ["link"])
        }
    }

    func testRecurringTaskOnFirstBusinessDayCreatesEachOccurrenceOnce() throws {
        let tenant = try fixture.tenant(setups: 0, start: date("2026-01-01"))
        let schedule = try Schedule(rule: .monthly(interval: 1, day: .businessDay(1)), start: date("2026-02-01"))
        let template = try fixture.store.database.transaction(tenant) { db in
            try RecurringTaskRepository(db).create(
                RecurringTaskDraft(
                    title: "Review the social media strategy", assignee: "marketing@firm.test", leadDays: 0, schedule: schedule))
        }
        let asOf = date("2026-04-30")
        _ = try fixture.runner().run(tenant: tenant, asOf: asOf, requestedBy: .command)
        _ = try fixture.runner().run(tenant: tenant, asOf: asOf, requestedBy: .command)
        let dues = try fixture.store.database.transaction(tenant) { db in
            try db.query("SELECT due_date FROM tasks WHERE recurring_task_id = $1 ORDER BY due_date", [template.id]).map {
                try $0.decode(CalendarDate.self, "due_date")
            }
        }
        let expected = schedule.occurrences(context: tenant.scheduleContext).prefix(3).map(\.dueDate)
        XCTAssertEqual(dues, expected, "a rerun creates nothing")
        XCTAssertEqual(dues.first, date("2026-02-02"), "1 Feb 2026 is a Sunday")
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM recurring_task_occurrences"), 3)
        try fixture.store.database.transaction(tenant) { db in
            let repository = RecurringTaskRepository(db)
            XCTAssertEqual(try repository.preview(template.id, count: 2, context: tenant.scheduleContext).count, 2)
            XCTAssertEqual(try repository.pause(template.id).recurring.state, .paused)
        }
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-06-30"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM tasks"), 3, "paused")
    }

    func testTaskRemindersTheDayBeforeAndOnTheDayOnceEach() throws {
        let tenant = try fixture.tenant(setups: 0, start: date("2026-01-01"))
        let task = try fixture.store.database.transaction(tenant) { db in
            try TaskRepository(db).create(WorkTaskDraft(title: "Renew domain", assignee: "ops@firm.test", dueDate: date("2026-03-10")))
        }
        let reminders = "SELECT count(*) AS n FROM notification_outbox WHERE kind = 'task_due'"
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-03-08"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, reminders), 0)
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-03-09"), requestedBy: .command)
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-03-09"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, reminders), 1, "the day before, once")
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-03-10"), requestedBy: .command)
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-03-10"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, reminders), 2, "on the day, once")
        XCTAssertEqual(try fixture.count(tenant, "SELECT count(*) AS n FROM notification_outbox WHERE recipient = 'ops@firm.test'"), 2)
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-03-11"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, reminders), 2, "nothing after the due date")
        // Done tasks are not reminded; the sales-order follow-up tasks of 0003 still insert.
        try fixture.store.database.transaction(tenant) { db in
            _ = try TaskRepository(db).setStatus(task.id, .done)
            _ = try TaskRepository(db).create(WorkTaskDraft(title: "Other", dueDate: date("2026-03-20")))
            try db.query("INSERT INTO tasks (title, due_date) VALUES ('legacy', '2026-03-20')")
        }
        _ = try fixture.runner().run(tenant: tenant, asOf: date("2026-03-20"), requestedBy: .command)
        XCTAssertEqual(try fixture.count(tenant, reminders), 4)
    }
}
