import Foundation

/// Which side of an entry a line is on.
public enum EntrySide: String, Sendable, Hashable {
    case debit, credit
}

/// One line of a journal entry as a posting rule gives it. The store adds what only it knows (the party, the
/// document the line concerns).
public struct PostingLine: Sendable, Hashable {
    public var account: UUID
    public var side: EntrySide
    /// Greater than zero.
    public var amount: ExactDecimal
    public var memo: String?
    /// The campaign the line counts for (`journal_lines.campaign`, a budget dimension).
    public var campaign: String?

    public init(account: UUID, side: EntrySide, amount: ExactDecimal, memo: String? = nil, campaign: String? = nil) {
        self.account = account
        self.side = side
        self.amount = amount
        self.memo = memo
        self.campaign = campaign
    }
}

/// The posting rules of DOMAIN.md, as pure functions: every path that posts a document (a request, the EOD
/// batch) turns it into journal lines here, so that the same document always gives the same lines.
public enum PostingRules {
    /// Issuing an invoice: Dr the party's control account (AR, or AP) the total; Cr each income account the sum
    /// of its lines' nets, in order of first appearance, positive sums only; Cr tax payable the tax, when positive
    /// (`taxAccount` is asked for only then). `campaigns` (by line, empty for none) splits an account's credit per
    /// campaign, each credit line carrying its campaign.
    public static func invoiceIssued(
        controlAccount: UUID, total: ExactDecimal, lines: [(incomeAccount: UUID, net: ExactDecimal)],
        campaigns: [String?] = [], taxTotal: ExactDecimal, taxAccount: () throws -> UUID
    ) rethrows -> [PostingLine] {
        try invoiceIssued(
            controlAccount: controlAccount, total: total, lines: lines, campaigns: campaigns, taxes: [(nil, taxTotal)],
            defaultTaxAccount: taxAccount)
    }

    /// Issuing an invoice whose lines' tax goes to accounts of their own (tax codes): as
    /// ``invoiceIssued(controlAccount:total:lines:taxTotal:taxAccount:)``, then Cr each tax account Σ the tax of its
    /// lines, in order of first appearance, positive sums only. A line without an account (no tax code) credits
    /// `defaultTaxAccount` (the tenant's tax payable), asked for only when such a line has tax. `campaigns` as there.
    public static func invoiceIssued(
        controlAccount: UUID, total: ExactDecimal, lines: [(incomeAccount: UUID, net: ExactDecimal)],
        campaigns: [String?] = [], taxes: [(account: UUID?, tax: ExactDecimal)], defaultTaxAccount: () throws -> UUID
    ) rethrows -> [PostingLine] {
        var result = [PostingLine(account: controlAccount, side: .debit, amount: total)]
        result.reserveCapacity(lines.count + 2)
        // An invoice has a handful of lines: a linear search beats hashing (and allocating a dictionary).
        var credits = [(account: UUID, campaign: String?, amount: ExactDecimal)]()
        credits.reserveCapacity(lines.count)
        for (offset, line) in lines.enumerated() {
            let campaign = offset < campaigns.count ? campaigns[offset] : nil
            if let index = credits.firstIndex(where: { $0.account == line.incomeAccount && $0.campaign == campaign }) {
                credits[index].amount = (try? credits[index].amount.adding(line.net)) ?? credits[index].amount
            } else {
                credits.append((line.incomeAccount, campaign, line.net))
            }
        }
        for credit in credits where credit.amount.isPositive {
            result.append(PostingLine(account: credit.account, side: .credit, amount: credit.amount, campaign: credit.campaign))
        }
        var defaultAccount: UUID?
        var resolved = [(account: UUID, amount: ExactDecimal)]()
        resolved.reserveCapacity(taxes.count)
        for tax in taxes where tax.tax.isPositive {
            if let account = tax.account {
                resolved.append((account, tax.tax))
            } else {
                let account = try defaultAccount ?? defaultTaxAccount()
                defaultAccount = account
                resolved.append((account, tax.tax))
            }
        }
        for credit in sums(resolved) where credit.amount.isPositive {
            result.append(PostingLine(account: credit.account, side: .credit, amount: credit.amount, memo: "tax"))
        }
        return result
    }

    /// Σ amount per account, in order of first appearance. A document has a handful of lines: a linear search beats
    /// hashing (and allocating a dictionary).
    static func sums(_ amounts: [(account: UUID, amount: ExactDecimal)]) -> [(account: UUID, amount: ExactDecimal)] {
        var sums = [(account: UUID, amount: ExactDecimal)]()
        sums.reserveCapacity(amounts.count)
        for entry in amounts {
            if let index = sums.firstIndex(where: { $0.account == entry.account }) {
                sums[index].amount = (try? sums[index].amount.adding(entry.amount)) ?? sums[index].amount
            } else {
                sums.append(entry)
            }
        }
        return sums
    }

    /// Receiving a payment: Dr the bank account the amount; Cr each allocated invoice's receivable its share.
    public static func paymentReceived(
        bankAccount: UUID, amount: ExactDecimal, allocations: [(receivable: UUID, amount: ExactDecimal)]
    ) -> [PostingLine] {
        [PostingLine(account: bankAccount, side: .debit, amount: amount)]
            + allocations.map { PostingLine(account: $0.receivable, side: .credit, amount: $0.amount) }
    }

    /// Recording an expense: Dr the expense account; Cr the vendor's payable (unpaid) or the bank account (paid).
    /// With `inputTax` (the part of the tax-inclusive `amount` that is reclaimable tax, and the tax code's
    /// receivable account): Dr the expense account `amount − tax`, Dr the input tax account `tax` (no line when the
    /// tax is zero), Cr `amount`. See ``expenseInputTax(amount:rate:minorUnits:)``.
    public static func expenseRecorded(
        expenseAccount: UUID, creditAccount: UUID, amount: ExactDecimal,
        inputTax: (account: UUID, amount: ExactDecimal)? = nil
    ) -> [PostingLine] {
        guard let inputTax, inputTax.amount.isPositive, inputTax.amount < amount,
            let net = try? amount.subtracting(inputTax.amount)
        else {
            return [
                PostingLine(account: expenseAccount, side: .debit, amount: amount),
                PostingLine(account: creditAccount, side: .credit, amount: amount),
            ]
        }
        return [
            PostingLine(account: expenseAccount, side: .debit, amount: net),
            PostingLine(account: inputTax.account, side: .debit, amount: inputTax.amount, memo: "input tax"),
            PostingLine(account: creditAccount, side: .credit, amount: amount),
        ]
    }

    /// The input tax in a tax-inclusive expense `amount` at `rate` percent (0–100):
    /// `round(amount × rate / (100 + rate))` half-even to `minorUnits`, as for tax-inclusive invoice lines.
    public static func expenseInputTax(amount: ExactDecimal, rate: ExactDecimal, minorUnits: Int) -> ExactDecimal {
        guard rate.isPositive, let whole = try? ExactDecimal(100).adding(rate) else {
            return ExactDecimal.zero.rounded(toPlaces: minorUnits)
        }
        return CreditNoteCalculator.proportion(amount, rate, of: whole, places: minorUnits)
    }

    /// Paying an expense recorded unpaid: Dr the vendor's payable; Cr the bank account.
    public static func expensePaid(payableAccount: UUID, bankAccount: UUID, amount: ExactDecimal) -> [PostingLine] {
        [
            PostingLine(account: payableAccount, side: .debit, amount: amount),
            PostingLine(account: bankAccount, side: .credit, amount: amount),
        ]
    }
}
