/// Where an invoice is in its life: `draft → issued → partiallyPaid → paid`, or `void` from `issued`.
///
/// Payments and credit move an issued invoice between `issued`, `partiallyPaid`, `paid` and `credited` (a reversed
/// payment moves it back): `paid` once payments and credit settle it, `credited` when credit alone settles it. Only a draft may be edited or deleted; only an unpaid issued invoice may be voided. *Overdue* is not
/// a state: it is derived from the due date and the tenant's today (``isOverdue(dueDate:today:)``).
public enum InvoiceStatus: String, WireEnum, Hashable, Sendable {
    case draft, issued, partiallyPaid, paid, credited, void

    /// Issued and not fully paid: payments may be allocated to it.
    public var isOpen: Bool { self == .issued || self == .partiallyPaid }

    /// The status of an issued invoice with `paid` of `total` paid and `credit` of it settled by credit.
    public static func settled(total: ExactDecimal, paid: ExactDecimal, credit: ExactDecimal = .zero) -> InvoiceStatus {
        let settled = (try? paid.adding(credit)) ?? paid
        if settled >= total { return paid.isZero ? .credited : .paid }
        return paid.isZero ? .issued : .partiallyPaid
    }

    /// Whether an invoice in this status is overdue on `today`: open and due before it.
    public func isOverdue(dueDate: CalendarDate?, today: CalendarDate) -> Bool {
        guard isOpen, let dueDate else { return false }
        return dueDate < today
    }
}
