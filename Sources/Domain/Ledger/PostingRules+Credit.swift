import Foundation

extension PostingRules {
    /// The memo of the receivable line that records a customer credit (the part of a credit note beyond what its
    /// invoice still owed); the store files that line under the credit note rather than the invoice.
    public static let customerCreditMemo = "customer credit"

    /// Issuing a credit note: the reverse of ``invoiceIssued(controlAccount:total:lines:taxTotal:taxAccount:)`` for
    /// the credited part — Dr each income account Σ its credited nets, Dr tax payable the credited tax; Cr the
    /// receivable the total, as two lines when part of it is a customer credit: what settles the invoice
    /// (`total − customerCredit`), then the customer credit (memo ``customerCreditMemo``).
    public static func creditNoteIssued(
        receivable: UUID, total: ExactDecimal, customerCredit: ExactDecimal,
        lines: [(incomeAccount: UUID, net: ExactDecimal)], taxTotal: ExactDecimal, taxAccount: () throws -> UUID
    ) rethrows -> [PostingLine] {
        try creditNoteIssued(
            receivable: receivable, total: total, customerCredit: customerCredit, lines: lines,
            taxes: [(nil, taxTotal)], defaultTaxAccount: taxAccount)
    }

    /// As ``creditNoteIssued(receivable:total:customerCredit:lines:taxTotal:taxAccount:)`` with the tax debited per
    /// credited line's account (its tax code's payable account; `nil`: `defaultTaxAccount`, the tenant's tax
    /// payable), the reverse of ``invoiceIssued(controlAccount:total:lines:campaigns:taxes:defaultTaxAccount:)``.
    /// `campaigns` (by line: the credited invoice line's campaign) splits an income debit per campaign as the issue
    /// entry split its credit, so a campaign budget's actual drops by what is credited.
    public static func creditNoteIssued(
        receivable: UUID, total: ExactDecimal, customerCredit: ExactDecimal,
        lines: [(incomeAccount: UUID, net: ExactDecimal)], campaigns: [String?] = [],
        taxes: [(account: UUID?, tax: ExactDecimal)], defaultTaxAccount: () throws -> UUID
    ) rethrows -> [PostingLine] {
        let issued = try invoiceIssued(
            controlAccount: receivable, total: total, lines: lines, campaigns: campaigns, taxes: taxes,
            defaultTaxAccount: defaultTaxAccount)
        var result = issued.dropFirst().map {
            PostingLine(account: $0.account, side: .debit, amount: $0.amount, memo: $0.memo, campaign: $0.campaign)
        }
        let settling = (try? total.subtracting(customerCredit)) ?? total
        if settling.isPositive {
            result.append(PostingLine(account: receivable, side: .credit, amount: settling))
        }
        if customerCredit.isPositive {
            result.append(PostingLine(account: receivable, side: .credit, amount: customerCredit, memo: customerCreditMemo))
        }
        return result
    }

    /// Refunding a customer credit (a payment out): Dr the receivable; Cr the bank account.
    public static func customerCreditRefunded(receivable: UUID, bankAccount: UUID, amount: ExactDecimal) -> [PostingLine] {
        [
            PostingLine(account: receivable, side: .debit, amount: amount, memo: customerCreditMemo),
            PostingLine(account: bankAccount, side: .credit, amount: amount),
        ]
    }

    /// Applying a customer credit to an invoice: Dr the receivable the credit sits on (filed under the credit
    /// note); Cr the receivable the invoice was debited to (filed under the invoice).
    public static func customerCreditApplied(
        creditReceivable: UUID, invoiceReceivable: UUID, amount: ExactDecimal
    ) -> [PostingLine] {
        [
            PostingLine(account: creditReceivable, side: .debit, amount: amount, memo: customerCreditMemo),
            PostingLine(account: invoiceReceivable, side: .credit, amount: amount),
        ]
    }
}
