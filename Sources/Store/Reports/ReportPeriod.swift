import Domain

/// The bound every report period obeys (shared by the reports under `/v1/reports/`): `to` not before `from`, and
/// before `from` + a number of years.
public enum ReportPeriod {
    /// What is wrong with the period, at `to`.
    public static func violations(from: CalendarDate, to: CalendarDate, maximumYears: Int) -> [FieldViolation] {
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
}
