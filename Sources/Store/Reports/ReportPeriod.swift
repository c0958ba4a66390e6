import Domain

/// The bounds every report keeps (docs/reports.md): a period spans less than ``maximumYears`` years and a report
/// has at most ``maximumColumns`` period columns, so no request asks for unbounded work.
public enum ReportPeriod {
    /// `to` is before `from` + this many years.
    public static let maximumYears = 10
    /// Period columns of one report (ten years by month).
    public static let maximumColumns = 120

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

    /// The first day of each calendar month that `from`…`to` touches, in order (at most ``maximumColumns`` for a
    /// valid period).
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

extension ExactDecimal {
    /// `self + other`, or ``LedgerError/conflict(_:)`` on an overflow of 38 digits (sums of the ledger's
    /// numeric(18,4) amounts never reach it in practice).
    func plus(_ other: ExactDecimal) throws -> ExactDecimal {
        do { return try adding(other) } catch { throw LedgerError.conflict("a report total overflows 38 digits") }
    }

    /// `self − other`, see ``plus(_:)``.
    func minus(_ other: ExactDecimal) throws -> ExactDecimal {
        do { return try subtracting(other) } catch { throw LedgerError.conflict("a report total overflows 38 digits") }
    }
}
