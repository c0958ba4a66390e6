import Domain
import Foundation
import Postgres
import XCTest

@testable import Store

/// Migration 0019: schedules stored with the camelCase values of before issue 21 (`mixerpDuration`, `halfYear`)
/// are rewritten to the wire spelling the one strict decoder reads; other schedules are left alone.
final class ScheduleSpellingMigrationTests: XCTestCase {
    private var fixture: TenantSchemaFixture!

    override func setUpWithError() throws { fixture = try TenantSchemaFixture() }
    override func tearDown() { fixture?.drop() }

    private static let migration = TenantSchemaFixture.tenantSQL.appendingPathComponent("0019_schedule_values_snake_case.sql")

    func testStoredCamelCaseSchedulesDecodeAfterTheMigration() throws {
        try fixture.transaction { db in
            let party = try InvoicingBuilder(db: db).customer()
            let schedules = try [
                #"{"kind":"fiscal_period_end","period":"half_year","start":"2026-01-01"}"#,
                #"{"kind":"mixerp_duration","everyDays":45,"start":"2016-01-01","totalDurationDays":365}"#,
                #"{"kind":"monthly","byMonthDay":31,"start":"2026-01-31"}"#,
            ].map { try Schedule.decode(json: $0) }
            let setups = try schedules.map { schedule in
                try RecurringInvoiceSetupRepository(db).create(
                    RecurringInvoiceSetupDraft(
                        partyID: party.id, content: .amount(ExactDecimal("10")!, description: "Support"),
                        statementReference: "{RIMonth}", schedule: schedule))
            }
            let task = try RecurringTaskRepository(db).create(
                RecurringTaskDraft(
                    title: "Close the books",
                    schedule: try Schedule.decode(json: #"{"kind":"mixerp_same_calendar_date","start":"2026-01-15"}"#)))

            // What 0018 and before stored.
            try db.simpleQuery(#"""
                UPDATE recurring_invoice_setups SET schedule = schedule
                    || jsonb_build_object('kind', CASE schedule ->> 'kind' WHEN 'fiscal_period_end' THEN 'fiscalPeriodEnd'
                                                   WHEN 'mixerp_duration' THEN 'mixerpDuration' ELSE schedule ->> 'kind' END)
                    || CASE WHEN schedule ? 'period' THEN '{"period": "halfYear"}'::jsonb ELSE '{}'::jsonb END;
                UPDATE recurring_tasks SET schedule = schedule || '{"kind": "mixerpSameCalendarDate"}'::jsonb;
                """#)
            XCTAssertThrowsError(try RecurringInvoiceSetupRepository(db).get(setups[0].id), "the old spelling is not read")
            let untouched = try db.query("SELECT schedule::text AS s FROM recurring_invoice_setups WHERE id = $1", [setups[2].id])[0]
                .decode(String.self, "s")

            try db.simpleQuery(String(contentsOf: Self.migration, encoding: .utf8))

            for (setup, schedule) in zip(setups, schedules) {
                XCTAssertEqual(try RecurringInvoiceSetupRepository(db).get(setup.id).recurring.schedule, schedule)
            }
            XCTAssertEqual(try RecurringTaskRepository(db).get(task.id).recurring.schedule, task.recurring.schedule)
            XCTAssertEqual(
                try db.query("SELECT schedule::text AS s FROM recurring_invoice_setups WHERE id = $1", [setups[2].id])[0]
                    .decode(String.self, "s"),
                untouched)
        }
    }
}
