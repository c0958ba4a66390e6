import Foundation
import Postgres
import StoreTestSupport
import TestSupport
import XCTest

@testable import Store

/// Migration 0018 moves a tenant's recurring sales orders (sales orders with a `recurring_schedule`) to
/// `recurring_sales_orders` without losing their lines, cursor, state or posted occurrences.
final class RecurringSalesOrderMigrationTests: XCTestCase {
    private var fixture: StoreFixture!

    override func setUpWithError() throws { fixture = try StoreFixture() }
    override func tearDown() { fixture?.tearDown() }

    func testRecurringOrdersBecomeTemplatesWithTheirLinesCursorAndOccurrences() throws {
        let (rows, posted) = try fixture.migrating(from: 18, "mig18") { db, migrate in
            try db.simpleQuery(
                """
                INSERT INTO parties (id, kind, name, currency, payment_terms_days, control_account_id)
                SELECT '11111111-1111-1111-1111-111111111111', 'customer', 'Acme', 'EUR', 14, id
                FROM accounts WHERE role = 'accountsReceivable';
                INSERT INTO items (id, kind, code, name, unit_price, currency, income_account_id)
                SELECT '22222222-2222-2222-2222-222222222222', 'service', 'SUP', 'Support', 50, 'EUR', id
                FROM accounts WHERE role = 'salesIncome';
                -- A won recurring order that posted its first occurrence, and a cancelled one.
                INSERT INTO sales_orders (id, party_id, order_date, currency, reference, payment_terms_days,
                                          recurring_schedule, recurring_last_posted_index, recurring_last_posted_date,
                                          status, confirmed_on, confirmed_at)
                VALUES ('33333333-3333-3333-3333-333333333333', '11111111-1111-1111-1111-111111111111', '2026-01-15',
                        'EUR', 'SO-1', 14, '{"kind":"monthly","start":"2026-01-15"}', 0, '2026-01-15',
                        'won', '2026-01-15', now()),
                       ('55555555-5555-5555-5555-555555555555', '11111111-1111-1111-1111-111111111111', '2026-01-15',
                        'EUR', 'SO-2', 14, '{"kind":"monthly","start":"2026-01-15"}', NULL, NULL,
                        'cancelled', NULL, NULL);
                INSERT INTO sales_order_lines (order_id, line_no, item_id, description, quantity, unit_price)
                VALUES ('33333333-3333-3333-3333-333333333333', 1, '22222222-2222-2222-2222-222222222222', 'Support', 2, 50),
                       ('55555555-5555-5555-5555-555555555555', 1, '22222222-2222-2222-2222-222222222222', 'Support', 1, 50);
                INSERT INTO sales_orders (id, party_id, order_date, currency, payment_terms_days, recurring_parent_id)
                VALUES ('44444444-4444-4444-4444-444444444444', '11111111-1111-1111-1111-111111111111', '2026-01-15',
                        'EUR', 14, '33333333-3333-3333-3333-333333333333');
                INSERT INTO recurring_sales_order_occurrences (template_id, occurrence_date, occurrence_index, order_id)
                VALUES ('33333333-3333-3333-3333-333333333333', '2026-01-15', 0, '44444444-4444-4444-4444-444444444444');
                """)
            try migrate()
            return (
                try RecurringSalesOrderRepository(db).list().items,
                try SalesOrderRepository(db).get(UUID(uuidString: "44444444-4444-4444-4444-444444444444")!)
            )
        }
        let templates = Dictionary(uniqueKeysWithValues: rows.map { ($0.id.uuidString.lowercased(), $0) })
        let won = try XCTUnwrap(templates["33333333-3333-3333-3333-333333333333"])
        XCTAssertEqual(won.recurring.state, .active)
        XCTAssertEqual(won.recurring.lastPostedIndex, 0)
        XCTAssertEqual(won.recurring.lastPostedDate?.description, "2026-01-15")
        XCTAssertEqual(won.lines.map(\.quantity.description), ["2.0000"])
        XCTAssertEqual(won.reference, "SO-1")
        XCTAssertEqual(won.sourceOrderID, won.id)
        let cancelled = try XCTUnwrap(templates["55555555-5555-5555-5555-555555555555"])
        XCTAssertEqual(cancelled.recurring.state, .ended)
        XCTAssertNotNil(cancelled.recurring.endedAt)
        XCTAssertEqual(templates.count, 2)
        XCTAssertEqual(posted.recurringSalesOrderID, won.id)
    }
}
