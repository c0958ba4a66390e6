/// When an invoice may be dated (docs/invoicing.md, "Numbering and dating"): within the tenant's one sequence,
/// invoice dates never go backwards as numbers go up (chronological numbering, required in France and
/// elsewhere), and nothing is dated on or before the lock date.
///
/// Built from what the issuer read while holding the number counter's row lock, so that no other issuer can
/// change the last date before this one commits.
public struct InvoiceDating: Sendable, Hashable {
    /// How the EOD dates the invoice of an occurrence it posts late (a tenant setting, `invoice_dating`).
    public enum CatchUp: String, Sendable, Hashable, CaseIterable, WireEnum {
        /// Its posting date, moved forward only as far as the sequence and the lock date require (the default).
        case occurrenceDate
        /// The EOD's business date: the day it is issued, whatever its posting date.
        case eodDate
    }

    /// The date of the last number issued (the latest invoice date of the sequence); `nil` before the first.
    public let lastNumberDate: CalendarDate?
    public let lock: LockDate
    public let catchUp: CatchUp

    public init(lastNumberDate: CalendarDate?, lock: LockDate, catchUp: CatchUp = .occurrenceDate) {
        self.lastNumberDate = lastNumberDate
        self.lock = lock
        self.catchUp = catchUp
    }

    /// The earliest date the next number may carry; `nil` when any date will do.
    public var earliest: CalendarDate? {
        switch (lastNumberDate, lock.firstOpenDay) {
        case (let last?, let open?): max(last, open)
        case (let last?, nil): last
        case (nil, let open): open
        }
    }

    /// The refusal of a document dated `date` (a manual or sales-order invoice; a credit note, whose sequence follows
    /// the same rule), reported at `path`: it names the earliest allowed date. `nil` when the date is allowed.
    /// `numbering` names the sequence in the message: "invoice", "credit note".
    public func violation(_ date: CalendarDate, at path: String, numbering: String = "invoice") -> FieldViolation? {
        guard let earliest, date < earliest else { return nil }
        if lock.firstOpenDay == earliest { return lock.violation(date, at: path) }
        return FieldViolation(
            path: path, code: .outOfRange,
            message: "is before \(earliest), the date of the last \(numbering) number: the earliest allowed date is \(earliest)")
    }

    /// The date the EOD issues an occurrence's invoice on: its posting date, or with ``CatchUp/eodDate`` the EOD's
    /// business date (`eodDate`, its as-of date; `nil` for an occurrence posted by hand); then moved forward, never
    /// back, to ``earliest``. The occurrence keeps its posting date and period; only the invoice's date moves.
    public func occurrenceInvoiceDate(postingDate: CalendarDate, eodDate: CalendarDate?) -> CalendarDate {
        let issued = catchUp == .eodDate ? eodDate ?? postingDate : postingDate
        let date = max(postingDate, issued)
        guard let earliest, date < earliest else { return date }
        return earliest
    }

    /// The due date of an invoice dated `invoiceDate` for an occurrence due on `occurrenceDue`: the payment terms
    /// run from the later of the two, so a redated invoice is never due before it is issued.
    public static func dueDate(occurrenceDue: CalendarDate, invoiceDate: CalendarDate, termsDays: Int) -> CalendarDate? {
        max(occurrenceDue, invoiceDate).checkedAdding(days: termsDays)
    }
}
