import Foundation

/// An open item a bank line may settle: an issued, unpaid customer invoice.
public struct MatchCandidate: Sendable, Hashable {
    public var id: UUID
    public var number: String
    public var partyID: UUID
    public var partyName: String
    /// IBANs the party paid from before (learnt from reconciled lines).
    public var partyIBANs: Set<String>
    public var outstanding: ExactDecimal
    public var invoiceDate: CalendarDate
    public var dueDate: CalendarDate?

    public init(
        id: UUID, number: String, partyID: UUID, partyName: String, partyIBANs: Set<String> = [], outstanding: ExactDecimal,
        invoiceDate: CalendarDate, dueDate: CalendarDate?
    ) {
        self.id = id
        self.number = number
        self.partyID = partyID
        self.partyName = partyName
        self.partyIBANs = partyIBANs
        self.outstanding = outstanding
        self.invoiceDate = invoiceDate
        self.dueDate = dueDate
    }
}

/// Why a candidate was suggested.
public enum MatchReason: String, WireEnum, Sendable, Hashable {
    /// The invoice number appears in the line's text or reference.
    case invoiceNumber
    /// A valid ISO 11649 creditor reference whose payload is the invoice number.
    case creditorReference
    case exactAmount
    /// Within the tolerance of the outstanding amount.
    case closeAmount
    /// The line's amount is less than the outstanding (a partial payment).
    case partialAmount
    case partyIBAN
    case partyName
    /// Booked within 30 days of the due date (or of the invoice date).
    case dateNear
}

/// A ranked suggestion: the candidate, a score 0–100 and its reasons.
public struct MatchSuggestion: Sendable, Hashable {
    public var candidateID: UUID
    public var score: Int
    public var reasons: [MatchReason]
}

/// Ranks open invoices for a bank line. Pure: the same line and candidates give the same ranking.
///
/// Points: creditor reference 60, invoice number 50 (only one of the two counts), exact amount 30, close
/// amount 15, partial amount 5, party IBAN 25, party name 15, date within 30 days 0–5. Capped at 100; a
/// suggestion needs 20 points and at least one reason other than the date.
public struct BankMatcher: Sendable {
    /// The relative tolerance of ``MatchReason/closeAmount`` (1 % by default), and its absolute floor.
    public var tolerance: ExactDecimal
    public var minimumScore: Int
    public var limit: Int

    public init(tolerance: ExactDecimal = ExactDecimal(significand: 1, scale: 2) ?? .zero, minimumScore: Int = 20, limit: Int = 5) {
        self.tolerance = tolerance
        self.minimumScore = minimumScore
        self.limit = limit
    }

    /// The highest score a candidate can reach without its invoice number or creditor reference in the line:
    /// exact amount 30 + party IBAN 25 + date 5. Above it, only referenced candidates can score (see `floor`).
    public static let maxScoreWithoutReference = 60

    public func suggestions(for line: BankStatementLine, among candidates: [MatchCandidate]) -> [MatchSuggestion] {
        suggestions(for: [line], among: candidates)[0]
    }

    /// The suggestions of each line, in order; the candidates are indexed once for all lines.
    public func suggestions(for lines: [BankStatementLine], among candidates: [MatchCandidate]) -> [[MatchSuggestion]] {
        let index = MatchIndex(candidates, tolerance: tolerance)
        return lines.map { suggestions(for: $0, in: index) }
    }

    /// The suggestions of one line among indexed candidates: exactly the ranking of every candidate (see
    /// ``rankingAll(_:_:)``), but only the candidates that can reach ``minimumScore`` are scored: those whose number
    /// or creditor reference the line names, whose outstanding is near the line's amount, or whose party the line's
    /// IBAN or name points to. With `floor` above ``maxScoreWithoutReference`` only the first kind is looked at
    /// and only suggestions scoring `floor` or more are given: the same as the full ranking's (auto-reconcile).
    public func suggestions(for line: BankStatementLine, in index: MatchIndex, floor: Int = 0) -> [MatchSuggestion] {
        guard line.amount.isPositive else { return [] }  // money out never settles a customer invoice
        let context = LineContext(line)
        var picked = Set<Int>()
        for reference in context.references { picked.formUnion(index.byPayload[reference] ?? []) }
        for token in context.tokens { picked.formUnion(index.byNumber[token] ?? []) }
        index.longNumbers(in: context.compactText) { picked.formUnion($0) }
        let referencedOnly = floor > Self.maxScoreWithoutReference
        if !referencedOnly {
            picked.formUnion(index.amounts(near: line.amount))
            if let iban = line.counterpartyIBAN { picked.formUnion(index.byIBAN[iban] ?? []) }
            for party in index.parties
            where Self.nameMatches(party.name, words: party.words, counterparty: context.counterparty, text: context.tokens) {
                picked.formUnion(party.members)
            }
        }
        var result = [(MatchSuggestion, Int)]()
        for position in picked {
            let prepared = index.prepared[position]
            guard let suggestion = score(context, prepared), suggestion.score >= floor else { continue }
            result.append((suggestion, prepared.order))
        }
        result.sort { $0.0.score != $1.0.score ? $0.0.score > $1.0.score : $0.1 < $1.1 }
        return result.prefix(limit).map(\.0)
    }

    /// What is compared of a candidate, computed once.
    struct PreparedCandidate: Sendable {
        let candidate: MatchCandidate
        let order: Int
        let number: String
        let payload: String
        let name: String
        let nameWords: [String]

        init(_ candidate: MatchCandidate, order: Int, name: String, nameWords: [String]) {
            self.candidate = candidate
            self.order = order
            number = BankMatcher.withoutSpaces(BankMatcher.normalized(candidate.number))
            payload = BankMatcher.payload(number)
            self.name = name
            self.nameWords = nameWords
        }
    }

    /// What is compared of a line, computed once.
    struct LineContext {
        let line: BankStatementLine
        let tokens: Set<String>
        let compactText: String
        let references: Set<String>
        let counterparty: String

        init(_ line: BankStatementLine) {
            self.line = line
            let text = BankMatcher.normalized([line.description, line.reference ?? "", line.counterpartyName ?? ""].joined(separator: " "))
            tokens = Set(text.split(separator: " ").map(String.init))
            compactText = BankMatcher.withoutSpaces(text)
            references = Set(
                BankMatcher.creditorReferences(in: [line.reference ?? "", line.description].joined(separator: " ")).map { String($0.dropFirst(4)) })
            counterparty = BankMatcher.normalized(line.counterpartyName ?? "")
        }
    }

    /// The ranking of every candidate, one by one: the definition ``suggestions(for:in:floor:)`` keeps to.
    func rankingAll(_ line: BankStatementLine, in index: MatchIndex) -> [MatchSuggestion] {
        guard line.amount.isPositive else { return [] }
        let context = LineContext(line)
        var result = [(MatchSuggestion, Int)]()
        for prepared in index.prepared {
            if let suggestion = score(context, prepared) { result.append((suggestion, prepared.order)) }
        }
        result.sort { $0.0.score != $1.0.score ? $0.0.score > $1.0.score : $0.1 < $1.1 }
        return result.prefix(limit).map(\.0)
    }

    /// The candidate's score and reasons for the line, or `nil` below ``minimumScore`` or on the date alone.
    func score(_ context: LineContext, _ prepared: PreparedCandidate) -> MatchSuggestion? {
        let line = context.line
        let candidate = prepared.candidate
        var score = 0
        var reasons = [MatchReason]()
        if !prepared.payload.isEmpty, context.references.contains(prepared.payload) {
            score += 60
            reasons.append(.creditorReference)
        } else if prepared.number.count >= 3,
                  context.tokens.contains(prepared.number) || (prepared.number.count >= 6 && context.compactText.contains(prepared.number)) {
            score += 50
            reasons.append(.invoiceNumber)
        }
        if line.amount == candidate.outstanding {
            score += 30
            reasons.append(.exactAmount)
        } else if isClose(line.amount, candidate.outstanding) {
            score += 15
            reasons.append(.closeAmount)
        } else if line.amount < candidate.outstanding {
            score += 5
            reasons.append(.partialAmount)
        }
        if let iban = line.counterpartyIBAN, candidate.partyIBANs.contains(iban) {
            score += 25
            reasons.append(.partyIBAN)
        } else if Self.nameMatches(prepared.name, words: prepared.nameWords, counterparty: context.counterparty, text: context.tokens) {
            score += 15
            reasons.append(.partyName)
        }
        let anchor = candidate.dueDate ?? candidate.invoiceDate
        let distance = abs(anchor.days(to: line.bookingDate))
        if distance <= 30 && line.bookingDate >= candidate.invoiceDate {
            score += distance <= 3 ? 5 : distance <= 10 ? 3 : 1
            reasons.append(.dateNear)
        }
        guard score >= minimumScore, reasons.contains(where: { $0 != .dateNear && $0 != .partialAmount }) else { return nil }
        return MatchSuggestion(candidateID: candidate.id, score: min(score, 100), reasons: reasons)
    }

    func isClose(_ amount: ExactDecimal, _ outstanding: ExactDecimal) -> Bool {
        guard let difference = try? amount.subtracting(outstanding).magnitude,
              let allowed = try? outstanding.multiplied(by: tolerance)
        else { return false }
        return difference <= allowed
    }

    /// Every valid ISO 11649 reference in the text (`RF18 5390 0754 7034` written with or without spaces), with
    /// the valid shorter prefixes of a longer one.
    static func creditorReferences(in text: String) -> [String] {
        let upper = Array(uppercased(text).utf8)
        var found = [String]()
        var index = 0
        while index + 1 < upper.count {
            defer { index += 1 }
            guard upper[index] == UInt8(ascii: "R"), upper[index + 1] == UInt8(ascii: "F") else { continue }
            // Take ASCII letters and digits after RF, spaces skipped, up to 25 in all; then keep every valid
            // prefix: text written after the reference ("RF18 5390 0754 7034 VIR SEPA") makes a longer string that
            // may pass mod 97 by chance (about 1 in 97 per length), and stopping at the longest would lose the
            // reference itself.
            var candidate: [UInt8] = [UInt8(ascii: "R"), UInt8(ascii: "F")]
            for byte in upper[(index + 2)...] {
                if (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) { candidate.append(byte) }
                else if byte == 32 { continue }
                else { break }
                if candidate.count >= 25 { break }
            }
            var length = candidate.count
            while length >= 5 {
                if BankIdentifiers.isCreditorReference(candidate[0..<length]) { found.append(String(decoding: candidate[0..<length], as: UTF8.self)) }
                length -= 1
            }
        }
        return found
    }

    /// Lower case, letters and digits only, single spaces; diacritics folded (`Société Générale` → `societe generale`).
    static func normalized(_ text: String) -> String {
        if let ascii = asciiNormalized(text) { return ascii }
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var result = ""
        var space = true
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "/" {
                result.unicodeScalars.append(scalar)
                space = false
            } else if !space {
                result.append(" ")
                space = true
            }
        }
        return result.trimmingCharacters(in: .whitespaces)
    }

    /// ``normalized(_:)`` of ASCII text without Foundation (`nil` for other text), the same result: folding ASCII is
    /// lower-casing it and its alphanumerics are 0-9, A-Z, a-z. Foundation's folding and character sets cost tens of
    /// microseconds a line on Linux; the benchmark's 100,000 lines would spend seconds there.
    static func asciiNormalized(_ text: String) -> String? {
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.utf8.count)
        var space = true
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            let lower = byte >= 65 && byte <= 90 ? byte + 32 : byte
            if (lower >= 97 && lower <= 122) || (lower >= 48 && lower <= 57) || lower == 45 || lower == 47 {
                bytes.append(lower)
                space = false
            } else if !space {
                bytes.append(32)
                space = true
            }
        }
        if bytes.last == 32 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Case and diacritics folded (`Intérêts` → `interets`), as rules compare texts; ASCII without Foundation.
    public static func folded(_ text: String) -> String {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }
        return String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// The text without its spaces (U+0020, one byte in UTF-8).
    static func withoutSpaces(_ text: String) -> String { String(decoding: text.utf8.filter { $0 != 32 }, as: UTF8.self) }

    /// Upper-cased; ASCII without Foundation.
    static func uppercased(_ text: String) -> String {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.uppercased() }
        return String(decoding: text.utf8.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }, as: UTF8.self)
    }

    /// The letters and digits of `text`, upper-cased (a creditor reference's payload).
    static func payload(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(
                decoding: text.utf8.compactMap { byte -> UInt8? in
                    switch byte {
                    case 48...57, 65...90: return byte
                    case 97...122: return byte - 32
                    default: return nil
                    }
                }, as: UTF8.self)
        }
        return String(text.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }).uppercased()
    }

    /// Words of 3+ letters of a normalized name, legal forms aside.
    static func significantWords(_ name: String) -> [String] {
        let legal: Set<String> = ["sa", "sas", "sarl", "gmbh", "ltd", "inc", "llc", "bv", "nv", "ag", "spa", "srl", "the", "and"]
        return name.split(separator: " ").map(String.init).filter { $0.count >= 3 && !legal.contains($0) }
    }

    /// The party's name is the counterparty's (or contains it, or is in it), or every significant word of it is in
    /// the text.
    static func nameMatches(_ name: String, words: [String], counterparty: String, text: Set<String>) -> Bool {
        guard !name.isEmpty else { return false }
        if !counterparty.isEmpty && (counterparty == name || counterparty.contains(name) || name.contains(counterparty)) { return true }
        return !words.isEmpty && words.allSatisfy(text.contains)
    }
}
