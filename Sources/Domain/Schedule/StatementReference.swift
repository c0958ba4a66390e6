/// A statement-reference template such as `Invoice for the month {RIMonth}-{RIYear}.`, validated when saved
/// and expanded for each occurrence when posted (MixERP's "expression support").
///
/// Placeholders, all read from the occurrence (the month, year, day and quarter of its *posting* date):
/// - `{RIMonth}`: `JAN` … `DEC`
/// - `{RIYear}`: four digits, `2015`
/// - `{RIDay}`: two digits, `05`
/// - `{RIQuarter}`: calendar quarter, `Q1` … `Q4`
/// - `{RIPeriodStart}`, `{RIPeriodEnd}`: the covered period, `YYYY-MM-DD`
///
/// `{{` and `}}` stand for literal braces. Names are case-sensitive.
public struct StatementReference: Hashable, Sendable {
    /// A placeholder name (without braces).
    public enum Placeholder: String, CaseIterable, Hashable, Sendable {
        case month = "RIMonth"
        case year = "RIYear"
        case day = "RIDay"
        case quarter = "RIQuarter"
        case periodStart = "RIPeriodStart"
        case periodEnd = "RIPeriodEnd"
    }

    enum Segment: Hashable, Sendable {
        case literal(String)
        case placeholder(Placeholder)
    }

    /// The template as saved.
    public let template: String
    let segments: [Segment]

    /// Parses and validates `template`.
    ///
    /// - Throws: ``StatementReferenceError`` for an unknown placeholder or an unbalanced brace.
    public init(_ template: String) throws(StatementReferenceError) {
        self.template = template
        self.segments = try StatementReference.parse(template)
    }

    /// The problem with `template`, or `nil` if it is valid: call this when the template is saved.
    public static func validate(_ template: String) -> StatementReferenceError? {
        do {
            _ = try parse(template)
            return nil
        } catch {
            return error
        }
    }

    /// The text for `occurrence`.
    public func expand(for occurrence: Occurrence) -> String {
        var out = ""
        for segment in segments {
            switch segment {
            case .literal(let text): out += text
            case .placeholder(let p): out += StatementReference.value(of: p, for: occurrence)
            }
        }
        return out
    }

    private static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    static func value(of placeholder: Placeholder, for occurrence: Occurrence) -> String {
        let posted = occurrence.postingDate
        switch placeholder {
        case .month: return monthNames[posted.month - 1]
        case .year: return String(posted.description.prefix(4))
        case .day: return String(posted.description.suffix(2))
        case .quarter: return "Q\(posted.quarter)"
        case .periodStart: return occurrence.periodStart.description
        case .periodEnd: return occurrence.periodEnd.description
        }
    }

    private static func parse(_ template: String) throws(StatementReferenceError) -> [Segment] {
        var segments: [Segment] = []
        var literal = ""
        var chars = Array(template)
        chars.append("\0")  // sentinel: look-ahead never runs off the end
        var i = 0
        while i < chars.count - 1 {
            let c = chars[i]
            if c == "{" && chars[i + 1] == "{" {
                literal.append("{")
                i += 2
            } else if c == "}" && chars[i + 1] == "}" {
                literal.append("}")
                i += 2
            } else if c == "}" {
                throw .unbalancedBrace(offset: i)
            } else if c == "{" {
                var j = i + 1
                while j < chars.count - 1 && chars[j] != "}" && chars[j] != "{" { j += 1 }
                guard j < chars.count - 1, chars[j] == "}" else { throw .unbalancedBrace(offset: i) }
                let name = String(chars[(i + 1)..<j])
                guard let placeholder = Placeholder(rawValue: name) else {
                    throw .unknownPlaceholder(name: name, offset: i)
                }
                if !literal.isEmpty { segments.append(.literal(literal)) }
                literal = ""
                segments.append(.placeholder(placeholder))
                i = j + 1
            } else {
                literal.append(c)
                i += 1
            }
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return segments
    }
}

/// Why a statement-reference template was rejected. Offsets count characters from 0.
public enum StatementReferenceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `{Name}` where `Name` is not a ``StatementReference/Placeholder``.
    case unknownPlaceholder(name: String, offset: Int)
    /// A `{` without its `}`, or a lone `}` (write `{{` / `}}` for literal braces).
    case unbalancedBrace(offset: Int)

    public var description: String {
        switch self {
        case .unknownPlaceholder(let name, let offset):
            let known = StatementReference.Placeholder.allCases.map { "{\($0.rawValue)}" }.joined(separator: ", ")
            return "unknown placeholder {\(name)} at character \(offset); known: \(known)"
        case .unbalancedBrace(let offset):
            return "unbalanced brace at character \(offset); write {{ or }} for a literal brace"
        }
    }

    /// This error as a field violation at `path` (e.g. `statementReference`), for a 422 response.
    public func fieldViolation(at path: String) -> FieldViolation {
        FieldViolation(path: path, code: .invalidValue, message: description)
    }
}
