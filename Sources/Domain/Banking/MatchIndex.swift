import Foundation

/// Open items indexed once for many bank lines (docs/banking.md, "Matching"): by creditor-reference payload, by
/// normalized invoice number (whole tokens, and numbers of 6+ characters inside the text with its spaces taken
/// out), by outstanding amount (sorted, for the exact and close amounts), by the IBANs a party paid from, and by
/// party name. ``BankMatcher/suggestions(for:in:floor:)`` scores only what these lookups return, which is every
/// candidate that can reach the matcher's minimum score; the cost per line is the size of that set, not the
/// number of candidates.
public struct MatchIndex: Sendable {
    /// One party name as compared (normalized, its significant words) and the candidates that bear it.
    struct Party: Sendable {
        let name: String
        let words: [String]
        var members: [Int]
    }

    let prepared: [BankMatcher.PreparedCandidate]
    let byPayload: [String: [Int]]
    let byNumber: [String: [Int]]
    /// Numbers of 6+ characters by UTF-8 length, keyed by ``windowHash(_:)``: a line's compact text is looked up
    /// window by window, the hash rolled from one window to the next (an integer key, not the window's bytes).
    let longNumbers: [LongNumbers]
    let byIBAN: [String: [Int]]
    /// (outstanding, position), ascending.
    let amounts: [(ExactDecimal, Int)]
    let parties: [Party]
    let tolerance: ExactDecimal
    let positions: [UUID: Int]

    public var count: Int { prepared.count }

    public init(_ candidates: [MatchCandidate], tolerance: ExactDecimal = BankMatcher().tolerance) {
        var names = [String: Int]()
        var parties = [Party]()
        var prepared = [BankMatcher.PreparedCandidate]()
        prepared.reserveCapacity(candidates.count)
        var byPayload = [String: [Int]]()
        var byNumber = [String: [Int]]()
        var numbersByLength = [Int: [UInt64: [Int]]]()
        var byIBAN = [String: [Int]]()
        for (position, candidate) in candidates.enumerated() {
            let party: Int
            if let known = names[candidate.partyName] {
                party = known
            } else {
                let name = BankMatcher.normalized(candidate.partyName)
                party = parties.count
                parties.append(Party(name: name, words: BankMatcher.significantWords(name), members: []))
                names[candidate.partyName] = party
            }
            parties[party].members.append(position)
            let item = BankMatcher.PreparedCandidate(
                candidate, order: position, name: parties[party].name, nameWords: parties[party].words)
            prepared.append(item)
            if !item.payload.isEmpty { byPayload[item.payload, default: []].append(position) }
            if item.number.count >= 3 { byNumber[item.number, default: []].append(position) }
            if item.number.count >= 6 {
                numbersByLength[item.number.utf8.count, default: [:]][Self.windowHash(item.number.utf8), default: []].append(position)
            }
            for iban in candidate.partyIBANs { byIBAN[iban, default: []].append(position) }
        }
        self.prepared = prepared
        self.byPayload = byPayload
        self.byNumber = byNumber
        longNumbers = numbersByLength.map { LongNumbers(length: $0.key, byHash: $0.value) }
        self.byIBAN = byIBAN
        self.amounts = candidates.enumerated().map { ($1.outstanding, $0) }.sorted { $0.0 < $1.0 }
        self.parties = parties.filter { !$0.name.isEmpty }
        self.tolerance = tolerance
        positions = Dictionary(candidates.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The indexed candidate with `id`.
    public func candidate(_ id: UUID) -> MatchCandidate? { positions[id].map { prepared[$0].candidate } }

    /// Calls `found` with the candidates whose number (6+ characters) is a part of `compactText`, byte for byte (the
    /// matcher then checks each as text: a superset is all this must give, and UTF-8 matches only whole scalars).
    func longNumbers(in compactText: String, _ found: ([Int]) -> Void) {
        guard !longNumbers.isEmpty else { return }
        let bytes = Array(compactText.utf8)
        for numbers in longNumbers where numbers.length <= bytes.count {
            var hash = Self.windowHash(bytes[0..<numbers.length])
            var start = 0
            while true {
                if let hits = numbers.byHash[hash] { found(hits) }
                let end = start + numbers.length
                guard end < bytes.count else { break }
                hash = (hash &- UInt64(bytes[start]) &* numbers.leadingPower) &* Self.hashMultiplier &+ UInt64(bytes[end])
                start += 1
            }
        }
    }

    /// The numbers of one UTF-8 length, by hash.
    struct LongNumbers: Sendable {
        let length: Int
        let byHash: [UInt64: [Int]]
        /// ``hashMultiplier`` to the power `length − 1`: the weight of a window's first byte, taken out as it rolls.
        let leadingPower: UInt64

        init(length: Int, byHash: [UInt64: [Int]]) {
            self.length = length
            self.byHash = byHash
            leadingPower = (1..<max(length, 1)).reduce(1) { power, _ in power &* MatchIndex.hashMultiplier }
        }
    }

    static let hashMultiplier: UInt64 = 0x0000_0100_0000_01b3

    /// Σ byte × multiplier^(n − 1 − i), wrapping: a polynomial hash that rolls; two windows with one hash are both
    /// looked at (the matcher checks each candidate as text), so a collision costs a comparison, never a match.
    static func windowHash<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        bytes.reduce(0) { $0 &* hashMultiplier &+ UInt64($1) }
    }

    /// The candidates whose outstanding may be `amount` exactly or within the tolerance: every one in
    /// [amount × (1 − 2t), amount × (1 + 2t)], a range that holds all of them for t ≤ ½ (all at or above the lower
    /// bound for a larger t); the matcher then checks each exactly.
    func amounts(near amount: ExactDecimal) -> [Int] {
        let two = ExactDecimal(2)
        guard let spread = try? tolerance.multiplied(by: two), let lowFactor = try? ExactDecimal(1).subtracting(spread),
              let low = try? amount.multiplied(by: lowFactor)
        else { return amounts.map(\.1) }
        let half = ExactDecimal(significand: 5, scale: 1) ?? .zero
        let high: ExactDecimal? = tolerance <= half ? (try? amount.multiplied(by: (try? ExactDecimal(1).adding(spread)) ?? two)) : nil
        var lower = 0
        var upper = amounts.count
        while lower < upper {  // first outstanding ≥ low
            let middle = (lower + upper) / 2
            if amounts[middle].0 < low { lower = middle + 1 } else { upper = middle }
        }
        var result = [Int]()
        var position = lower
        while position < amounts.count, high.map({ amounts[position].0 <= $0 }) ?? true {
            result.append(amounts[position].1)
            position += 1
        }
        return result
    }
}
