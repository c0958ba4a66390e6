import Foundation

/// One movement on a bank account as a statement reports it: signed (credits positive), on its booking date.
public struct BankStatementLine: Sendable, Hashable {
    /// The bank's own id of the movement (CAMT `AcctSvcrRef`, OFX `FITID`), when it gives one.
    public var bankReference: String?
    public var bookingDate: CalendarDate
    public var valueDate: CalendarDate?
    /// Money in is positive, money out negative; never zero.
    public var amount: ExactDecimal
    /// Free text: CAMT `Ustrd` and additional info, OFX `NAME`/`MEMO`, the CSV description column.
    public var description: String
    /// A structured reference: an ISO 11649 creditor reference or the CSV reference column.
    public var reference: String?
    public var counterpartyName: String?
    public var counterpartyIBAN: String?
    /// CAMT `RvslInd`: the movement undoes an earlier one (its sign is already the reversal's).
    public var isReversal: Bool

    public init(
        bankReference: String? = nil, bookingDate: CalendarDate, valueDate: CalendarDate? = nil, amount: ExactDecimal,
        description: String, reference: String? = nil, counterpartyName: String? = nil, counterpartyIBAN: String? = nil,
        isReversal: Bool = false
    ) {
        self.bankReference = bankReference
        self.bookingDate = bookingDate
        self.valueDate = valueDate
        self.amount = amount
        self.description = description
        self.reference = reference
        self.counterpartyName = counterpartyName
        self.counterpartyIBAN = counterpartyIBAN
        self.isReversal = isReversal
    }
}

/// One statement of a file (a CAMT file may hold several): its lines and the balances it states.
public struct BankStatement: Sendable, Hashable {
    /// The statement's own id (CAMT `Stmt/Id`), if any.
    public var statementID: String?
    /// The account it is for, as the file names it (IBAN or other id), if it does.
    public var accountIdentifier: String?
    public var currency: Currency?
    public var openingBalance: ExactDecimal?
    public var closingBalance: ExactDecimal?
    public var lines: [BankStatementLine]
}

/// The formats a statement file may come in.
public enum BankStatementFormat: String, WireEnum, Sendable, Hashable {
    case camt053, ofx, csv
}

/// Why a statement file was refused: where (a line, an element path) and what.
public struct BankStatementError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `line 12`, `Stmt[2]/Ntry[3]/Amt`, `line 4 column 3`: what a person looks for in the file.
    public var location: String
    public var message: String

    public init(_ location: String, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { location.isEmpty ? message : "\(location): \(message)" }
}

/// Rules every format shares: the size cap, the balance check, the identity of a line.
public enum BankStatementRules {
    /// The first `maxCharacters` characters of `text`: the text itself, without walking its characters, when it has
    /// no more UTF-8 bytes than that (every field of a bank export but the rare long one).
    public static func clipped(_ text: String, _ maxCharacters: Int) -> String {
        text.utf8.count <= maxCharacters ? text : String(text.prefix(maxCharacters))
    }

    /// The largest file parsed (10 MiB); the HTTP server's own body limit may be lower.
    public static let maxFileBytes = 10 << 20
    /// The most lines one file may hold.
    public static let maxLines = 100_000

    /// Checks opening + Σ lines = closing when the statement states both.
    public static func checkBalances(_ statement: BankStatement, at location: String) throws(BankStatementError) {
        guard let opening = statement.openingBalance, let closing = statement.closingBalance else { return }
        var sum = opening
        do {
            for line in statement.lines { sum = try sum.adding(line.amount) }
        } catch {
            throw BankStatementError(location, "the movements overflow")
        }
        guard sum == closing else {
            throw BankStatementError(
                location, "opening balance \(opening) + movements = \(sum), but the closing balance is \(closing)")
        }
    }

    /// Checks that every amount and balance fits what is stored (``AmountLimits``: below 10¹⁴, at most 4 places).
    public static func checkStoredAmounts(_ statements: [BankStatement]) throws(BankStatementError) {
        for (s, statement) in statements.enumerated() {
            let balances = [statement.openingBalance, statement.closingBalance].compactMap { $0 }
            for balance in balances where AmountLimits.violation(balance.magnitude, at: "", sign: .nonNegative) != nil {
                throw BankStatementError("statement \(s + 1)", "the balance \(balance) is out of range (below 10^14, at most 4 decimal places)")
            }
            for (l, line) in statement.lines.enumerated()
            where AmountLimits.violation(line.amount.magnitude, at: "", sign: .positive) != nil {
                throw BankStatementError(
                    "statement \(s + 1) movement \(l + 1) (\(line.bookingDate))",
                    "the amount \(line.amount) is out of range (below 10^14, at most 4 decimal places)")
            }
        }
    }

    /// The identity that makes a re-import add nothing: the bank's reference when it gives one, otherwise a stable
    /// hash of date, amount and description with the ordinal of equal lines in the file (the second identical
    /// coffee of the day is a second line).
    ///
    /// The equal lines are counted by the FNV state of their text (date|amount|description), each state's first line
    /// compared byte for byte on a repeat; two different texts with one state (a 64-bit collision) send the file to
    /// ``exactIdentities(_:)``, which counts by the text itself: the same identities either way. Counting by the texts
    /// (a dictionary of 100,000 strings, each built by interpolation) was 20 % of the server's samples importing
    /// 100,000 lines.
    public static func identities(_ lines: [BankStatementLine]) -> [String] {
        var counted = [UInt64: (first: Int, count: Int)](minimumCapacity: lines.count)
        var identities = [String]()
        identities.reserveCapacity(lines.count)
        var key = [UInt8](), other = [UInt8]()
        for (index, line) in lines.enumerated() {
            if let reference = line.bankReference, !reference.isEmpty {
                identities.append("ref:" + reference)
                continue
            }
            identityKey(line, into: &key)
            let state = fnv1a64(key, from: fnvOffsetBasis)
            var ordinal = 1
            if let seen = counted[state] {
                identityKey(lines[seen.first], into: &other)
                guard other == key else { return exactIdentities(lines) }
                ordinal = seen.count + 1
                counted[state] = (seen.first, ordinal)
            } else {
                counted[state] = (index, 1)
            }
            identities.append("hash:" + hex16(fnv1a64(Array("|\(ordinal)".utf8), from: state)))
        }
        return identities
    }

    /// ``identities(_:)`` counting the equal lines by their text.
    static func exactIdentities(_ lines: [BankStatementLine]) -> [String] {
        var seen = [String: Int]()
        return lines.map { line in
            if let reference = line.bankReference, !reference.isEmpty { return "ref:" + reference }
            let key = "\(line.bookingDate)|\(line.amount.normalized)|\(line.description)"
            let ordinal = (seen[key] ?? 0) + 1
            seen[key] = ordinal
            return "hash:" + fnv1a64(key + "|\(ordinal)")
        }
    }

    /// A line's text for its hash identity, as UTF-8: booking date|normalized amount|description.
    private static func identityKey(_ line: BankStatementLine, into key: inout [UInt8]) {
        key.removeAll(keepingCapacity: true)
        key.append(contentsOf: line.bookingDate.description.utf8)
        key.append(UInt8(ascii: "|"))
        key.append(contentsOf: line.amount.normalized.description.utf8)
        key.append(UInt8(ascii: "|"))
        key.append(contentsOf: line.description.utf8)
    }

    private static let fnvOffsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    /// FNV-1a 64 of `bytes`, continuing from `state` (the offset basis for a new hash).
    private static func fnv1a64(_ bytes: [UInt8], from state: UInt64) -> UInt64 {
        var hash = state
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// 16 lowercase hex digits.
    private static func hex16(_ value: UInt64) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// FNV-1a 64 of the UTF-8 bytes, as 16 hex digits: stable across runs and platforms (unlike `Hasher`).
    static func fnv1a64(_ text: String) -> String { hex16(fnv1a64(Array(text.utf8), from: fnvOffsetBasis)) }

    /// Text as UTF-8, or as Windows-1252 when `windows1252` is set (the encoding of most banks' CSV and OFX 1.x
    /// exports); `nil` when UTF-8 was asked for and the bytes are not UTF-8.
    public static func decode(_ bytes: [UInt8], windows1252: Bool) -> String? {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard windows1252 else { return String(validating: body, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        for byte in body {
            if (0x80...0x9F).contains(byte), let mapped = Unicode.Scalar(cp1252High[Int(byte - 0x80)]) {
                scalars.append(mapped)
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    /// Windows-1252 0x80…0x9F (the rest is Latin-1); undefined positions map to U+FFFD.
    private static let cp1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD,
        0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    /// A decimal as banks write it: `1234.56`, `-1 234,56`, `1.234,56`, `+12,00`, with the given separators.
    public static func amount(_ text: String, decimalSeparator: Character = ".", thousandsSeparator: Character? = nil)
        -> ExactDecimal?
    {
        var cleaned = ""
        for character in text.trimmedWhitespace() {
            if character == decimalSeparator {
                cleaned.append(".")
            } else if let thousands = thousandsSeparator, character == thousands {
                continue
            } else if character == " " || character == "\u{00A0}" || character == "\u{202F}" {
                continue
            } else if character == "+" && cleaned.isEmpty {
                continue
            } else {
                cleaned.append(character)
            }
        }
        return ExactDecimal(cleaned)
    }
}
