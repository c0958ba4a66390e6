import Domain
import Foundation
import Postgres
import TestSupport
import XCTest

@testable import Store

/// Webhooks in the store: every notification fans out to the enabled endpoints subscribed to its type, whether it
/// was INSERTed or COPYed (the EOD's path); an endpoint failing for 3 days is disabled and the tenant told.
final class WebhookStoreTests: XCTestCase {
    private var fixture: TenantSchemaFixture!

    override func setUpWithError() throws { fixture = try TenantSchemaFixture(prefix: "wh") }
    override func tearDown() { fixture?.drop() }

    private func endpoint(_ types: [WebhookEventType], url: String = "https://hooks.example.com/recur", enabled: Bool = true) throws -> WebhookEndpoint {
        try fixture.transaction { db in
            try WebhookEndpointRepository(db).create(WebhookEndpointDraft(url: url, eventTypes: types, enabled: enabled)).0
        }
    }

    private func deliveries(_ endpoint: WebhookEndpoint) throws -> [WebhookDelivery] {
        try fixture.transaction { db in try WebhookEndpointRepository(db).deliveries(of: endpoint.id).items }
    }

    func testAnInvoiceIssuedByHandFansOutToEachEnabledSubscribedEndpointWithTheNotificationIdAsEventId() throws {
        let invoices = try endpoint([.invoiceIssued, .invoiceOverdue])
        let disabled = try endpoint([.invoiceIssued], enabled: false)
        let tasks = try endpoint([.taskDue])
        let invoice = try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            return try build.issued(for: try build.customer())
        }
        let notification = try fixture.transaction { db in
            try XCTUnwrap(try NotificationRepository(db).list(NotificationFilter(invoiceID: invoice.id)).items.first)
        }
        let delivered = try deliveries(invoices)
        XCTAssertEqual(delivered.map(\.eventID), [notification.id])
        XCTAssertEqual(delivered.first?.eventType, "invoice.issued")
        XCTAssertEqual(delivered.first?.status, .pending)
        let body = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(try XCTUnwrap(delivered.first).payload.utf8)) as? [String: Any])
        XCTAssertEqual(body["id"] as? String, notification.id.uuidString.lowercased())
        XCTAssertEqual(body["type"] as? String, "invoice.issued")
        XCTAssertNotNil(body["created_at"] as? String)
        XCTAssertEqual((body["data"] as? [String: Any])?["invoice_id"] as? String, invoice.id.uuidString.lowercased())
        XCTAssertEqual(try deliveries(disabled).count, 0, "a disabled endpoint gets nothing")
        XCTAssertEqual(try deliveries(tasks).count, 0, "nor one subscribed to other types")
    }

    func testAnEODLikeCopyOfManyInvoicesFansOutInOneStatement() throws {
        let first = try endpoint([.invoiceIssued])
        let second = try endpoint([.invoiceIssued], url: "https://erp.example.com/in")
        let summaries = (1...25).map { number in
            IssuedInvoiceSummary(
                id: UUID(), number: "INV-2026-\(number)", invoiceDate: CalendarDate(year: 2026, month: 12, day: 6)!,
                dueDate: CalendarDate(year: 2027, month: 1, day: 5)!, total: ExactDecimal("120.00")!, currency: .eur,
                statementReference: nil, partyID: UUID(), partyName: "Globex", partyEmail: "ap@globex.test")
        }
        let written = try fixture.transaction { db in try InvoiceIssuedNotification.write(summaries, on: db) }
        XCTAssertEqual(written, 25)
        let ids = try fixture.transaction { db in
            Set(try db.query("SELECT id FROM notification_outbox WHERE kind = 'invoice_issued'").map { try $0.decode(UUID.self, "id") })
        }
        XCTAssertEqual(Set(try deliveries(first).map(\.eventID)), ids)
        XCTAssertEqual(Set(try deliveries(second).map(\.eventID)), ids, "every endpoint gets the same event id")
    }

    func testAnInsertedNotificationFansOutToo() throws {
        let tasks = try endpoint([.taskDue])
        _ = try fixture.transaction { db in
            try db.query(
                """
                INSERT INTO notification_outbox (kind, dedupe_key, subject, body, payload)
                VALUES ('task_due', 'task_due:a', 'Task due', 'Due today', '{"task_id":"a"}'),
                       ('task_due', 'task_due:b', 'Task due', 'Due today', '{"task_id":"b"}'),
                       ('budget_threshold', 'budget:c', 'Budget', 'Reached', '{}')
                """)
        }
        XCTAssertEqual(try deliveries(tasks).map(\.eventType), ["task.due", "task.due"])
    }

    func testAnEndpointFailingForThreeDaysIsDisabledAndTheTenantsAlertRecipientsAreTold() throws {
        let hooked = try endpoint([.invoiceIssued])
        _ = try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            return try build.issued(for: try build.customer())
        }
        func failOnce() throws -> (recorded: Int, disabled: Int) {
            let claimed = try fixture.transaction { db in try WebhookDeliveryQueue(db).claim(limit: 10, leaseSeconds: 60) }
            XCTAssertEqual(claimed.count, 1)
            return try fixture.transaction { db in
                try WebhookDeliveryQueue(db).record(
                    claimed.map {
                        WebhookAttemptRecord(
                            $0, startedAt: Date(), outcome: .transient(code: 503, message: "HTTP 503"), statusCode: 503,
                            latency: .milliseconds(12), policy: .standard, random: 0.5)
                    })
            }
        }
        XCTAssertEqual(try failOnce().disabled, 0)
        var current = try fixture.transaction { db in try WebhookEndpointRepository(db).get(hooked.id) }
        XCTAssertNotNil(current.failingSince)
        XCTAssertTrue(current.enabled)
        let delivery = try XCTUnwrap(try deliveries(hooked).first)
        XCTAssertEqual(delivery.status, .retrying)
        XCTAssertEqual(delivery.lastStatusCode, 503)
        XCTAssertEqual(delivery.lastLatencyMilliseconds, 12)

        // Three days of failures later (moved back here), the next failure disables it.
        try fixture.transaction { db in
            try db.query("UPDATE webhook_endpoints SET failing_since = now() - interval '3 days 1 minute'")
            try db.query("UPDATE webhook_deliveries SET next_attempt_at = now()")
        }
        XCTAssertEqual(try failOnce().disabled, 1)
        current = try fixture.transaction { db in try WebhookEndpointRepository(db).get(hooked.id) }
        XCTAssertFalse(current.enabled)
        XCTAssertTrue(current.disabledReason?.hasPrefix("every delivery failed since ") == true, "\(current)")
        let alert = try fixture.transaction { db in
            try XCTUnwrap(try NotificationRepository(db).list(NotificationFilter(kind: .webhookDisabled)).items.first)
        }
        XCTAssertNil(alert.recipient, "to the tenant's alert recipients")
        XCTAssertTrue(alert.body.contains(hooked.url), alert.body)

        // Disabled: its deliveries wait. Enabled again: the failure record is cleared and they go.
        _ = try fixture.transaction { db in try db.query("UPDATE webhook_deliveries SET next_attempt_at = now()") }
        XCTAssertEqual(try fixture.transaction { db in try WebhookDeliveryQueue(db).claim(limit: 10, leaseSeconds: 60) }.count, 0)
        current = try fixture.transaction { db in
            try WebhookEndpointRepository(db).update(hooked.id, WebhookEndpointDraft(url: hooked.url, eventTypes: hooked.eventTypes, enabled: true))
        }
        XCTAssertNil(current.failingSince)
        XCTAssertNil(current.disabledReason)
        let claimed = try fixture.transaction { db in try WebhookDeliveryQueue(db).claim(limit: 10, leaseSeconds: 60) }
        XCTAssertEqual(claimed.count, 1)
        try fixture.transaction { db in
            _ = try WebhookDeliveryQueue(db).record(
                claimed.map {
                    WebhookAttemptRecord($0, startedAt: Date(), outcome: .sent, statusCode: 200, latency: .milliseconds(5), policy: .standard, random: 0.5)
                })
        }
        XCTAssertEqual(try deliveries(hooked).first?.status, .sent)
    }
}
