import Domain
import Foundation

/// The saved CSV mapping as stored in `bank_accounts.csv_mapping` (snake_case keys, as the API shows it).
extension CSVStatementMapping {
    /// The mapping as a JSON object text.
    public var jsonText: String {
        var object: [String: Any] = [
            "delimiter": String(delimiter), "decimal_separator": String(decimalSeparator), "date_format": dateFormat,
            "header_rows": headerRows, "encoding": encoding.rawValue, "date_column": dateColumn,
        ]
        let optional: [(String, Any?)] = [
            ("thousands_separator", thousandsSeparator.map(String.init)), ("amount_column", amountColumn),
            ("debit_column", debitColumn), ("credit_column", creditColumn), ("description_column", descriptionColumn),
            ("reference_column", referenceColumn), ("counterparty_column", counterpartyColumn),
        ]
        for (key, value) in optional { object[key] = value ?? NSNull() }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads a stored mapping; `nil` if it is not one.
    public init?(jsonText: String) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(jsonText.utf8))) as? [String: Any] else { return nil }
        func character(_ key: String) -> Character? { (object[key] as? String)?.first }
        func int(_ key: String) -> Int? { (object[key] as? NSNumber)?.intValue }
        guard let delimiter = character("delimiter"), let decimal = character("decimal_separator"),
              let dateFormat = object["date_format"] as? String, let dateColumn = int("date_column"),
              let encoding = (object["encoding"] as? String).flatMap(Encoding.init(rawValue:))
        else { return nil }
        self.init(
            delimiter: delimiter, decimalSeparator: decimal, thousandsSeparator: character("thousands_separator"),
            dateFormat: dateFormat, headerRows: int("header_rows") ?? 0, encoding: encoding, dateColumn: dateColumn,
            amountColumn: int("amount_column"), debitColumn: int("debit_column"), creditColumn: int("credit_column"),
            descriptionColumn: int("description_column"), referenceColumn: int("reference_column"),
            counterpartyColumn: int("counterparty_column"))
    }
}
