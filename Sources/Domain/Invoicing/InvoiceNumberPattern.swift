/// How an invoice number is written from its sequence number and issue date, e.g. `INV-2026-000123` from
/// pattern `{PREFIX}{YYYY}-{SEQ:6}`, prefix `INV-`, sequence 123, issued in 2026.
///
/// Tokens: `{PREFIX}`, `{YYYY}`, `{YY}`, `{MM}`, `{DD}` (of the issue date), and exactly one `{SEQ}` or
/// `{SEQ:n}` (the sequence number zero-padded to n digits, 1…18). Any other text is literal; braces may only
/// open a token. The sequence itself is gapless and never resets; the pattern only formats it.
public struct InvoiceNumberPattern: Hashable, Sendable {
    enum Segment: Hashable, Sendable {
        case literal(String)
        case prefix, year4, year2, month, day
        case sequence(width: Int)
    }

    /// The default: `{PREFIX}{YYYY}-{SEQ:6}`.
    public static let defaultPattern = "{PREFIX}{YYYY}-{SEQ:6}"
    /// The default prefix: `INV-`.
    public static let defaultPrefix = "INV-"

    public let pattern: String
    public let prefix: String
    let segments: [Segment]

    /// A validated pattern.
    ///
    /// - Throws: ``FieldViolations`` at `pattern` (unknown token, brace, no or two `{SEQ}`, too long) or
    ///   `prefix` (more than 20 characters, or characters other than letters, digits, `-`, `_`, `/`, `.`).
    public init(pattern: String, prefix: String) throws(FieldViolations) {
        var errors = [FieldViolation]()
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_/.")
        if prefix.count > 20 || !prefix.allSatisfy(allowed.contains) {
            errors.append(
                FieldViolation(
                    path: "prefix", code: .invalidValue,
                    message: "must be at most 20 letters, digits or - _ / ."))
        }
        var segments = [Segment]()
        if pattern.unicodeScalars.count > 60 {
            errors.append(FieldViolation(path: "pattern", code: .invalidValue, message: "must be at most 60 characters"))
        } else {
            do { segments = try InvoiceNumberPattern.parse(pattern) } catch { errors.append(error) }
        }
        guard errors.isEmpty else { throw FieldViolations(errors) }
        self.pattern = pattern
        self.prefix = prefix
        self.segments = segments
    }

    /// The default pattern and prefix.
    public static let standard: InvoiceNumberPattern = {
        guard let value = try? InvoiceNumberPattern(pattern: defaultPattern, prefix: defaultPrefix) else {
            preconditionFailure("the default invoice number pattern is valid")
        }
        return value
    }()

    /// The number of invoice `sequence` (≥ 1) issued on `issueDate`.
    public func format(sequence: Int64, issueDate: CalendarDate) -> String {
        var out = ""
        for segment in segments {
            switch segment {
            case .literal(let text): out += text
            case .prefix: out += prefix
            case .year4: out += padded(issueDate.year, 4)
            case .year2: out += padded(issueDate.year % 100, 2)
            case .month: out += padded(issueDate.month, 2)
            case .day: out += padded(issueDate.day, 2)
            case .sequence(let width): out += padded(Int(sequence), width)
            }
        }
        return out
    }

    private func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func parse(_ pattern: String) throws(FieldViolation) -> [Segment] {
        func fail(_ message: String) -> FieldViolation {
            FieldViolation(path: "pattern", code: .invalidValue, message: message)
        }
        var segments = [Segment]()
        var literal = ""
        var sequences = 0
        var rest = Substring(pattern)
        while let c = rest.first {
            if c == "}" { throw fail("has a } that closes no token") }
            guard c == "{" else {
                literal.append(c)
                rest = rest.dropFirst()
                continue
            }
            guard let close = rest.firstIndex(of: "}") else { throw fail("has a { without its }") }
            let token = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            if !literal.isEmpty { segments.append(.literal(literal)) }
            literal = ""
            switch token {
            case "PREFIX": segments.append(.prefix)
            case "YYYY": segments.append(.year4)
            case "YY": segments.append(.year2)
            case "MM": segments.append(.month)
            case "DD": segments.append(.day)
            case "SEQ":
                segments.append(.sequence(width: 1))
                sequences += 1
            default:
                guard token.hasPrefix("SEQ:"), let width = Int(token.dropFirst(4)), (1...18).contains(width) else {
                    throw fail("has an unknown token {\(token)}; known: {PREFIX} {YYYY} {YY} {MM} {DD} {SEQ} {SEQ:n}")
                }
                segments.append(.sequence(width: width))
                sequences += 1
            }
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        guard sequences == 1 else { throw fail("must contain exactly one {SEQ} or {SEQ:n} token") }
        return segments
    }
}
