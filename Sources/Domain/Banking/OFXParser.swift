import Foundation

/// OFX statements, 1.x (SGML: leaf elements without end tags, a `KEY:VALUE` header) and 2.x (XML): every
/// `STMTRS`/`CCSTMTRS`, each `STMTTRN` a line (`FITID`, `TRNAMT`, `DTPOSTED`, `NAME`, `MEMO`), `LEDGERBAL` the
/// closing balance.
///
/// One tokenizer reads both versions: an element followed by text is a leaf (its end tag optional, as SGML
/// allows); any other start tag opens an aggregate that its end tag closes. A DOCTYPE or ENTITY declaration is
/// refused as in CAMT files. OFX states no opening balance, so nothing can be checked against `LEDGERBAL` within
/// the file; it is kept as the statement's closing balance.
public enum OFXParser {
    public static func parse(_ bytes: [UInt8]) throws(BankStatementError) -> [BankStatement] {
        guard bytes.count <= BankStatementRules.maxFileBytes else {
            throw BankStatementError("", "the file exceeds \(BankStatementRules.maxFileBytes) bytes")
        }
        if let line = StatementXML.declarationLine(bytes) {
            throw BankStatementError("line \(line)", "a DOCTYPE or ENTITY declaration is not accepted in a statement file")
        }
        let head = String(decoding: bytes.prefix(600), as: UTF8.self).uppercased()
        let windows1252 = head.contains("CHARSET:1252") || head.contains("ENCODING=\"WINDOWS-1252\"")
            || head.contains("CHARSET:ISO-8859-1") || (String(validating: bytes, as: UTF8.self) == nil && head.contains("OFXHEADER"))
        guard let text = BankStatementRules.decode(bytes, windows1252: windows1252) else {
            throw BankStatementError("", "the file is not UTF-8 and declares no other CHARSET")
        }
        let root = try tree(text)
        let responses = root.all { $0.name == "STMTRS" || $0.name == "CCSTMTRS" }
        guard !responses.isEmpty else { throw BankStatementError("OFX", "has no STMTRS or CCSTMTRS statement") }
        var statements = [BankStatement]()
        var total = 0
        for response in responses {
            let statement = try parseStatement(response)
            total += statement.lines.count
            guard total <= BankStatementRules.maxLines else {
                throw BankStatementError("line \(response.line)", "the file has more than \(BankStatementRules.maxLines) movements")
            }
            statements.append(statement)
        }
        return statements
    }

    static func parseStatement(_ response: Element) throws(BankStatementError) -> BankStatement {
        var currency: Currency?
        if let code = response.value("CURDEF") {
            guard let known = Currency(code: code) else { throw BankStatementError("line \(response.line) CURDEF", "is not an ISO 4217 currency") }
            currency = known
        }
        let account = response.child("BANKACCTFROM") ?? response.child("CCACCTFROM")
        var lines = [BankStatementLine]()
        for transaction in response.child("BANKTRANLIST")?.children("STMTTRN") ?? [] {
            let at = "line \(transaction.line) STMTTRN"
            guard let amountText = transaction.value("TRNAMT"),
                  let amount = BankStatementRules.amount(amountText, decimalSeparator: amountText.contains(".") ? "." : ",")
            else { throw BankStatementError("\(at)/TRNAMT", "must be a decimal amount") }
            guard !amount.isZero else { throw BankStatementError("\(at)/TRNAMT", "must not be zero") }
            guard let posted = transaction.value("DTPOSTED").flatMap(date) else {
                throw BankStatementError("\(at)/DTPOSTED", "must be a date YYYYMMDD[HHMMSS]")
            }
            let name = transaction.value("NAME") ?? transaction.child("PAYEE")?.value("NAME")
            let memo = transaction.value("MEMO")
            let description = [name, memo].compactMap { $0 }.joined(separator: " / ")
            lines.append(
                BankStatementLine(
                    bankReference: transaction.value("FITID"), bookingDate: posted,
                    valueDate: transaction.value("DTAVAIL").flatMap(date), amount: amount, description: String(description.prefix(1000)),
                    reference: transaction.value("REFNUM") ?? transaction.value("CHECKNUM"), counterpartyName: name))
        }
        var closing: ExactDecimal?
        if let balance = response.child("LEDGERBAL")?.value("BALAMT") {
            guard let amount = BankStatementRules.amount(balance, decimalSeparator: balance.contains(".") ? "." : ",") else {
                throw BankStatementError("line \(response.line) LEDGERBAL/BALAMT", "must be a decimal amount")
            }
            closing = amount
        }
        return BankStatement(
            statementID: nil, accountIdentifier: account?.value("ACCTID"), currency: currency, closingBalance: closing, lines: lines)
    }

    /// `20260302`, `20260302120000`, `20260302120000.000[-5:EST]`: the date part as written by the bank.
    static func date(_ text: String) -> CalendarDate? {
        let digits = Array(text.utf8.prefix(8))
        guard digits.count == 8, digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
        let s = String(decoding: digits, as: UTF8.self)
        return CalendarDate("\(s.prefix(4))-\(s.dropFirst(4).prefix(2))-\(s.suffix(2))")
    }

    /// An OFX element: a leaf with a value, or an aggregate with children.
    final class Element {
        let name: String
        let line: Int
        var value: String?
        var children: [Element] = []

        init(name: String, line: Int) {
            self.name = name
            self.line = line
        }

        func child(_ name: String) -> Element? { children.first { $0.name == name } }
        func children(_ name: String) -> [Element] { children.filter { $0.name == name } }
        func value(_ name: String) -> String? { child(name)?.value }

        /// Every descendant matching, in document order.
        func all(_ matching: (Element) -> Bool) -> [Element] {
            var found = [Element]()
            var pending = [self]
            while let next = pending.popLast() {
                if matching(next) { found.append(next) }
                pending += next.children.reversed()
            }
            return found
        }
    }

    /// Tokenizes from the first `<OFX>`: tags, end tags and text; builds the element tree.
    static func tree(_ text: String) throws(BankStatementError) -> Element {
        let scalars = Array(text.unicodeScalars)
        let root = Element(name: "#document", line: 1)
        var stack = [root]
        var line = 1
        var index = 0
        var lastLeaf: Element?
        while index < scalars.count {
            let c = scalars[index]
            if c == "\n" { line += 1 }
            guard c == "<" else { index += 1; continue }
            guard let close = scalars[index...].firstIndex(of: ">") else {
                throw BankStatementError("line \(line)", "an unclosed tag")
            }
            let tag = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
            index = close + 1
            if tag.hasPrefix("?") || tag.hasPrefix("!") { continue }  // <?xml …?>, <?OFX …?>, comments
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst()).trimmedWhitespace(newlines: false).uppercased()
                if let leaf = lastLeaf, leaf.name == name { lastLeaf = nil; continue }  // a 2.x leaf's end tag
                guard let open = stack.lastIndex(where: { $0.name == name }), open > 0 else {
                    throw BankStatementError("line \(line)", "</\(name)> closes nothing that is open")
                }
                stack.removeSubrange(open...)  // SGML: closing an aggregate closes what it holds
                lastLeaf = nil
                continue
            }
            let name = tag.split(separator: " ").first.map { String($0).uppercased() } ?? ""
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "_" }) else {
                throw BankStatementError("line \(line)", "<\(tag)> is not an OFX element name")
            }
            guard stack.count < 40 else { throw BankStatementError("line \(line)", "the elements nest deeper than 40") }
            var end = index
            while end < scalars.count, scalars[end] != "<" { end += 1 }
            let value = String(String.UnicodeScalarView(scalars[index..<end])).trimmedWhitespace()
            let element = Element(name: name, line: line)
            stack[stack.count - 1].children.append(element)
            if value.isEmpty {
                stack.append(element)
                lastLeaf = nil
            } else {
                element.value = decodeEntities(value)
                lastLeaf = element
            }
        }
        return root
    }

    /// The five XML character references (2.x files, and 1.x files that use them).
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
