import Domain
import Foundation
import HTTPServer
import Store

/// The JSON of the bank accounts, statement imports and lines.
extension BankingRoutes {
    static func write(_ account: BankAccount, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(account.id)
            w.key("name"); w.string(account.name)
            w.key("ledger_account_id"); w.id(account.ledgerAccountID)
            w.key("iban"); w.optionalString(account.iban)
            w.key("bic"); w.optionalString(account.bic)
            w.key("account_number"); w.optionalString(account.accountNumber)
            w.key("currency"); w.string(account.currency.code)
            w.key("csv_mapping")
            if let mapping = account.csvMapping { w.raw(mapping.jsonText) } else { w.null() }
            w.key("auto_reconcile_min_score"); w.int(account.autoReconcileMinScore)
            w.key("archived"); w.bool(account.archivedAt != nil)
            w.key("created_at"); w.instant(account.createdAt)
            w.key("updated_at"); w.instant(account.updatedAt)
        }
    }

    static func write(_ result: BankStatementImport, currency: Currency, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(result.id)
            w.key("bank_account_id"); w.id(result.bankAccountID)
            w.key("format"); w.string(result.format.wireValue)
            w.key("statements"); w.int(result.statements)
            w.key("lines_added"); w.int(result.linesAdded)
            w.key("lines_skipped"); w.int(result.linesSkipped)
            w.key("closing_balance")
            if let closing = result.closingBalance { w.price(closing, currency) } else { w.null() }
            w.key("created_at"); w.instant(result.createdAt)
        }
    }

    static func write(
        _ line: BankLine, suggestions: [BankLineSuggestion], expenseSuggestions: [BankLineExpenseSuggestion] = [], into w: inout JSONWriter
    ) {
        let movement = line.line
        w.object { w in
            w.key("id"); w.id(line.id)
            w.key("bank_account_id"); w.id(line.bankAccountID)
            w.key("import_id"); w.id(line.importID)
            w.key("bank_reference"); w.optionalString(movement.bankReference)
            w.key("booking_date"); w.date(movement.bookingDate)
            w.key("value_date"); w.date(movement.valueDate)
            w.key("amount"); w.price(movement.amount, line.currency)
            w.key("currency"); w.string(line.currency.code)
            w.key("description"); w.string(movement.description)
            w.key("reference"); w.optionalString(movement.reference)
            w.key("counterparty_name"); w.optionalString(movement.counterpartyName)
            w.key("counterparty_iban"); w.optionalString(movement.counterpartyIBAN)
            w.key("is_reversal"); w.bool(movement.isReversal)
            w.key("reconciled"); w.bool(line.isReconciled)
            w.key("payment_id"); w.optionalID(line.paymentID)
            w.key("entry_id"); w.optionalID(line.entryID)
            w.key("expense_id"); w.optionalID(line.expenseID)
            w.key("reconciled_at"); w.instant(line.reconciledAt)
            w.key("suggestions"); w.objects(suggestions) { w, suggestion in
                w.key("invoice_id"); w.id(suggestion.invoiceID)
                w.key("invoice_number"); w.string(suggestion.invoiceNumber)
                w.key("party_id"); w.id(suggestion.partyID)
                w.key("party_name"); w.string(suggestion.partyName)
                w.key("outstanding"); w.money(suggestion.outstanding, line.currency)
                w.match(suggestion)
            }
            w.key("expense_suggestions"); w.objects(expenseSuggestions) { w, suggestion in
                w.key("expense_id"); w.id(suggestion.expenseID)
                w.key("reference"); w.optionalString(suggestion.reference)
                w.key("vendor_id"); w.id(suggestion.vendorID)
                w.key("vendor_name"); w.string(suggestion.vendorName)
                w.key("amount"); w.money(suggestion.amount, line.currency)
                w.key("expense_date"); w.date(suggestion.expenseDate)
                w.match(suggestion)
            }
        }
    }
}

/// What a bank line's suggestion of either kind (an invoice, an expense) ends with: how well it matches and why.
protocol BankLineMatch {
    var score: Int { get }
    var reasons: [MatchReason] { get }
}

extension BankLineSuggestion: BankLineMatch {}
extension BankLineExpenseSuggestion: BankLineMatch {}

extension JSONWriter {
    /// `score`, then `reasons`.
    mutating func match(_ match: some BankLineMatch) {
        key("score"); int(match.score)
        key("reasons"); array { w in for reason in match.reasons { w.string(reason.wireValue) } }
    }
}
