/// A tenant's lock date (docs/invoicing.md, "Lock date"): nothing is posted on or before it, so closed periods stay
/// closed. `nil` locks nothing.
///
/// Every posting path asks the same three questions: may a document be dated `date` (``violation(_:at:)``),
/// where does an EOD posting land instead (``open(_:)``), and may the lock date change to another
/// (``changeViolation(to:today:at:)``).
public struct LockDate: Sendable, Hashable {
    /// The last locked day; `nil` when nothing is locked.
    public let date: CalendarDate?

    public init(_ date: CalendarDate?) { self.date = date }

    /// The first day a posting may be dated: the day after the lock date (`nil`: any day).
    public var firstOpenDay: CalendarDate? { date.flatMap { $0.checkedAdding(days: 1) } }

    /// Whether `day` is in a closed period.
    public func locks(_ day: CalendarDate) -> Bool { date.map { day <= $0 } ?? false }

    /// The refusal of a posting dated `day`, reported at `path`; `nil` when the day is open.
    public func violation(_ day: CalendarDate, at path: String) -> FieldViolation? {
        guard let date, locks(day) else { return nil }
        return FieldViolation(
            path: path, code: .outOfRange,
            message: "is on or before the lock date \(date): the earliest allowed date is \(firstOpenDay ?? date)")
    }

    /// `day`, or the first open day when `day` is locked: where the EOD dates what falls in a closed period.
    public func open(_ day: CalendarDate) -> CalendarDate {
        guard locks(day), let first = firstOpenDay else { return day }
        return first
    }

    /// The refusal of moving the lock date to `new` through the API: it moves forward (or stays), never after the
    /// tenant's `today`; moving it back (reopening a closed period) is an operator's action (`recur-admin tenant
    /// lock-date`), not a client's.
    public func changeViolation(to new: CalendarDate, today: CalendarDate, at path: String) -> FieldViolation? {
        if new > today {
            return FieldViolation(path: path, code: .outOfRange, message: "must not be after the tenant's today (\(today))")
        }
        if let date, new < date {
            return FieldViolation(
                path: path, code: .conflict,
                message: "cannot move back from \(date): reopening a closed period is an operator's action")
        }
        return nil
    }
}
