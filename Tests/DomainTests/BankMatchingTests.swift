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
}
