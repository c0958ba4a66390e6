import Domain
import HTTPServer

/// JSON Schema texts that several resources share, each stating exactly what the server accepts, so that the
/// document and the checks cannot drift apart: the character classes come from the same predicates the server
/// applies (``TextInput``, ``TextField``), the currency list from ``Currency``.
///
/// Patterns hold their characters literally (JSON escapes them where needed): every regular-expression dialect
/// that reads the document (ECMA 262, Python, Rust) understands a literal character in a class.
enum OpenAPISchemas {
    // MARK: Text

    /// The control characters ``TextInput`` refuses everywhere: C0, DEL and C1.
    static let controls: [ClosedRange<UInt32>] = [0x00...0x1F, 0x7F...0x9F]
    /// The same, less tab, line feed and carriage return (multi-line text).
    static let multilineControls: [ClosedRange<UInt32>] = [0x00...0x08, 0x0B...0x0C, 0x0E...0x1F, 0x7F...0x9F]

    /// Every scalar ``TextField/isInvisible(_:)`` calls invisible, as ranges (computed once).
    static let invisible: [ClosedRange<UInt32>] = {
        var ranges: [ClosedRange<UInt32>] = []
        var start: UInt32?
        for value in UInt32(0)...0x10FFFF {
            let invisible = Unicode.Scalar(value).map(TextField.isInvisible) ?? false
            if invisible, start == nil { start = value }
            if !invisible, let first = start {
                ranges.append(first...(value - 1))
                start = nil
            }
        }
        if let first = start { ranges.append(first...0x10FFFF) }
        return ranges
    }()

    /// A regular-expression class body listing `ranges` literally (`a-z` form).
    static func classBody(_ ranges: [ClosedRange<UInt32>]) -> String {
        var body = ""
        for range in ranges {
            guard let low = Unicode.Scalar(range.lowerBound), let high = Unicode.Scalar(range.upperBound) else { continue }
            body.unicodeScalars.append(low)
            if range.upperBound > range.lowerBound {
                body += "-"
                body.unicodeScalars.append(high)
            }
        }
        return body
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var writer = JSONWriter()
        writer.string(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// No control character at all (``TextInput``'s rule for one-line text and query parameters).
    static let noControlsPattern = "^[^\(classBody(controls))]*$"
    /// No control character but tab, line feed and carriage return (``TextInput``'s rule for JSON strings).
    static let noMultilineControlsPattern = "^[^\(classBody(multilineControls))]*$"
    /// ``TextField``'s rule: no control character, and at least one visible character.
    static let visibleTextPattern = "^[^\(classBody(controls))]*[^\(classBody(invisible))][^\(classBody(controls))]*$"

    /// A query parameter of free text: any text without control characters.
    static let queryText = #"{"type":"string","pattern":\#(quoted(noControlsPattern))}"#

    /// A one-line text field checked by ``TextField``: not blank, no control character, at most `maxLength` code
    /// points.
    static func text(maxLength: Int, nullable: Bool = false) -> String {
        #"{"type":\#(type("string", nullable)),"maxLength":\#(maxLength),"pattern":\#(quoted(visibleTextPattern))}"#
    }

    /// Free text that may span lines (notes, descriptions): at most `maxLength` code points, no control character
    /// but tab and line breaks.
    static func notes(maxLength: Int, nullable: Bool = false) -> String {
        #"{"type":\#(type("string", nullable)),"maxLength":\#(maxLength),"pattern":\#(quoted(noMultilineControlsPattern))}"#
    }

    /// Any JSON string the server takes as it is (no control character but tab and line breaks).
    static func string(nullable: Bool = false) -> String {
        #"{"type":\#(type("string", nullable)),"pattern":\#(quoted(noMultilineControlsPattern))}"#
    }

    // MARK: Values

    /// An ISO 4217 code ``Currency`` knows.
    static func currency(nullable: Bool = false) -> String {
        let codes = Currency.all.map(\.code).sorted().map { "\"\($0)\"" } + (nullable ? ["null"] : [])
        return #"{"type":\#(type("string", nullable)),"enum":[\#(codes.joined(separator: ","))]}"#
    }

    /// A calendar date (the server reads years 0001…9999).
    static func date(nullable: Bool = false) -> String {
        #"{"type":\#(type("string", nullable)),"format":"date"}"#
    }

    static func uuid(nullable: Bool = false) -> String {
        #"{"type":\#(type("string", nullable)),"format":"uuid"}"#
    }

    static func boolean(nullable: Bool = false) -> String { #"{"type":\#(type("boolean", nullable))}"# }

    /// An integer in `range`.
    static func integer(_ range: ClosedRange<Int>, nullable: Bool = false) -> String {
        #"{"type":\#(type("integer", nullable)),"minimum":\#(range.lowerBound),"maximum":\#(range.upperBound)}"#
    }

    /// Every value of `T` as the wire spells it (``WireEnum``), with its default and a description if given.
    static func enumeration<T: WireEnum>(
        _ type: T.Type, nullable: Bool = false, default value: T? = nil, description: String? = nil
    ) -> String {
        enumeration(Array(T.allCases), nullable: nullable, default: value, description: description)
    }

    /// Some values of `T` only, as the wire spells them.
    static func enumeration<T: WireEnum>(
        _ values: [T], nullable: Bool = false, default value: T? = nil, description: String? = nil
    ) -> String {
        let list = values.map { quoted($0.wireValue) } + (nullable ? ["null"] : [])
        let extra = (value.map { #","default":\#(quoted($0.wireValue))"# } ?? "")
            + (description.map { #","description":\#(quoted($0))"# } ?? "")
        return #"{"type":\#(type("string", nullable)),"enum":[\#(list.joined(separator: ","))]\#(extra)}"#
    }

    /// A page of `item`s as every paged list answers it: `data` and the `next_cursor` of the next page (``Page``).
    static func page(of item: String) -> String {
        ##"{"type":"object","required":["data"],"properties":{"data":{"type":"array","items":{"$ref":"#/components/schemas/\##(item)"}},"##
            + "\n" + #" "next_cursor":{"type":["string","null"]}}}"#
    }

    /// A schema of the components, or `null` too.
    static func ref(_ name: String, nullable: Bool = false) -> String {
        nullable
            ? ##"{"oneOf":[{"$ref":"#/components/schemas/\##(name)"},{"type":"null"}]}"##
            : ##"{"$ref":"#/components/schemas/\##(name)"}"##
    }

    private static func type(_ name: String, _ nullable: Bool) -> String {
        nullable ? #"["\#(name)","null"]"# : #""\#(name)""#
    }
}

extension OpenAPISchemas {
    /// Every scalar Unicode calls white space (what `Character.isWhitespace` tests), as ranges.
    static let whitespace: [ClosedRange<UInt32>] = {
        var ranges: [ClosedRange<UInt32>] = []
        for value in UInt32(0)...0x3000 {
            guard let scalar = Unicode.Scalar(value), scalar.properties.isWhitespace else { continue }
            if let last = ranges.last, last.upperBound + 1 == value {
                ranges[ranges.count - 1] = last.lowerBound...value
            } else {
                ranges.append(value...value)
            }
        }
        return ranges
    }()

    /// An e-mail address as the server checks it: one `@` with text on both sides, no white space or control
    /// character, at most 254 code points.
    static func email(nullable: Bool = false) -> String {
        let outside = "@<>" + classBody(controls + whitespace)  // EmailAddress.isValid
        return #"{"type":\#(type("string", nullable)),"maxLength":254,"pattern":\#(quoted("^[^\(outside)]+@[^\(outside)]+$"))}"#
    }

    /// A statement reference template (``StatementReference``): not blank, at most 500 code points, literal text
    /// with `{{`, `}}` and the placeholders `{RIMonth}` `{RIYear}` `{RIDay}` `{RIQuarter}` `{RIPeriodStart}`
    /// `{RIPeriodEnd}`.
    static func statementReference(nullable: Bool = false) -> String {
        let names = StatementReference.Placeholder.allCases.map(\.rawValue).joined(separator: "|")
        let template = "^([^{}\(classBody(controls))]|\\{\\{|\\}\\}|\\{(\(names))\\})*$"
        return #"""
            {"type":\#(type("string", nullable)),"maxLength":500,"allOf":[{"pattern":\#(quoted(visibleTextPattern))},
             {"pattern":\#(quoted(template))}],"description":"With {RIMonth}, {RIYear}, {RIDay}, {RIQuarter}, {RIPeriodStart}, {RIPeriodEnd}; {{ and }} for literal braces"}
            """#
    }

    /// Decimal amounts: `Decimal` (any plain decimal), `Amount` (0 or more, at most 4 places, below 10¹⁴),
    /// `PositiveAmount` (above 0), `Percent` (0…100, at most 4 places). Trailing zeros past the places are fine.
    static let decimalSchemas: [String: String] = [
        "Decimal": #"{"type":"string","pattern":"^-?(0|[1-9][0-9]{0,18})(\\.[0-9]{1,19})?$","description":"An exact decimal, as a JSON string"}"#,
        "Amount": #"{"type":"string","pattern":"^(0|[1-9][0-9]{0,13})(\\.[0-9]{0,3}[0-9]0{0,20})?$","description":"0 or more, at most 4 decimal places, below 10^14; a JSON string"}"#,
        "PositiveAmount": #"{"type":"string","pattern":"^([1-9][0-9]{0,13}(\\.[0-9]{0,3}[0-9]0{0,20})?|0\\.[0-9]{0,3}[1-9]0{0,20})$","description":"Above 0, at most 4 decimal places, below 10^14; a JSON string"}"#,
        "Percent": #"{"type":"string","pattern":"^(100(\\.0+)?|[1-9]?[0-9](\\.[0-9]{0,3}[0-9]0{0,20})?)$","description":"0 to 100, at most 4 decimal places; a JSON string"}"#,
    ]

    /// The schedule object of docs/schedule.md: one branch per `kind`, each with exactly the fields that kind
    /// takes, within ``ScheduleLimits`` (dates in its horizon, at most its count). `end` before `start`, and a
    /// `totalDurationDays` that reaches past the horizon from `start`, are refused too (422), which no schema states.
    static let schedule: String = {
        let horizon = ScheduleLimits.horizon
        // The horizon is stated in words: a year pattern beside `format: date` leaves generators (schemathesis)
        // filtering out nearly every date they draw.
        let years = #""description":"From \#(horizon.lowerBound) to \#(horizon.upperBound)""#
        let span = horizon.upperBound.dayNumber - horizon.lowerBound.dayNumber
        let common = [
            #""start":{"type":"string","format":"date",\#(years)}"#,
            #""end":{"type":["string","null"],"format":"date",\#(years)}"#,
            #""count":{"type":["integer","null"],"minimum":1,"maximum":\#(ScheduleLimits.maximumCount)}"#,
            #""totalDurationDays":{"type":["integer","null"],"minimum":1,"maximum":\#(span)}"#,
        ]
        let interval = #""interval":{"type":["integer","null"],"minimum":1,"maximum":10000}"#
        let weekday = enumeration(Weekday.self)
        let weekdays = #""weekdays":{"type":["array","null"],"minItems":1,"uniqueItems":true,"items":\#(weekday)}"#
        let days = [
            #""byMonthDay":{"oneOf":[{"type":"integer","minimum":1,"maximum":31},{"type":"integer","minimum":-31,"maximum":-1},{"type":"null"}]}"#,
            #""byBusinessDay":{"oneOf":[{"type":"integer","minimum":1,"maximum":20},{"type":"integer","minimum":-20,"maximum":-1},{"type":"null"}]}"#,
            #""byWeekday":{"oneOf":[{"type":"null"},{"type":"object","additionalProperties":false,"required":["weekday","ordinal"],"properties":{"weekday":\#(weekday),"ordinal":{"oneOf":[{"type":"integer","minimum":1,"maximum":4},{"type":"integer","minimum":-4,"maximum":-1}]}}}]}"#,
        ]
        // At most one day selector that is not null.
        let oneDay = #""not":{"anyOf":[{"required":["byMonthDay","byBusinessDay"],"properties":{"byMonthDay":{"type":"integer"},"byBusinessDay":{"type":"integer"}}},{"required":["byMonthDay","byWeekday"],"properties":{"byMonthDay":{"type":"integer"},"byWeekday":{"type":"object"}}},{"required":["byBusinessDay","byWeekday"],"properties":{"byBusinessDay":{"type":"integer"},"byWeekday":{"type":"object"}}}]}"#
        let byMonth = #""byMonth":{"type":["integer","null"],"minimum":1,"maximum":12}"#
        let everyDays = #""everyDays":{"type":"integer","minimum":1,"maximum":100000}"#
        let period = #""period":\#(enumeration(FiscalPeriod.self))"#
        func branch(_ kind: Schedule.Kind, _ fields: [String], required: [String] = [], oneDaySelector: Bool = false) -> String {
            let properties = ([#""kind":{"const":\#(quoted(kind.wireValue))}"#] + common + fields).joined(separator: ",")
            let names = (["kind", "start"] + required).map { "\"\($0)\"" }.joined(separator: ",")
            return #"{"type":"object","additionalProperties":false,"required":[\#(names)],"properties":{\#(properties)}\#(oneDaySelector ? "," + oneDay : "")}"#
        }
        let branches = [
            branch(.daily, [interval]),
            branch(.weekly, [interval, weekdays]),
            branch(.fortnightly, [weekdays]),
            branch(.monthly, [interval] + days, oneDaySelector: true),
            branch(.quarterly, days, oneDaySelector: true),
            branch(.semiannual, days, oneDaySelector: true),
            branch(.yearly, [interval, byMonth] + days, oneDaySelector: true),
            branch(.annual, [byMonth] + days, oneDaySelector: true),
            branch(.mixerpDuration, [everyDays], required: ["everyDays"]),
            branch(.mixerpSameCalendarDate, []),
            branch(.fiscalPeriodEnd, [period], required: ["period"]),
        ]
        return #"{"description":"A schedule (docs/schedule.md): kind, start and the fields of that kind; end must not be before start","oneOf":[\#(branches.joined(separator: ","))]}"#
    }()
}

extension OpenAPISchemas {
    /// An invoice number pattern (``InvoiceNumberPattern``): at most 60 code points, literal text and the tokens
    /// `{PREFIX}` `{YYYY}` `{YY}` `{MM}` `{DD}`, with exactly one `{SEQ}` or `{SEQ:n}` (n from 1 to 18).
    static let invoiceNumberPattern: String = {
        let literal = "[^{}\(classBody(multilineControls))]"
        let token = "\\{(PREFIX|YYYY|YY|MM|DD)\\}"
        let sequence = "\\{SEQ(:\\+?0*(1[0-8]|[1-9]))?\\}"
        let pattern = "^(\(literal)|\(token))*\(sequence)(\(literal)|\(token))*$"
        return #"{"type":"string","maxLength":60,"pattern":\#(quoted(pattern))}"#
    }()
}
