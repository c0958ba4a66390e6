import Domain
import Foundation
import Postgres

/// Payments received, allocated to invoices: Dr bank, Cr the receivable each invoice was debited to.
///
/// The invoices are locked while a payment is recorded, so two concurrent payments cannot together overpay one.
public struct PaymentRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// Records a payment and applies it to its invoices (partially or fully paid).
    ///
    /// - Throws: ``LedgerError/validation(_:)`` at `partyId`, `amount` (≠ Σ allocations), `reference`,
    ///   `bankAccountId`, `allocations`, `allocations/N/invoiceId` (unknown, another party's, not open),
    ///   `allocations/N/amount` (overpays the invoice).
    public func record(_ draft: PaymentDraft) throws -> Payment {
        var errors = TextField.violations(draft.reference, at: "reference", maxLength: 200)
        guard let party = try PartyRepository(db).find(draft.partyID) else {
            throw LedgerError.validation(
                FieldViolations(errors + [FieldViolation(path: "partyId", code: .invalidValue, message: "names no party")]))
        }
        let bankAccount: UUID
        if let id = draft.bankAccountID {
            bankAccount = id
            if let violation = try AccountRepository(db).assetAccountViolation(id, at: "bankAccountId") { errors.append(violation) }
        } else {
            bankAccount = try AccountRepository(db).account(role: .bank).id
        }
        let id = UUID()
        try db.transaction { db in
            let invoices = try Dictionary(
                db.query(PaymentStatements.lockInvoices, [SQLArray(draft.allocations.map(\.invoiceID))]).map {
                    (try $0.decode(UUID.self, "id"), $0)
                }, uniquingKeysWith: { first, _ in first })
            var requests = [PaymentAllocationRequest]()
            var receivables = [UUID]()
            for (index, allocation) in draft.allocations.enumerated() {
                let path = "allocations/\(index)/invoiceId"
                var outstanding = ExactDecimal.zero
                var receivable = bankAccount
                if let row = invoices[allocation.invoiceID] {
                    let status = try LedgerSQL.value(InvoiceStatus.self, row, "status")
                    if try row.decode(UUID.self, "party_id") != party.id {
                        errors.append(FieldViolation(path: path, code: .invalidValue, message: "is another party's invoice"))
                    } else if !status.isOpen {
                        errors.append(
                            FieldViolation(path: path, code: .invalidValue, message: "is \(status.wireValue): only issued, unpaid invoices take payments"))
                    } else if try LedgerSQL.currency(row) != party.currency {
                        errors.append(FieldViolation(path: path, code: .invalidValue, message: "is in another currency"))
                    } else {
                        outstanding = try row.decode(ExactDecimal.self, "total").subtracting(row.decode(ExactDecimal.self, "amount_paid"))
                            .subtracting(row.decode(ExactDecimal.self, "credit_applied"))
                        receivable = try row.decode(UUID?.self, "receivable_account_id") ?? party.controlAccountID
                    }
                } else {
                    errors.append(FieldViolation(path: path, code: .invalidValue, message: "names no invoice"))
                }
                requests.append(
                    PaymentAllocationRequest(
                        invoiceID: allocation.invoiceID.uuidString, outstanding: outstanding, amount: allocation.amount))
                receivables.append(receivable)
            }
            do {
                try PaymentAllocationCheck.validate(
                    amount: draft.amount, allocations: requests, minorUnits: party.currency.minorUnits)
            } catch let error as FieldViolations {
                // Overpayment on an invoice already reported (unknown, not open) is noise.
                let reported = Set(errors.map { $0.path.replacingOccurrences(of: "/invoiceId", with: "") })
                errors += error.errors.filter { !reported.contains($0.path.replacingOccurrences(of: "/amount", with: "")) }
            }
            try LedgerError.check(errors)

            let document = DocumentReference(type: "payment", id: id)
            let rule = PostingRules.paymentReceived(
                bankAccount: bankAccount, amount: draft.amount,
                allocations: zip(receivables, draft.allocations).map { ($0, $1.amount) })
            // The bank line concerns the payment; each receivable line the invoice it settles.
            let documents = [document] + draft.allocations.map { DocumentReference(type: "invoice", id: $0.invoiceID) }
            let lines = zip(rule, documents).map { JournalLineDraft($0, partyID: party.id, document: $1) }
            let entry = try JournalRepository(db).post(
                JournalEntryDraft(
                    date: draft.date, currency: party.currency, memo: draft.reference.map { "Payment \($0)" } ?? "Payment",
                    sourceType: "payment", sourceID: id, lines: lines))
            try db.query(
                PaymentStatements.insert,
                [
                    id, party.id, LedgerSQL.date(draft.date), draft.amount, party.currency.code, draft.method.rawValue,
                    draft.reference, bankAccount, entry,
                ])
            let invoiceIDs = SQLArray(draft.allocations.map(\.invoiceID))
            let amounts = SQLArray(draft.allocations.map(\.amount))
            try db.query(PaymentStatements.insertAllocations, [id, invoiceIDs, amounts])
            try db.query(PaymentStatements.applyAllocations, [invoiceIDs, amounts, ExactDecimal(1)])
        }
        return try get(id)
    }

    /// Reverses a payment: posts the reverse of its entry dated `date` and takes its allocations off the invoices.
    /// - Throws: ``LedgerError/conflict(_:)`` if it is already reversed.
    public func reverse(_ id: UUID, on date: CalendarDate) throws -> Payment {
        try db.transaction { db in
            let row = try db.query(PaymentStatements.lock, [id]).first(orNotFound: "payment", id: id)
            guard try row.isNull("reversal_entry_id") else { throw LedgerError.conflict("the payment is already reversed") }
            let allocations = try db.query(PaymentStatements.allocations, [SQLArray([id])])
            let invoiceIDs = SQLArray(try allocations.map { try $0.decode(UUID.self, "invoice_id") })
            _ = try db.query(PaymentStatements.lockInvoices, [invoiceIDs])
            // A payment that shares its entry (auto-reconcile's, sql/tenant/0050) reverses its own lines only, and
            // takes its amount off the entry's one bank line when it has one (0051).
            let first = try row.decode(Int?.self, "entry_first_line")
            let last = try row.decode(Int?.self, "entry_last_line")
            let reversal = try JournalRepository(db).reverse(
                try row.decode(UUID.self, "entry_id"), lines: first.flatMap { first in last.map { first...max(first, $0) } },
                balancedBy: try row.decode(Int?.self, "entry_bank_line"), on: date, memo: "Reversal of payment",
                sourceType: "paymentReversal", sourceID: id)
            try db.query(
                PaymentStatements.applyAllocations,
                [invoiceIDs, SQLArray(try allocations.map { try $0.decode(ExactDecimal.self, "amount") }), ExactDecimal(-1)])
            try db.query(PaymentStatements.markReversed, [id, reversal, LedgerSQL.date(date)])
        }
        return try get(id)
    }

    /// The payment with `id` and its allocations.
    public func get(_ id: UUID) throws -> Payment {
        let row = try db.query(PaymentStatements.byID, [id]).first(orNotFound: "payment", id: id)
        guard let payment = try withAllocations([row]).first else { throw LedgerError.notFound(resource: "payment", id: id.uuidString.lowercased()) }
        return payment
    }

    /// A page of payments, newest first, optionally of one party.
    public func list(partyID: UUID? = nil, page: PageRequest = PageRequest()) throws -> Page<Payment> {
        let rows = try db.query(PaymentStatements.list, [partyID] + page.parameters)
        let (page, kept) = try Page.make(rows: rows, limit: page.limit) { try $0.decode(UUID.self, "id") }
        return Page(items: try withAllocations(kept), next: page.next)
    }

    private func withAllocations(_ rows: [PostgresRow]) throws -> [Payment] {
        let ids = try rows.map { try $0.decode(UUID.self, "id") }
        guard !ids.isEmpty else { return [] }
        let allocations = try db.children(PaymentStatements.allocations, of: ids, parent: "payment_id") { row in
            PaymentAllocation(invoiceID: try row.decode(UUID.self, "invoice_id"), amount: try row.decode(ExactDecimal.self, "amount"))
        }
        return try rows.map { row in
            let id = try row.decode(UUID.self, "id")
            return Payment(
                id: id, partyID: try row.decode(UUID.self, "party_id"), date: try LedgerSQL.date(row, "payment_date"),
                amount: try row.decode(ExactDecimal.self, "amount"), currency: try LedgerSQL.currency(row),
                method: try LedgerSQL.value(PaymentMethod.self, row, "method"), reference: try row.decode(String?.self, "reference"),
                bankAccountID: try row.decode(UUID.self, "bank_account_id"), entryID: try row.decode(UUID.self, "entry_id"),
                reversalEntryID: try row.decode(UUID?.self, "reversal_entry_id"),
                reversedOn: try LedgerSQL.optionalDate(row, "reversed_on"), reversedAt: try row.decode(Date?.self, "reversed_at"),
                createdAt: try row.decode(Date.self, "created_at"), allocations: allocations[id] ?? [])
        }
    }
}
