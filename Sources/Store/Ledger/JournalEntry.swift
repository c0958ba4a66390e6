import Domain
import Foundation

/// A document a posting is about: its kind (`invoice`, `payment`, …) and id.
public struct DocumentReference: Sendable, Hashable {
    /// A lower-camel-case kind, e.g. `invoice`, as stored; the API spells it by ``WireCase``.
    public let type: String
    public let id: UUID
}

/// One line of an entry to post: an account debited or credited a positive amount.
public struct JournalLineDraft: Sendable, Hashable {
    public var accountID: UUID
    public var side: EntrySide
    /// Greater than zero, in the entry's currency.
    public var amount: ExactDecimal
    public var partyID: UUID?
    public var memo: String?
    /// The document the line concerns, when it is not the entry's source (a payment line settling an invoice).
    public var document: DocumentReference?
    /// The campaign the line counts for (a budget dimension); department and project come from expenses (a trigger).
    public var campaign: String?

    public init(
        accountID: UUID, side: EntrySide, amount: ExactDecimal, partyID: UUID? = nil, memo: String? = nil,
        document: DocumentReference? = nil, campaign: String? = nil
    ) {
        self.campaign = campaign
        self.accountID = accountID
        self.side = side
        self.amount = amount
        self.partyID = partyID
        self.memo = memo
        self.document = document
    }

    /// A line of a posting rule (``PostingRules``), with the party and document the store knows.
    public init(_ line: PostingLine, partyID: UUID?, document: DocumentReference?) {
        self.init(
            accountID: line.account, side: line.side, amount: line.amount, partyID: partyID, memo: line.memo,
            document: document, campaign: line.campaign)
    }
}

/// An entry to post: balanced lines on one date, in one currency, caused by one source.
public struct JournalEntryDraft: Sendable, Hashable {
    public var date: CalendarDate
    public var currency: Currency
    public var memo: String?
    /// What caused it: `manual`, `invoice`, `invoiceVoid`, `payment`, `paymentReversal`, `reversal`, … (as stored;
    /// the API spells it by ``WireCase``: `invoice_void`).
    public var sourceType: String
    public var sourceID: UUID?
    public var lines: [JournalLineDraft]

    public init(
        date: CalendarDate, currency: Currency, memo: String? = nil, sourceType: String = "manual",
        sourceID: UUID? = nil, lines: [JournalLineDraft]
    ) {
        self.date = date
        self.currency = currency
        self.memo = memo
        self.sourceType = sourceType
        self.sourceID = sourceID
        self.lines = lines
    }

    /// Every problem: at least two lines, positive amounts in the currency's minor units, Σ debit = Σ credit.
    func violations() -> [FieldViolation] {
        var errors = [FieldViolation]()
        if lines.count < 2 {
            errors.append(FieldViolation(path: "lines", code: .required, message: "must have at least two lines"))
        }
        var debits = ExactDecimal.zero
        var credits = ExactDecimal.zero
        for (index, line) in lines.enumerated() {
            if let error = AmountLimits.violation(
                line.amount, at: "lines/\(index)/amount", sign: .positive, places: currency.minorUnits)
            {
                errors.append(error)
                continue
            }
            errors += TextField.violations(line.memo, at: "lines/\(index)/memo", maxLength: 500)
            switch line.side {
            case .debit: debits = (try? debits.adding(line.amount)) ?? debits
            case .credit: credits = (try? credits.adding(line.amount)) ?? credits
            }
        }
        errors += TextField.violations(memo, at: "memo", maxLength: 500)
        if errors.isEmpty, debits != credits {
            errors.append(
                FieldViolation(
                    path: "lines", code: .conflict,
                    message: "do not balance: debits \(debits) ≠ credits \(credits)"))
        }
        return errors
    }
}

/// A posted entry, as stored. Entries never change after posting.
public struct JournalEntry: Sendable, Hashable {
    public let id: UUID
    /// Posting order (not gapless).
    public let entryNumber: Int64
    public let date: CalendarDate
    public let currency: Currency
    public let memo: String?
    public let sourceType: String
    public let sourceID: UUID?
    /// The entry this one reverses, if it is a reversing entry.
    public let reversesEntryID: UUID?
    public let createdAt: Date
    public let lines: [JournalLine]
}

/// A posted line.
public struct JournalLine: Sendable, Hashable {
    public let lineNumber: Int
    public let accountID: UUID
    public let side: EntrySide
    public let amount: ExactDecimal
    public let partyID: UUID?
    public let memo: String?
    public let document: DocumentReference?
}

/// An account's balance in one currency: Σ debit and Σ credit of its postings.
public struct AccountBalance: Sendable, Hashable {
    public let accountID: UUID
    public let accountCode: String
    public let accountName: String
    public let currency: Currency
    public let debit: ExactDecimal
    public let credit: ExactDecimal
    /// debit − credit.
    public var net: ExactDecimal { (try? debit.subtracting(credit)) ?? .zero }
}
