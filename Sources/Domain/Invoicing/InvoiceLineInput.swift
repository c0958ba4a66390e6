/// What an invoice line says before any amount is computed: quantity × unit price, less a discount, plus tax.
public struct InvoiceLineInput: Hashable, Sendable {
    /// How many units; greater than zero, at most 4 decimal places.
    public var quantity: ExactDecimal
    /// The price of one unit; zero or more, at most 4 decimal places.
    public var unitPrice: ExactDecimal
    /// A discount on this line only.
    public var discount: Discount?
    /// A tax rate in percent (0…100) applied to the line's net amount and credited to tax payable.
    public var taxRate: ExactDecimal?

    public init(quantity: ExactDecimal, unitPrice: ExactDecimal, discount: Discount? = nil, taxRate: ExactDecimal? = nil) {
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.discount = discount
        self.taxRate = taxRate
    }
}

/// The computed amounts of one line, each rounded half-even to the currency's minor units.
public struct InvoiceLineAmounts: Hashable, Sendable {
    /// quantity × unit price.
    public var gross: ExactDecimal
    /// The line's own discount.
    public var lineDiscount: ExactDecimal
    /// This line's share of the invoice-level discount.
    public var allocatedDiscount: ExactDecimal
    /// gross − lineDiscount − allocatedDiscount: what is credited to the line's income account.
    public var net: ExactDecimal
    /// net × tax rate: what is credited to tax payable.
    public var tax: ExactDecimal

    /// lineDiscount + allocatedDiscount.
    public var discount: ExactDecimal { (try? lineDiscount.adding(allocatedDiscount)) ?? lineDiscount }
}

/// The computed amounts of a whole invoice. `total = subtotal − discountTotal + taxTotal`, exactly.
public struct InvoiceAmounts: Hashable, Sendable {
    /// Per line, in input order.
    public var lines: [InvoiceLineAmounts]
    /// Σ gross.
    public var subtotal: ExactDecimal
    /// Σ line discounts + the invoice-level discount.
    public var discountTotal: ExactDecimal
    /// Σ tax.
    public var taxTotal: ExactDecimal
    /// What the party owes: debited to its control account when the invoice is issued.
    public var total: ExactDecimal

    public init(
        lines: [InvoiceLineAmounts], subtotal: ExactDecimal, discountTotal: ExactDecimal, taxTotal: ExactDecimal,
        total: ExactDecimal
    ) {
        self.lines = lines
        self.subtotal = subtotal
        self.discountTotal = discountTotal
        self.taxTotal = taxTotal
        self.total = total
    }
}
