import HTTPServer

/// RFC 4180 CSV for spreadsheet export: a header row, CRLF line ends, fields quoted when they hold a comma, a
/// quote, CR or LF (quotes doubled), and a UTF-8 byte-order mark first so that spreadsheet programs read the
/// text as UTF-8.
///
/// Against CSV formula injection, a cell that starts with `=`, `+`, `-`, `@`, tab or CR is prefixed with a single
/// quote — unless it is a plain number (`-12.50`), which stays a number.
struct CSVWriter {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    static let mediaType = "text/csv; charset=utf-8"

    private(set) var bytes: [UInt8] = byteOrderMark

    init(header: [String]) { row(header) }

    /// Appends one record.
    mutating func row(_ fields: [String?]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: Self.escaped(field ?? "").utf8)
        }
        bytes += [0x0D, 0x0A]
    }

    /// A field made safe for spreadsheets and quoted as RFC 4180 requires.
    static func escaped(_ field: String) -> String {
        var text = field
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isPlainNumber(text) {
            text = "'" + text
        }
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `-?digits(.digits)?`, as the API writes amounts.
    static func isPlainNumber(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "-" { scalars = scalars.dropFirst() }
        let parts = String(scalars).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy { $0.properties.numericType == .decimal && $0.isASCII } }
    }

    /// The CSV as a response, offered as a download named `filename`.
    func response(filename: String) -> Response {
        Response(
            headers: HTTPHeaders([
                ("Content-Type", Self.mediaType), ("Content-Disposition", "attachment; filename=\"\(filename)\""),
            ]),
            body: bytes)
    }

    /// Whether the client asked for CSV: `?format=csv`, or an `Accept` naming `text/csv` without `?format=`
    /// (`?format=json` wins over the header). Any other `format` value is refused before the route runs
    /// (``QueryConventions``).
    static func requested(_ request: Request) -> Bool {
        if let format = request.query("format") { return format == "csv" }
        return request.headers["accept"]?.lowercased().contains("text/csv") ?? false
    }
}
