import Domain
import Foundation
import Postgres
import XCTest

@testable import Store

/// Builders for the invoicing tests: a customer, an item, an invoice, on the fixture's schema.
struct InvoicingBuilder {
    let db: PostgresConnection
    static let today = CalendarDate(year: 2026, month: 3, day: 10)!

    func customer(_ name: String = "Acme", terms: Int = 30, currency: Currency = .eur) throws -> Party {
        try PartyRepository(db).create(
            PartyDraft(kind: .customer, name: name, email: "billing@acme.test", paymentTermsDays: terms, currency: currency),
            defaultCurrency: .eur)
    }

    func item(
        _ code: String = "HOSTING", price: String = "100.00", taxRate: String? = nil, template: ItemRecurringTemplate? = nil,
        currency: Currency = .eur
    ) throws -> Item {
        try ItemRepository(db).create(
            ItemDraft(
                code: code, name: "Item \(code)", kind: .service, unitPrice: ExactDecimal(price)!, currency: currency,
                taxRate: taxRate.flatMap(ExactDecimal.init), recurringTemplate: template),
            defaultCurrency: .eur)
    }

    func draft(for party: Party, lines: [InvoiceLineDraft], discount: Discount? = nil) throws -> Invoice {
        try InvoiceRepository(db).createDraft(InvoiceDraft(partyID: party.id, discount: discount, lines: lines))
    }

    /// A one-line draft for `amount`.
    func draft(for party: Party, amount: String) throws -> Invoice {
        try draft(for: party, lines: [InvoiceLineDraft(description: "Work", quantity: 1, unitPrice: ExactDecimal(amount)!)])
    }

    func issued(for party: Party, amount: String = "100.00") throws -> Invoice {
        try InvoiceRepository(db).issue(try draft(for: party, amount: amount).id, today: Self.today)
    }

    func account(_ role: AccountRole) throws -> UUID { try AccountRepository(db).account(role: role).id }

    /// Σ debit − Σ credit of `account` over the ledger.
    func balance(_ account: UUID) throws -> ExactDecimal {
        try db.query(
            "SELECT coalesce(sum(debit) - sum(credit), 0) AS net FROM journal_lines WHERE account_id = $1", [account]
        )[0].decode(ExactDecimal.self, "net")
    }
}

/// The `LedgerError` in `error`, or a failure.
func ledgerError(_ error: (any Error)?, file: StaticString = #filePath, line: UInt = #line) -> LedgerError? {
    guard let error = error as? LedgerError else {
        XCTFail("expected a LedgerError, got \(String(describing: error))", file: file, line: line)
        return nil
    }
    return error
}

/// Whether `error` is a ``LedgerError/conflict(_:)``.
func isConflict(_ error: (any Error)?) -> Bool {
    if case .conflict? = error as? LedgerError { return true }
    return false
}
