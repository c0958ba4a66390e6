import Documents
import Domain
import Foundation
import XCTest

/// The header's reference block (number, dates, service period, references) read back with `pdftotext -bbox -raw`:
/// no label's words overlap its value's words, in every locale, however long the label.
final class InvoiceHeaderLayoutTests: XCTestCase {
    private typealias Support = PDFTestSupport

    /// One word and its box, in points from the top-left corner, as `pdftotext -bbox` prints it.
    struct Word {
        let text: String
        let xMin, yMin, xMax, yMax: Double

        func overlaps(_ other: Word) -> Bool {
            xMin < other.xMax && other.xMin < xMax && yMin < other.yMax && other.yMin < yMax
        }
    }

    func testHeaderLabelsNeverOverlapTheirValues() throws {
        for locale in DocumentLocale.allCases {
            var credit = InvoiceDocument.sample(locale: locale)
            credit.kind = .creditNote
            credit.precedingInvoice = DocumentReference(number: "FA-2026-000099", issueDate: credit.issueDate)
            // Too long for one line beside its label: wrapped, still clear of the label.
            credit.buyerReference = "Bon de commande n° 2026-ACH-000481 du service achats, site de Lyon Gerland"
            for document in [InvoiceDocument.sample(locale: locale), credit] {
                let words = try Self.words(Support.renderToFile(document).path)
                var checked = 0
                for (label, value) in Self.rows(document) {
                    let labelWords = Self.split(label)
                    let valueWords = Self.split(value)
                    // In content-stream order (-raw) each row is its label's words, then its value's.
                    guard let start = Self.index(of: labelWords + valueWords, in: words) else {
                        XCTFail("\(locale) \(document.kind): «\(label)» then «\(value)» not found in:\n"
                            + words.map(\.text).joined(separator: " "))
                        continue
                    }
                    let labelBoxes = words[start..<start + labelWords.count]
                    let valueBoxes = words[start + labelWords.count..<start + labelWords.count + valueWords.count]
                    for labelBox in labelBoxes {
                        for valueBox in valueBoxes where labelBox.overlaps(valueBox) {
                            XCTFail("\(locale) \(document.kind): label word «\(labelBox.text)» "
                                + "[\(labelBox.xMin)…\(labelBox.xMax)] overlaps value word «\(valueBox.text)» "
                                + "[\(valueBox.xMin)…\(valueBox.xMax)] at y \(valueBox.yMin)")
                        }
                    }
                    // On the label's last line, the value starts after the label ends (with some space).
                    if let last = labelBoxes.last,
                        let first = valueBoxes.first(where: { abs($0.yMin - last.yMin) < 1 })
                    {
                        XCTAssertLessThanOrEqual(
                            last.xMax + 3, first.xMin,
                            "\(locale) \(document.kind): «\(label)» ends at \(last.xMax), «\(value)» starts at \(first.xMin)")
                    }
                    checked += 1
                }
                XCTAssertEqual(checked, Self.rows(document).count)
            }
        }
    }

    /// The labelled rows the header shows, as the renderer formats them.
    static func rows(_ document: InvoiceDocument) -> [(String, String)] {
        let locale = document.locale
        var rows: [(String, String)] = []
        if let number = document.number { rows.append((locale.label(.number), number)) }
        rows.append((locale.label(.issueDate), locale.date(document.issueDate)))
        if let due = document.dueDate { rows.append((locale.label(.dueDate), locale.date(due))) }
        if let period = document.servicePeriod {
            rows.append((locale.label(.servicePeriod), locale.date(period.start) + " – " + locale.date(period.end)))
        }
        if let reference = document.statementReference { rows.append((locale.label(.statementReference), reference)) }
        if let reference = document.buyerReference { rows.append((locale.label(.buyerReference), reference)) }
        if let preceding = document.precedingInvoice {
            rows.append((locale.label(.precedingInvoice), preceding.number + ", " + locale.date(preceding.issueDate)))
        }
        return rows
    }

    /// Words as `pdftotext` splits them: at spaces, no-break ones included.
    static func split(_ text: String) -> [String] {
        Support.normalized(text).split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// The first position where `sequence` occurs in `words`.
    static func index(of sequence: [String], in words: [Word]) -> Int? {
        guard !sequence.isEmpty, words.count >= sequence.count else { return nil }
        return (0...words.count - sequence.count).first { start in
            sequence.indices.allSatisfy { words[start + $0].text == sequence[$0] }
        }
    }

    /// The words of page 1 in content-stream order (`pdftotext -bbox -raw`).
    static func words(_ path: String) throws -> [Word] {
        let result = try Support.tool("pdftotext", ["-bbox", "-raw", "-enc", "UTF-8", "-f", "1", "-l", "1", path, "-"])
        XCTAssertEqual(result.status, 0, result.description)
        let pattern = try NSRegularExpression(
            pattern: #"<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>"#)
        let text = result.stdout
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            let field = { (index: Int) in Range(match.range(at: index), in: text).map { String(text[$0]) } ?? "" }
            guard let xMin = Double(field(1)), let yMin = Double(field(2)), let xMax = Double(field(3)),
                let yMax = Double(field(4))
            else { return nil }
            return Word(text: unescaped(field(5)), xMin: xMin, yMin: yMin, xMax: xMax, yMax: yMax)
        }
    }

    /// The XML entities `pdftotext -bbox` writes.
    static func unescaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
