import Foundation

/// How one bank account's CSV export reads: which column holds what (numbered from 1), the separators, the date
/// pattern, how many header rows to skip and the encoding. Saved on the bank account.
public struct CSVStatementMapping: Sendable, Hashable {
    public enum Encoding: String, WireEnum, Sendable, Hashable {
        case utf8 = "utf-8"
        case windows1252 = "windows-1252"
    }

    public var delimiter: Character
    public var decimalSeparator: Character
    public var thousandsSeparator: Character?
    /// `DD/MM/YYYY`, `YYYY-MM-DD`, `MM/DD/YY`…: `YYYY`, `YY`, `MM`, `DD` and separators.
    public var dateFormat: String
    public var headerRows: Int
    public var encoding: Encoding
    public var dateColumn: Int
    /// One signed amount column, or debit and credit columns (both positive, one filled per row).
    public var amountColumn: Int?
    public var debitColumn: Int?
    public var creditColumn: Int?
    public var descriptionColumn: Int?
    public var referenceColumn: Int?
    public var counterpartyColumn: Int?

    public init(
        delimiter: Character = ";", decimalSeparator: Character = ",", thousandsSeparator: Character? = nil,
        dateFormat: String = "DD/MM/YYYY", headerRows: Int = 1, encoding: Encoding = .utf8, dateColumn: Int,
        amountColumn: Int? = nil, debitColumn: Int? = nil, creditColumn: Int? = nil, descriptionColumn: Int? = nil,
        referenceColumn: Int? = nil, counterpartyColumn: Int? = nil
    ) {
        self.delimiter = delimiter
        self.decimalSeparator = decimalSeparator
        self.thousandsSeparator = thousandsSeparator
        self.dateFormat = dateFormat
        self.headerRows = headerRows
        self.encoding = encoding
        self.dateColumn = dateColumn
        self.amountColumn = amountColumn
        self.debitColumn = debitColumn
        self.creditColumn = creditColumn
        self.descriptionColumn = descriptionColumn
        self.referenceColumn = referenceColumn
        self.counterpartyColumn = counterpartyColumn
    }

    /// The problems of the mapping, at paths under `prefix` (e.g. `csvMapping/`).
    public func violations(at prefix: String) -> [FieldViolation] {
        var errors = [FieldViolation]()
        if amountColumn == nil && (debitColumn == nil || creditColumn == nil) {
            errors.append(FieldViolation(path: prefix + "amountColumn", code: .required, message: "or both debit_column and credit_column are required"))
        }
        if amountColumn != nil && (debitColumn != nil || creditColumn != nil) {
            errors.append(FieldViolation(path: prefix + "amountColumn", code: .conflict, message: "excludes debit_column and credit_column"))
        }
        for (name, column) in [("dateColumn", dateColumn as Int?), ("amountColumn", amountColumn), ("debitColumn", debitColumn),
                               ("creditColumn", creditColumn), ("descriptionColumn", descriptionColumn),
                               ("referenceColumn", referenceColumn), ("counterpartyColumn", counterpartyColumn)]
        where column.map({ !(1...200).contains($0) }) ?? false {
            errors.append(FieldViolation(path: prefix + name, code: .outOfRange, message: "must be a column number 1–200"))
        }
        if !(0...20).contains(headerRows) {
            errors.append(FieldViolation(path: prefix + "headerRows", code: .outOfRange, message: "must be 0–20"))
        }
        if CSVStatementParser.datePattern(dateFormat) == nil {
            errors.append(FieldViolation(path: prefix + "dateFormat", code: .invalidValue, message: "must combine YYYY or YY, MM and DD with . / - or space separators"))
        }
        if delimiter == decimalSeparator || delimiter == "\"" || delimiter.isNewline {
            errors.append(FieldViolation(path: prefix + "delimiter", code: .conflict, message: "must differ from the decimal separator and the quote"))
        }
        if decimalSeparator != "." && decimalSeparator != "," {
            errors.append(FieldViolation(path: prefix + "decimalSeparator", code: .invalidValue, message: "must be . or ,"))
        }
        if let thousands = thousandsSeparator, thousands == decimalSeparator || thousands == delimiter {
            errors.append(FieldViolation(path: prefix + "thousandsSeparator", code: .conflict, message: "must differ from the decimal separator and the delimiter"))
        }
        return errors
    }
}

/// A CSV export read with a ``CSVStatementMapping`` (RFC 4180 quoting; `\n` or `\r\n` rows; blank rows skipped).
public enum CSVStatementParser {
    public static func parse(_ bytes: [UInt8], mapping: CSVStatementMapping) throws(BankStatementError) -> BankStatement {
        guard bytes.count <= BankStatementRules.maxFileBytes else {
            throw BankStatementError("", "the file exceeds \(BankStatementRules.maxFileBytes) bytes")
        }
        guard let text = BankStatementRules.decode(bytes, windows1252: mapping.encoding == .windows1252) else {
            throw BankStatementError("", "the file is not valid UTF-8 (set the mapping's encoding to windows-1252 if the bank writes that)")
        }
        guard let pattern = datePattern(mapping.dateFormat) else { throw BankStatementError("", "the mapping's date format is invalid") }
        var lines = [BankStatementLine]()
        for (number, fields) in try rows(text, delimiter: mapping.delimiter) where number > mapping.headerRows {
            if fields.allSatisfy({ $0.trimmedWhitespace(newlines: false).isEmpty }) { continue }
            func column(_ index: Int?) -> String? {
                guard let index, index <= fields.count else { return nil }
                let value = fields[index - 1].trimmedWhitespace()
                return value.isEmpty ? nil : value
            }
            func money(_ index: Int) throws(BankStatementError) -> ExactDecimal? {
                guard let text = column(index) else { return nil }
                guard let value = BankStatementRules.amount(
                    text, decimalSeparator: mapping.decimalSeparator, thousandsSeparator: mapping.thousandsSeparator)
                else { throw BankStatementError("line \(number) column \(index)", "\"\(text.prefix(40))\" is not an amount") }
                return value
            }
            guard let dateText = column(mapping.dateColumn) else {
                throw BankStatementError("line \(number) column \(mapping.dateColumn)", "the date is missing")
            }
            guard let date = parseDate(dateText, pattern) else {
                throw BankStatementError("line \(number) column \(mapping.dateColumn)", "\"\(dateText.prefix(40))\" is not a date \(mapping.dateFormat)")
            }
            var amount: ExactDecimal
            if let amountColumn = mapping.amountColumn {
                guard let value = try money(amountColumn) else {
                    throw BankStatementError("line \(number) column \(amountColumn)", "the amount is missing")
                }
                amount = value
            } else {
                let debit = try money(mapping.debitColumn ?? 1)?.magnitude ?? .zero
                let credit = try money(mapping.creditColumn ?? 1)?.magnitude ?? .zero
                guard let difference = try? credit.subtracting(debit) else {
                    throw BankStatementError("line \(number)", "the amounts overflow")
                }
                amount = difference
            }
            guard !amount.isZero else { throw BankStatementError("line \(number)", "the amount is zero") }
            lines.append(
                BankStatementLine(
                    bookingDate: date, amount: amount, description: BankStatementRules.clipped(column(mapping.descriptionColumn) ?? "", 1000),
                    reference: column(mapping.referenceColumn).map { BankStatementRules.clipped($0, 200) },
                    counterpartyName: column(mapping.counterpartyColumn).map { BankStatementRules.clipped($0, 200) }))
            guard lines.count <= BankStatementRules.maxLines else {
                throw BankStatementError("line \(number)", "the file has more than \(BankStatementRules.maxLines) movements")
            }
        }
        return BankStatement(lines: lines)
    }

    /// The rows of the text with their 1-based line number (of the row's first line), fields unquoted.
    /// An ASCII delimiter (every mapping's in practice) is read byte by byte on the UTF-8 (``byteRows(_:delimiter:)``,
    /// the same rows ~10× faster than Character by Character); text with the rare multi-byte newlines (NEL, LS, PS)
    /// or another delimiter goes through ``characterRows(_:delimiter:)``.
    static func rows(_ text: String, delimiter: Character) throws(BankStatementError) -> [(Int, [String])] {
        if let byte = delimiter.asciiValue, byte != 0x0A, byte != 0x0D, byte != 0x0B, byte != 0x0C, byte != UInt8(ascii: "\""),
           let rows = try byteRows(text, delimiter: byte) {
            return rows
        }
        return try characterRows(text, delimiter: delimiter)
    }

    /// ``rows(_:delimiter:)`` on the UTF-8 bytes; `nil` when the text has a newline of more than one byte (U+0085,
    /// U+2028, U+2029), which the Character path handles. Newlines: LF, CR, CR LF (one), VT, FF, as `Character`'s.
    static func byteRows(_ text: String, delimiter: UInt8) throws(BankStatementError) -> [(Int, [String])]? {
        var text = text
        let result = text.withUTF8 { bytes -> Result<[(Int, [String])]?, BankStatementError> in
            do throws(BankStatementError) { return .success(try byteRows(bytes, delimiter: delimiter)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private static func byteRows(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) throws(BankStatementError) -> [(Int, [String])]? {
        let quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        func isNewline(_ b: UInt8) -> Bool { b == lf || b == cr || b == 0x0B || b == 0x0C }
        let count = bytes.count
        var i = 0
        while i < count {  // multi-byte newlines: C2 85, E2 80 A8, E2 80 A9
            let b = bytes[i]
            if b == 0xC2, i + 1 < count, bytes[i + 1] == 0x85 { return nil }
            if b == 0xE2, i + 2 < count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 { return nil }
            i += 1
        }
        var rows = [(Int, [String])]()
        var fields = [String]()
        var buffer = [UInt8]()  // a quoted field's bytes (its doubled quotes undone)
        var line = 1
        var rowLine = 1
        var fieldStart = 0
        i = 0
        func endRow() {
            rows.append((rowLine, fields))
            fields = []
            line += 1
            rowLine = line
        }
        while i < count {
            let b = bytes[i]
            if b == quote && i == fieldStart {  // a quoted field: up to the lone closing quote
                buffer.removeAll(keepingCapacity: true)
                var j = i + 1
                var closed = false
                while j < count {
                    let c = bytes[j]
                    if c == quote {
                        if j + 1 < count, bytes[j + 1] == quote { buffer.append(quote); j += 2; continue }
                        closed = true
                        j += 1
                        break
                    }
                    if c == cr, j + 1 < count, bytes[j + 1] == lf {  // CR LF: one newline, both kept
                        line += 1
                        buffer.append(cr)
                        buffer.append(lf)
                        j += 2
                        continue
                    }
                    if isNewline(c) { line += 1 }
                    buffer.append(c)
                    j += 1
                }
                if !closed { throw BankStatementError("line \(rowLine)", "a quoted field is not closed") }
                // After the closing quote, the field goes on unquoted up to the delimiter or the row's end.
                var k = j
                while k < count, bytes[k] != delimiter, !isNewline(bytes[k]) { k += 1 }  // quotes here are text
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[j..<k]))
                fields.append(String(decoding: buffer, as: UTF8.self))
                i = k
            } else {
                var k = i
                while k < count, bytes[k] != delimiter, !isNewline(bytes[k]) { k += 1 }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[fieldStart..<k]), as: UTF8.self))
                i = k
            }
            // i is at a delimiter, a newline or the end.
            if i == count { break }
            if bytes[i] == delimiter {
                i += 1
                fieldStart = i
                if i == count { fields.append("") }
                continue
            }
            if bytes[i] == cr, i + 1 < count, bytes[i + 1] == lf { i += 1 }
            i += 1
            fieldStart = i
            endRow()
        }
        if !fields.isEmpty { rows.append((rowLine, fields)) }
        return rows
    }

    /// ``rows(_:delimiter:)`` Character by Character (any delimiter, every newline `Character` knows).
    static func characterRows(_ text: String, delimiter: Character) throws(BankStatementError) -> [(Int, [String])] {
        var rows = [(Int, [String])]()
        var fields = [String]()
        var field = ""
        var quoted = false
        var atFieldStart = true
        var line = 1
        var rowLine = 1
        var iterator = text.makeIterator()
        var pending: Character?
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    if c.isNewline { line += 1 }
                    field.append(c)
                }
                continue
            }
            if c == "\"" && atFieldStart {
                quoted = true
                atFieldStart = false
            } else if c == delimiter {
                fields.append(field)
                field = ""
                atFieldStart = true
            } else if c.isNewline {  // "\r\n" is one Character
                fields.append(field)
                rows.append((rowLine, fields))
                fields = []
                field = ""
                atFieldStart = true
                line += 1
                rowLine = line
            } else {
                field.append(c)
                atFieldStart = false
            }
        }
        if quoted { throw BankStatementError("line \(rowLine)", "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            rows.append((rowLine, fields))
        }
        return rows
    }

    enum DatePart: Equatable { case year4, year2, month, day, separator(Character) }

    static func datePattern(_ format: String) -> [DatePart]? {
        var parts = [DatePart]()
        var rest = Substring(format)
        while !rest.isEmpty {
            if rest.hasPrefix("YYYY") { parts.append(.year4); rest = rest.dropFirst(4) }
            else if rest.hasPrefix("YY") { parts.append(.year2); rest = rest.dropFirst(2) }
            else if rest.hasPrefix("MM") { parts.append(.month); rest = rest.dropFirst(2) }
            else if rest.hasPrefix("DD") { parts.append(.day); rest = rest.dropFirst(2) }
            else if let c = rest.first, "./- ".contains(c) { parts.append(.separator(c)); rest = rest.dropFirst() }
            else { return nil }
        }
        let years = parts.filter { $0 == .year4 || $0 == .year2 }.count
        guard years == 1, parts.filter({ $0 == .month }).count == 1, parts.filter({ $0 == .day }).count == 1 else { return nil }
        return parts
    }

    /// A date written with the pattern; day and month may have one digit when separators delimit them.
    static func parseDate(_ text: String, _ pattern: [DatePart]) -> CalendarDate? {
        // On the UTF-8 bytes: the `Character` path (prefix, isNumber, dropFirst) was 11 % of the server's samples
        // importing 100,000 lines. Digits are ASCII digits only, as before; a separator matches its own bytes.
        var text = text
        return text.withUTF8 { bytes -> CalendarDate? in
            var at = 0
            var year = 0, month = 0, day = 0
            func digits(_ maxCount: Int, exact: Bool) -> Int? {
                var value = 0, count = 0
                while count < maxCount, at < bytes.count, (0x30...0x39).contains(bytes[at]) {
                    value = value * 10 + Int(bytes[at] - 0x30)
                    at += 1
                    count += 1
                }
                guard count > 0, !exact || count == maxCount else { return nil }
                return value
            }
            let separated = pattern.contains { if case .separator = $0 { true } else { false } }
            for part in pattern {
                switch part {
                case .year4: guard let v = digits(4, exact: true) else { return nil }; year = v
                case .year2: guard let v = digits(2, exact: true) else { return nil }; year = 2000 + v
                case .month: guard let v = digits(2, exact: !separated) else { return nil }; month = v
                case .day: guard let v = digits(2, exact: !separated) else { return nil }; day = v
                case .separator(let c):
                    let separator = c.utf8
                    guard bytes.count - at >= separator.count, bytes[at..<(at + separator.count)].elementsEqual(separator) else {
                        return nil
                    }
                    at += separator.count
                }
            }
            guard at == bytes.count else { return nil }
            return CalendarDate(year: year, month: month, day: day)
        }
    }
}
