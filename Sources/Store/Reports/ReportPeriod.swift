import Domain

/// The bounds every report's period obeys (docs/reports.md): `to` not before `from`, and before `from` + 10 years,
/// so that no request asks for unbounded work.
public enum ReportPeriod {
    /// The longest period a report covers: `to` is before `from` + this many years.
    public static let maximumYears = 10

    /// What is wrong with the period `from`…`to` (both included), at `to`.
    public static func violations(from: CalendarDate, to: CalendarDate) -> [FieldViolation] {
        if to < from {
            return [FieldViolation(path: "to", code: .outOfRange, message: "must not be before from \(from)")]
        }
        if let limit = from.checkedAdding(years: maximumYears), to >= limit {
            return [
                FieldViolation(
                    path: "to", code: .outOfRange,
                    message: "must be before \(limit): a report spans at most \(maximumYears) years")
            ]
        }
        return []
    }

    /// The first day of each calendar month that `from`…`to` touches, in order (at most 120 for a valid period).
    public static func months(from: CalendarDate, to: CalendarDate) -> [CalendarDate] {
        var months = [CalendarDate](), month = from.firstDayOfMonth
        while month <= to {
            months.append(month)
            guard let next = month.checkedAdding(months: 1) else { break }
            month = next
        }
        return months
    }
}
