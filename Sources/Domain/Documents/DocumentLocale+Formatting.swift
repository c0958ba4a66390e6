// Locale formatting for documents, in pure Swift: no Foundation formatters, so the output is exact (amounts are
// `ExactDecimal`, never `Double`) and identical on every machine. French follows CLDR `fr`: U+202F (narrow no-break
// space) between digit groups and before `%`, U+00A0 (no-break space) before a currency symbol.

extension DocumentLocale {
    /// U+202F NARROW NO-BREAK SPACE: French digit groups and the space before `%`.
    static let narrowNoBreakSpace = "\u{202F}"
    /// U+00A0 NO-BREAK SPACE: between an amount and its currency symbol.
    static let noBreakSpace = "\u{00A0}"

    /// The locale a language tag asks for: `"fr"`, `"fr-FR"`, `"FR_ca"` → ``fr``; `"en"`, `"en-GB"` → ``en``.
    /// Only the primary language subtag counts; `nil` for any other language or a malformed tag.
    public init?(tag: String) {
        let subtags = tag.lowercased().split(separator: /[-_]/, omittingEmptySubsequences: false)
        guard let first = subtags.first, let locale = DocumentLocale(rawValue: String(first)),
            subtags.allSatisfy({ (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
        else { return nil }
        self = locale
    }

    /// An amount in `currency`, rounded half-even to the currency's minor units (JPY 0, EUR 2, KWD 3):
    /// fr `1 234,56 €` (U+202F between groups, U+00A0 before the symbol), en `€1,234.56`; negatives `-1 234,56 €` /
    /// `-€1,234.56`. Symbols for EUR, USD (`$`, fr `$US`), GBP, JPY and CHF; other currencies show their ISO code.
    public func money(_ amount: ExactDecimal, _ currency: Currency) -> String {
        let rounded = amount.rounded(toPlaces: currency.minorUnits, .halfEven)
        let digits = grouped(rounded.magnitude)
        let sign = rounded.isNegative ? "-" : ""
        let symbol = currencySymbol(currency)
        switch self {
        case .fr:
            return sign + digits + Self.noBreakSpace + symbol
        case .en:
            let isWord = symbol.count > 1 && symbol.allSatisfy { $0.isLetter }
            return sign + symbol + (isWord ? Self.noBreakSpace : "") + digits
        }
    }

    /// A quantity or any plain number, exactly, trailing fractional zeros dropped: fr `1 234,5`, en `1,234.5`.
    public func number(_ value: ExactDecimal) -> String {
        let normalized = value.normalized
        return (normalized.isNegative ? "-" : "") + grouped(normalized.magnitude)
    }

    /// A percentage given in percent (`20` is 20 %): fr `20 %` and `5,5 %` (U+202F before `%`), en `20%`, `5.5%`.
    public func percent(_ rate: ExactDecimal) -> String {
        number(rate) + (self == .fr ? Self.narrowNoBreakSpace + "%" : "%")
    }

    /// A date written out: fr `6 décembre 2026` (`1er décembre 2026` on the first), en `December 6, 2026`.
    public func date(_ date: CalendarDate) -> String {
        let month = monthNames[date.month - 1]
        switch self {
        case .fr: return (date.day == 1 ? "1er" : String(date.day)) + " " + month + " " + String(date.year)
        case .en: return month + " " + String(date.day) + ", " + String(date.year)
        }
    }

    /// The text of a fixed label in this language (``DocumentLabel``).
    public func label(_ key: DocumentLabel) -> String {
        self == .fr ? key.french : key.english
    }

    /// The unit printed after a quantity, from its UN/ECE Recommendation 20 code: `C62` (one) prints nothing,
    /// `HUR` `h`, `DAY` `jour(s)`/`day`, `MON` `mois`/`month`, `ANN` `an`/`year`, `KGM` `kg`, `MTR` `m`, `LTR` `l`.
    /// Any other code prints as itself.
    public func unitName(_ unitCode: String) -> String {
        switch unitCode {
        case "C62": ""
        case "HUR": "h"
        case "DAY": self == .fr ? "jour(s)" : "day"
        case "MON": self == .fr ? "mois" : "month"
        case "ANN": self == .fr ? "an" : "year"
        case "KGM": "kg"
        case "MTR": "m"
        case "LTR": "l"
        default: unitCode
        }
    }

    private var monthNames: [String] {
        switch self {
        case .fr:
            ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]
        case .en:
            ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
        }
    }

    private func currencySymbol(_ currency: Currency) -> String {
        switch currency.code {
        case "EUR": "€"
        case "USD": self == .fr ? "$US" : "$"
        case "GBP": "£"
        case "JPY": "¥"
        default: currency.code
        }
    }

    /// A non-negative value's digits with this locale's group separator and decimal mark, at its own scale.
    private func grouped(_ value: ExactDecimal) -> String {
        let text = value.description
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = Array(parts[0])
        let separator: Character = self == .fr ? "\u{202F}" : ","
        var out = ""
        out.reserveCapacity(text.count + integer.count / 3 * 3)
        for (index, digit) in integer.enumerated() {
            if index > 0, (integer.count - index) % 3 == 0 { out.append(separator) }
            out.append(digit)
        }
        if parts.count == 2 {
            out.append(self == .fr ? "," : ".")
            out += parts[1]
        }
        return out
    }
}

extension DocumentPaymentAccount {
    /// The IBAN in groups of four, as printed: `FR76 3000 6000 0112 3456 7890 189`.
    public var groupedIBAN: String {
        var out = ""
        for (index, character) in iban.filter({ $0 != " " }).enumerated() {
            if index > 0, index % 4 == 0 { out.append(" ") }
            out.append(character)
        }
        return out
    }
}
