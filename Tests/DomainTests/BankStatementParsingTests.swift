import TestSupport
import XCTest

@testable import Domain

/// Issue 27: statement files (CAMT.053, OFX 1.x and 2.x, CSV) parsed into lines; hostile and inconsistent files
/// refused with where the problem is.
final class BankStatementParsingTests: XCTestCase {
    private func amount(_ text: String) -> ExactDecimal { ExactDecimal(text) ?? .zero }

    func testIBANAndCreditorReferenceChecksFollowMod97() {
        XCTAssertEqual(BankIdentifiers.iban("de89 3704 0044 0532 0130 00"), "DE89370400440532013000")
        XCTAssertNil(BankIdentifiers.iban("DE89370400440532013001"), "one digit changed")
        XCTAssertNil(BankIdentifiers.iban("DE8937"))
        XCTAssertEqual(BankIdentifiers.creditorReference("RF18 5390 0754 7034"), "RF18539007547034")
        XCTAssertNil(BankIdentifiers.creditorReference("RF19539007547034"))
        let made = BankIdentifiers.creditorReference(forPayload: "INV2026000001")
        XCTAssertNotNil(made.flatMap { BankIdentifiers.creditorReference($0) }, "a reference made for a payload validates")
        XCTAssertEqual(BankIdentifiers.bic("deutdeff"), "DEUTDEFF")
        XCTAssertNil(BankIdentifiers.bic("DEUT1EFF"))
    }

    func testCAMT053ReadsEveryStatementSplitsTheBatchAndKeepsTheReversal() throws {
        let statements = try CAMT053Parser.parse(Array(BankStatementFiles.multiStatementCAMT().utf8))
        XCTAssertEqual(statements.count, 2)
        let first = statements[0]
        XCTAssertEqual(first.accountIdentifier, BankStatementFiles.accountIBAN)
        XCTAssertEqual(first.openingBalance, amount("1000.00"))
        XCTAssertEqual(first.closingBalance, amount("1461.50"))
        XCTAssertEqual(first.lines.map(\.amount), [amount("164.00"), amount("100.00"), amount("200.00"), amount("-2.50")])
        XCTAssertEqual(first.lines[0].reference, "RF18539007547034")
        XCTAssertEqual(first.lines[0].counterpartyName, "Acme SARL")
        XCTAssertEqual(first.lines[0].counterpartyIBAN, BankStatementFiles.customerIBAN)
        XCTAssertEqual(first.lines[0].bankReference, "BANKREF-1")
        XCTAssertEqual(first.lines[1].bankReference, "BANKREF-2#1", "a batch's transactions are told apart")
        XCTAssertEqual(first.lines[2].description, "Invoice G-200")
        XCTAssertEqual(first.lines[3].description, "Frais de tenue de compte")
        XCTAssertEqual(first.lines[0].bookingDate, CalendarDate("2026-03-10"))
        let second = statements[1]
        XCTAssertEqual(second.lines.count, 1, "the pending entry is not on the account yet")
        XCTAssertEqual(second.lines[0].amount, amount("-50.00"))
        XCTAssertTrue(second.lines[0].isReversal)
    }

    func testCAMT053WhoseBalancesDisagreeIsRefusedNamingTheStatement() {
        let file = BankStatementFiles.camt053([
            BankStatementFiles.statement(
                id: "S", opening: "10.00", closing: "20.00",
                entries: [BankStatementFiles.entry("5.00", "CRDT", date: "2026-03-02", reference: "R1")])
        ])
        XCTAssertThrowsError(try CAMT053Parser.parse(Array(file.utf8))) { error in
            let failure = error as? BankStatementError
            XCTAssertEqual(failure?.location, "Stmt[1]/Bal")
            XCTAssertTrue(failure?.message.contains("15.00") == true, failure?.message ?? "")
        }
    }

    func testCAMT053BatchThatDoesNotAddUpAndAMissingAmountAreRefusedWithTheElement() {
        let batch = BankStatementFiles.camt053([
            BankStatementFiles.statement(
                id: "S", opening: "0", closing: "300.00",
                entries: [
                    BankStatementFiles.entry("300.00", "CRDT", date: "2026-03-02", reference: "R1", transactions: [
                        BankStatementFiles.transaction(amount: "100.00"), BankStatementFiles.transaction(amount: "150.00"),
                    ])
                ])
        ])
        XCTAssertThrowsError(try CAMT053Parser.parse(Array(batch.utf8))) { error in
            XCTAssertTrue((error as? BankStatementError)?.location.hasPrefix("Stmt[1]/Ntry[1]") == true, "\(error)")
        }
        let broken = BankStatementFiles.multiStatementCAMT().replacingOccurrences(of: "<Amt Ccy=\"EUR\">2.50</Amt>", with: "<Amt Ccy=\"EUR\">2,50</Amt>")
        XCTAssertThrowsError(try CAMT053Parser.parse(Array(broken.utf8))) { error in
            XCTAssertTrue((error as? BankStatementError)?.location.hasPrefix("Stmt[1]/Ntry[3]/Amt (line ") == true, "\(error)")
        }
        XCTAssertThrowsError(try CAMT053Parser.parse(Array("<Document><BkToCstmrStmt><Stmt>".utf8))) { error in
            XCTAssertTrue((error as? BankStatementError)?.message.hasPrefix("malformed XML") == true, "\(error)")
        }
    }

    func testHostileXMLIsRefusedBeforeAnyEntityIsExpanded() {
        for file in [BankStatementFiles.billionLaughs, BankStatementFiles.externalEntity] {
            let started = Date()
            XCTAssertThrowsError(try CAMT053Parser.parse(Array(file.utf8))) { error in
                XCTAssertEqual((error as? BankStatementError)?.location, "line 2")
                XCTAssertTrue((error as? BankStatementError)?.message.contains("DOCTYPE") == true)
            }
            XCTAssertThrowsError(try OFXParser.parse(Array(file.utf8)))
            XCTAssertLessThan(Date().timeIntervalSince(started), 1)
        }
        let oversized = [UInt8](repeating: 32, count: BankStatementRules.maxFileBytes + 1)
        XCTAssertThrowsError(try CAMT053Parser.parse(oversized)) { error in
            XCTAssertTrue((error as? BankStatementError)?.message.contains("exceeds") == true, "\(error)")
        }
        XCTAssertThrowsError(try OFXParser.parse(oversized)) { error in
            XCTAssertTrue((error as? BankStatementError)?.message.contains("exceeds") == true, "\(error)")
        }
        XCTAssertThrowsError(try CSVStatementParser.parse(oversized, mapping: french))
    }

    func testOFX1SGMLWithWindows1252AndOFX2XMLReadTheSameFields() throws {
        let one = try OFXParser.parse(BankStatementFiles.ofx1)
        XCTAssertEqual(one.count, 1)
        XCTAssertEqual(one[0].currency?.code, "EUR")
        XCTAssertEqual(one[0].accountIdentifier, "0001234567")
        XCTAssertEqual(one[0].closingBalance, amount("1159.80"))
        XCTAssertEqual(one[0].lines.map(\.amount), [amount("164.00"), amount("-4.20")])
        XCTAssertEqual(one[0].lines.map(\.bankReference), ["OFX1-0001", "OFX1-0002"])
        XCTAssertEqual(one[0].lines[1].description, "CAFE / Café crème")
        XCTAssertEqual(one[0].lines[1].bookingDate, CalendarDate("2026-03-14"))

        let two = try OFXParser.parse(Array(BankStatementFiles.ofx2.utf8))
        XCTAssertEqual(two[0].lines.map(\.amount), [amount("-12.50"), amount("250.00")])
        XCTAssertEqual(two[0].lines[0].description, "Boulangerie & Co")
        XCTAssertEqual(two[0].lines[1].description, "Delta SA / INV-42")
        XCTAssertEqual(two[0].lines[0].bookingDate, CalendarDate("2026-03-15"))
        XCTAssertEqual(two[0].closingBalance, amount("1397.50"))

        let bad = BankStatementFiles.ofx2.replacingOccurrences(of: "<TRNAMT>250.00</TRNAMT>", with: "<TRNAMT>abc</TRNAMT>")
        XCTAssertThrowsError(try OFXParser.parse(Array(bad.utf8))) { error in
            XCTAssertTrue((error as? BankStatementError)?.location.hasSuffix("STMTTRN/TRNAMT") == true, "\(error)")
        }
    }

    private let french = CSVStatementMapping(
        delimiter: ";", decimalSeparator: ",", dateFormat: "DD/MM/YYYY", headerRows: 1, dateColumn: 1, debitColumn: 3,
        creditColumn: 4, descriptionColumn: 2, referenceColumn: 5)

    func testFrenchCSVWithDecimalCommasQuotesAndDebitCreditColumns() throws {
        XCTAssertEqual(french.violations(at: ""), [])
        let statement = try CSVStatementParser.parse(Array(BankStatementFiles.frenchCSV.utf8), mapping: french)
        XCTAssertEqual(statement.lines.map(\.amount), [amount("1234.56"), amount("-89.90"), amount("-3.20"), amount("-3.20")])
        XCTAssertEqual(statement.lines[0].description, "VIR SEPA ACME; facture INV-77")
        XCTAssertEqual(statement.lines[0].reference, "RF18539007547034")
        XCTAssertEqual(statement.lines[0].bookingDate, CalendarDate("2026-03-02"))
        let identities = BankStatementRules.identities(statement.lines)
        XCTAssertEqual(Set(identities).count, 4, "two identical card payments are two lines")
        XCTAssertEqual(identities, BankStatementRules.identities(statement.lines), "stable")
        XCTAssertEqual(identities, BankStatementRules.exactIdentities(statement.lines), "counted by hash = counted by text")
        // The identity of a line without the bank's reference, written out: FNV-1a 64 of "date|amount|description|n".
        XCTAssertEqual(identities[2], "hash:" + BankStatementRules.fnv1a64("2026-03-05|-3.2|CB CAFE DE LA GARE|1"))
        XCTAssertEqual(identities[3], "hash:" + BankStatementRules.fnv1a64("2026-03-05|-3.2|CB CAFE DE LA GARE|2"))

        var windows = french
        windows.encoding = .windows1252
        let latin = Array("Date;Libellé;Débit;Crédit\n02/03/2026;Caf".utf8) + [0xE9] + Array(";1,00;\n".utf8)
        XCTAssertThrowsError(try CSVStatementParser.parse(latin, mapping: french), "not UTF-8")
        XCTAssertEqual(try CSVStatementParser.parse(latin, mapping: windows).lines.first?.description, "Café")

        let badDate = BankStatementFiles.frenchCSV.replacingOccurrences(of: "05/03/2026;PRLV", with: "2026-03-05;PRLV")
        XCTAssertThrowsError(try CSVStatementParser.parse(Array(badDate.utf8), mapping: french)) { error in
            XCTAssertEqual((error as? BankStatementError)?.location, "line 3 column 1")
        }
    }

    func testAmountsBeyondWhatIsStoredAreRefused() throws {
        let huge = BankStatementFiles.camt053([
            BankStatementFiles.statement(
                id: "S", opening: "0", closing: "100000000000000.00",
                entries: [BankStatementFiles.entry("100000000000000.00", "CRDT", date: "2026-03-02", reference: "R1")])
        ])
        let statements = try CAMT053Parser.parse(Array(huge.utf8))
        XCTAssertThrowsError(try BankStatementRules.checkStoredAmounts(statements)) { error in
            XCTAssertEqual((error as? BankStatementError)?.location, "statement 1")
        }
        let fine = try CAMT053Parser.parse(Array(BankStatementFiles.multiStatementCAMT().utf8))
        XCTAssertNoThrow(try BankStatementRules.checkStoredAmounts(fine))
    }

    func testMappingViolationsNameTheirFields() {
        let mapping = CSVStatementMapping(delimiter: ",", decimalSeparator: ",", dateFormat: "QQ", dateColumn: 0)
        XCTAssertEqual(
            Set(mapping.violations(at: "csvMapping/").map(\.path)),
            ["csvMapping/amountColumn", "csvMapping/dateColumn", "csvMapping/dateFormat", "csvMapping/delimiter"])
    }

    /// The byte tokenizer gives exactly the Character tokenizer's rows, on hand-picked and random CSV text (quotes,
    /// doubled quotes, text after a closing quote, CR LF inside and outside quotes, CR, VT, FF, empty fields and rows,
    /// accents and a Euro sign, no final newline).
    func testByteRowsAreTheCharacterRows() throws {
        let samples = [
            "a;b;c\n1;2;3\n", "a;b", "a;", ";", "\n\n", "\"x\";\"y\"\"z\";\"multi\r\nline\"\r\nnext;é€\r\n",
            "\"ab\"cd;\"\"\n", "\"\"", "x;\"q\"\"\"", "a\rb\u{0B}c\u{0C}d", "\"a\rb\";c", "a\"b;\"c\"",
        ]
        var generator = SystemRandomNumberGenerator()
        let alphabet: [String] = ["a", "é", "€", ";", ",", "\"", "\"\"", "\n", "\r\n", "\r", " ", "1", "\u{0B}"]
        let random = (0..<400).map { _ in
            (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "" }.joined()
        }
        for text in samples + random {
            for delimiter: Character in [";", ","] {
                let characters = Result { () throws(BankStatementError) in try CSVStatementParser.characterRows(text, delimiter: delimiter) }
                let bytes = Result { () throws(BankStatementError) in try CSVStatementParser.byteRows(text, delimiter: delimiter.asciiValue ?? 0) }
                switch (characters, bytes) {
                case (.success(let expected), .success(let got?)):
                    // A trailing row of one empty field (a file ending in an empty quoted field) is blank either way.
                    let trimmed = got.last.map { $0.1 == [""] && expected.count == got.count - 1 } == true ? Array(got.dropLast()) : got
                    XCTAssertEqual(trimmed.map(\.0), expected.map(\.0), "line numbers of \(text.debugDescription)")
                    XCTAssertEqual(trimmed.map(\.1), expected.map(\.1), "fields of \(text.debugDescription)")
                case (.failure(let expected), .failure(let got)):
                    XCTAssertEqual(got.location, expected.location, text.debugDescription)
                default:
                    XCTFail("\(text.debugDescription): \(characters) vs \(bytes)")
                }
            }
        }
        XCTAssertNil(try CSVStatementParser.byteRows("a\u{2028}b", delimiter: UInt8(ascii: ";")))
    }
}
