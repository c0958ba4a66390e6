/// One future posting of a recurring template, computed without writing anything: the same shape for every kind.
/// What a kind's document does not have is `nil` (a task has no amounts).
public struct RecurringPreview: Sendable, Hashable {
    public let occurrence: Occurrence
    /// The EOD date that creates it: the posting date, less the source's lead time (a recurring task's
    /// `lead_days`; none for the other kinds).
    public let createdOn: CalendarDate
    /// The date of the document it creates: the invoice, expense or order date, or a task's due date.
    public let documentDate: CalendarDate
    /// When the document falls due: an invoice's due date (the occurrence's due date plus terms), a task's due date.
    public let documentDueDate: CalendarDate?
    /// The document's reference as it will read (a recurring invoice's expanded statement reference).
    public let reference: String?
    public let currency: Currency?
    public let amounts: InvoiceAmounts?

    public init(
        occurrence: Occurrence, documentDate: CalendarDate, documentDueDate: CalendarDate? = nil,
        reference: String? = nil, currency: Currency? = nil, amounts: InvoiceAmounts? = nil, createdOn: CalendarDate? = nil
    ) {
        self.occurrence = occurrence
        self.createdOn = createdOn ?? occurrence.postingDate
        self.documentDate = documentDate
        self.documentDueDate = documentDueDate
        self.reference = reference
        self.currency = currency
        self.amounts = amounts
    }
}
