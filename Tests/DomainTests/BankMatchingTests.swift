import Foundation
import XCTest

@testable import Domain

/// Issue 27: suggestions rank the invoice a bank line pays first, by reference, amount and party.
final class BankMatchingTests: XCTestCase {
    private func money(_ text: String) -> ExactDecimal { ExactDecimal(text) ?? .zero }
    private func day(_ text: String) -> CalendarDate { CalendarDate(text) ?? CalendarDate(year: 2026, month: 1, day: 1)! }

    private lazy var acme = MatchCandidate(
        id: UUID(), number: "INV-2026-000001", partyID: UUID(), partyName: "Acme SARL", outstanding: money("120.00"),
        invoiceDate: day("2026-03-01"), dueDate: day("2026-03-31"))
    private lazy var beta = MatchCandidate(
        id: UUID(), number: "INV-2026-000002", partyID: UUID(), partyName: "Beta GmbH", outstanding: money("120.00"),
        invoiceDate: day("2026-03-01"), dueDate: day("2026-03-31"))
    private lazy var eaux = MatchCandidate(
        id: UUID(), number: "INV-2026-000003", partyID: UUID(), partyName: "Société Générale des Eaux",
        partyIBANs: ["GB82WEST12345698765432"], outstanding: money("480.00"), invoiceDate: day("2026-03-02"), dueDate: nil)

    private func line(_ amount: String, _ text: String, name: String? = nil, iban: String? = nil, reference: String? = nil) -> BankStatementLine {
        BankStatementLine(
            bookingDate: day("2026-03-30"), amount: money(amount), description: text, reference: reference, counterpartyName: name,
            counterpartyIBAN: iban)
    }

    func testTheInvoiceNumberInTheTextOutranksAnEqualAmount() {
        let ranked = BankMatcher().suggestions(for: line("120.00", "VIR SEPA Facture INV-2026-000002 merci"), among: [acme, beta, eaux])
        XCTAssertEqual(ranked.first?.candidateID, beta.id)
        XCTAssertEqual(ranked.first?.reasons.prefix(2), [.invoiceNumber, .exactAmount])
        XCTAssertEqual(ranked.dropFirst().first?.candidateID, acme.id, "the same amount alone ranks next")
        XCTAssertGreaterThan(ranked[0].score, ranked[1].score)
    }

    func testAValidCreditorReferenceBuiltFromTheNumberWins() throws {
        let reference = try XCTUnwrap(BankIdentifiers.creditorReference(forPayload: "INV2026000003"))
        let spaced = stride(from: 0, to: reference.count, by: 4).map { start -> String in
            let from = reference.index(reference.startIndex, offsetBy: start)
            return String(reference[from...].prefix(4))
        }.joined(separator: " ")
        let ranked = BankMatcher().suggestions(for: line("100.00", "Paiement \(spaced)"), among: [acme, beta, eaux])
        XCTAssertEqual(ranked.first?.candidateID, eaux.id)
        XCTAssertEqual(ranked.first?.reasons.first, .creditorReference)
        // A reference with wrong check digits is not one.
        let wrong = "RF00" + reference.dropFirst(4)
        XCTAssertNil(BankMatcher().suggestions(for: line("100.00", "Paiement \(wrong)"), among: [eaux]).first?.reasons.first { $0 == .creditorReference })
    }

    /// Text right after a reference can make a longer string that passes mod 97 by chance; the reference still counts.
    func testAReferenceFollowedByTextThatExtendsItToAnotherValidOneStillCounts() throws {
        let reference = try XCTUnwrap(BankIdentifiers.creditorReference(forPayload: "INV2026000003"))
        let letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        let suffix = try XCTUnwrap(
            letters.flatMap { a in letters.map { b in String([a, b]) } }.first { BankIdentifiers.creditorReference(reference + $0) != nil })
        let ranked = BankMatcher().suggestions(for: line("480.00", "VIR \(reference)\(suffix) SEPA"), among: [acme, eaux])
        XCTAssertEqual(ranked.first?.candidateID, eaux.id)
        XCTAssertEqual(ranked.first?.reasons.first, .creditorReference)
    }

    func testAnExactAmountAloneFindsTheOnlyInvoiceOfThatAmount() {
        let ranked = BankMatcher().suggestions(for: line("480.00", "VIREMENT RECU"), among: [acme, beta, eaux])
        XCTAssertEqual(ranked.map(\.candidateID), [eaux.id])
        XCTAssertEqual(ranked.first?.reasons.contains(.exactAmount), true)
    }

    func testThePartyDecidesBetweenTwoInvoicesOfTheSameAmount() {
        let byName = BankMatcher().suggestions(for: line("120.00", "VIR RECU", name: "BETA GMBH"), among: [acme, beta])
        XCTAssertEqual(byName.first?.candidateID, beta.id)
        XCTAssertEqual(byName.first?.reasons.contains(.partyName), true)
        let folded = BankMatcher().suggestions(for: line("200.00", "VIR SOCIETE GENERALE DES EAUX"), among: [acme, beta, eaux])
        XCTAssertEqual(folded.first?.candidateID, eaux.id, "diacritics and case folded")
        let byIBAN = BankMatcher().suggestions(for: line("480.00", "X", iban: "GB82WEST12345698765432"), among: [acme, eaux])
        XCTAssertEqual(byIBAN.first.map { Array($0.reasons.prefix(2)) }, [.exactAmount, .partyIBAN])
    }

    func testMoneyOutAndUnrelatedLinesGetNoSuggestion() {
        XCTAssertEqual(BankMatcher().suggestions(for: line("-120.00", "INV-2026-000001"), among: [acme]), [])
        XCTAssertEqual(BankMatcher().suggestions(for: line("7.00", "CB BOULANGERIE"), among: [acme, beta, eaux]), [])
    }

    /// The indexed matcher scores only the candidates its lookups return; over random lines and candidates (numbers
    /// in tokens and inside spaced text, creditor references, equal, close and partial amounts, names with
    /// diacritics, IBANs) it gives exactly the ranking of every candidate, and with a floor above 60 exactly the
    /// part of that ranking at or above the floor.
    func testTheIndexGivesExactlyTheRankingOfEveryCandidate() throws {
        var state: UInt64 = 0x2545F4914F6CDD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let names = ["Acme SARL", "Société Générale des Eaux", "Beta GmbH", "Boulangerie Dupont", "Zeta", "Acme"]
        let ibans = ["GB82WEST12345698765432", "FR1420041010050500013M02606", "DE89370400440532013000"]
        let parties = names.map { _ in UUID() }
        var candidates = [MatchCandidate]()
        for n in 0..<240 {
            let party = next(names.count)
            let number = n % 3 == 0 ? "F2026\(String(format: "%06d", n))" : "INV-2026-\(String(format: "%06d", n))"
            candidates.append(
                MatchCandidate(
                    id: UUID(), number: number, partyID: parties[party], partyName: names[party],
                    partyIBANs: party < ibans.count ? [ibans[party]] : [], outstanding: money("\(100 + next(12) * 25).\(next(2) * 50)"),
                    invoiceDate: day("2026-03-01"), dueDate: next(4) == 0 ? nil : day("2026-03-\(10 + next(18))")))
        }
        let index = MatchIndex(candidates)
        let matcher = BankMatcher()
        var compared = 0
        for _ in 0..<400 {
            let target = candidates[next(candidates.count)]
            var text = ["VIR SEPA", "Paiement", "CB"][next(3)]
            switch next(5) {
            case 0: text += " facture \(target.number) merci"
            case 1: text += " REF\(target.number.replacingOccurrences(of: "-", with: " ").dropFirst(2))"
            case 2:
                let payload = target.number.filter { $0.isLetter || $0.isNumber }
                text += " " + (BankIdentifiers.creditorReference(forPayload: payload) ?? "")
            case 3: text += " " + target.number.prefix(7) + " " + target.number.dropFirst(7)
            default: text += " divers"
            }
            let amount = [target.outstanding.description, "\(100 + next(12) * 25).00", "\(99 + next(300)).\(next(99))", "1.00"][next(4)]
            let line = BankStatementLine(
                bookingDate: day("2026-03-\(10 + next(20))"), amount: money(amount), description: text, reference: nil,
                counterpartyName: next(3) == 0 ? nil : names[next(names.count)].uppercased(),
                counterpartyIBAN: next(4) == 0 ? ibans[next(ibans.count)] : nil)
            let all = matcher.rankingAll(line, in: index)
            XCTAssertEqual(matcher.suggestions(for: line, in: index), all, "line \(text) \(amount)")
            XCTAssertEqual(matcher.suggestions(for: line, in: index, floor: 70), all.filter { $0.score >= 70 }, "line \(text) \(amount)")
            compared += all.count
        }
        XCTAssertGreaterThan(compared, 400, "the lines had suggestions to compare")
    }
}
