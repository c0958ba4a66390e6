import Domain
import Foundation
import Postgres
import TestSupport
import XCTest

@testable import Store

/// The outbox as delivery workers use it: disjoint claims under concurrency, leases that run out (unknown outcome,
/// same notification sent again), the retry schedule and the dead letter, cancellation at send time, resending.
final class DeliveryQueueTests: XCTestCase {
    private var fixture: TenantSchemaFixture!

    override func setUpWithError() throws { fixture = try TenantSchemaFixture(prefix: "dq") }
    override func tearDown() { fixture?.drop() }

    /// `count` invoices issued (each queues its e-mail); returns the invoices.
    private func issue(_ count: Int) throws -> [Invoice] {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            return try (0..<count).map { _ in try build.issued(for: party) }
        }
    }

    private func claim(limit: Int = 100, lease: Int = 120, on connection: PostgresConnection? = nil) throws -> [ClaimedNotification] {
        try TenantSchemaFixture.transaction(on: connection ?? fixture.connection, schema: fixture.quotedSchema) { db in
            try DeliveryQueue(db).claim(limit: limit, leaseSeconds: lease)
        }
    }

    private func record(_ records: [AttemptRecord]) throws -> Int {
        try fixture.transaction { db in try DeliveryQueue(db).record(records) }
    }

    private func notification(_ id: UUID) throws -> OutboxNotification {
        try fixture.transaction { db in try NotificationRepository(db).get(id) }
    }

    func testConcurrentClaimsAreDisjointAndCoverEverythingDue() throws {
        _ = try issue(30)
        let other = try TestDatabase.connect()
        // The first claim holds its rows locked (transaction open) while the second claims: it skips them.
        var first: [ClaimedNotification] = []
        var second: [ClaimedNotification] = []
        try TenantSchemaFixture.transaction(on: fixture.connection, schema: fixture.quotedSchema) { db in
            first = try DeliveryQueue(db).claim(limit: 20, leaseSeconds: 120)
            second = try claim(limit: 100, on: other)
        }
        XCTAssertEqual(first.count, 20)
        XCTAssertEqual(second.count, 10)
        XCTAssertTrue(Set(first.map(\.notification.id)).isDisjoint(with: second.map(\.notification.id)))
        XCTAssertEqual(try claim().count, 0, "everything is claimed; leases have not run out")
        XCTAssertEqual(Set((first + second).map(\.attempt)), [1])
        XCTAssertEqual(Set((first + second).map(\.notification.status)), [.sending])
    }

    func testALeaseThatRunsOutIsClaimedAgainAsUnknownAndTheLateWorkerRecordsNothing() throws {
        _ = try issue(1)
        let lapsed = try XCTUnwrap(try claim(lease: 0).first)
        let again = try XCTUnwrap(try claim().first, "a lease that ran out is claimed again")
        XCTAssertEqual(again.notification.id, lapsed.notification.id, "same notification, so the same Message-ID")
        XCTAssertEqual(again.notification.messageID, lapsed.notification.messageID)
        XCTAssertEqual(again.attempt, 2)
        // The first worker comes back late: its outcome is not recorded over the second claim.
        XCTAssertEqual(try record([AttemptRecord(lapsed, startedAt: Date(), outcome: .sent, policy: .standard, random: 0.5)]), 0)
        XCTAssertEqual(try notification(again.notification.id).status, .sending)
        XCTAssertEqual(try record([AttemptRecord(again, startedAt: Date(), outcome: .sent, policy: .standard, random: 0.5)]), 1)
        let sent = try notification(again.notification.id)
        XCTAssertEqual(sent.status, .sent)
        XCTAssertNotNil(sent.sentAt)
        let log = try fixture.transaction { db in try NotificationRepository(db).attempts(sent.id) }
        XCTAssertEqual(log.map(\.outcome), ["unknown", "sent"])
    }

    func testTransientFailuresRetryOnTheScheduleThenDeadLetterAndPermanentOnesFailAtOnce() throws {
        _ = try issue(2)
        let claimed = try claim()
        let (a, b) = (claimed[0], claimed[1])
        _ = try record([
            AttemptRecord(a, startedAt: Date(), outcome: .transient(code: 451, message: "try later"), policy: .standard, random: 1),
            AttemptRecord(b, startedAt: Date(), outcome: .permanent(code: 550, message: "no such user"), policy: .standard, random: 0),
        ])
        let retrying = try notification(a.notification.id)
        XCTAssertEqual(retrying.status, .retrying)
        XCTAssertEqual(retrying.lastError, "try later")
        let wait = try XCTUnwrap(retrying.nextAttemptAt).timeIntervalSinceNow
        XCTAssertTrue((60...67).contains(wait), "1 minute + 10 % jitter at random = 1, got \(wait)")
        XCTAssertEqual(try notification(b.notification.id).status, .failed)
        XCTAssertEqual(try claim().count, 0, "a retry is not due before its time")

        // Every further attempt fails transiently: the seventh is the last.
        var attempt = a
        for number in 2...7 {
            try fixture.transaction { db in
                try db.query("UPDATE notification_outbox SET next_attempt_at = now() - interval '1 second' WHERE id = $1", [attempt.notification.id])
            }
            attempt = try XCTUnwrap(try claim().first)
            XCTAssertEqual(attempt.attempt, number)
            _ = try record([AttemptRecord(attempt, startedAt: Date(), outcome: .transient(code: nil, message: "relay down"), policy: .standard, random: 0.5)])
        }
        XCTAssertEqual(try notification(a.notification.id).status, .failed, "dead letter after 7 attempts")

        // Sent again by hand: queued now, same id, the log goes on.
        let resent = try fixture.transaction { db in try NotificationRepository(db).resend(a.notification.id) }
        XCTAssertEqual(resent.status, .pending)
        XCTAssertEqual(try XCTUnwrap(try claim().first).attempt, 8)
    }

    func testAnOverdueReminderForAnInvoicePaidSinceIsCancelledWhenClaimed() throws {
        let invoices = try issue(2)
        try fixture.transaction { db in
            // Both invoices fall overdue and are reminded; the first is paid before the reminders leave.
            try db.query("UPDATE notification_outbox SET status = 'sent', sent_at = now()")
            try db.query(
                """
                INSERT INTO notification_outbox (kind, dedupe_key, recipient, subject, body, payload)
                SELECT 'invoice_overdue', 'invoice_overdue:' || id || ':1', 'billing@acme.test', 'Overdue', 'Pay',
                       jsonb_build_object('invoice_id', id) FROM invoices
                """)
            _ = try PaymentRepository(db).record(
                PaymentDraft(
                    partyID: invoices[0].partyID, date: InvoicingBuilder.today, amount: invoices[0].total, method: .bankTransfer,
                    reference: nil, allocations: [PaymentAllocationDraft(invoiceID: invoices[0].id, amount: invoices[0].total)]))
        }
        let claimed = try claim()
        XCTAssertEqual(claimed.count, 2)
        let paid = try XCTUnwrap(claimed.first { $0.notification.invoiceID == invoices[0].id })
        let open = try XCTUnwrap(claimed.first { $0.notification.invoiceID == invoices[1].id })
        XCTAssertEqual(paid.cancellation, "the invoice is paid: no reminder is due")
        XCTAssertNil(open.cancellation)
        _ = try record([AttemptRecord(cancelling: paid, because: try XCTUnwrap(paid.cancellation), at: Date())])
        XCTAssertEqual(try notification(paid.notification.id).status, .cancelled)
    }
}
