import Domain

extension InvoiceLayout {
    static let totalsWidth = 230.0
    static let totalsLeading = 15.0
    static let paymentWidth = 240.0

    /// Totals on the right, payment details and terms on the left, side by side, on the last page.
    mutating func drawTotalsAndPayment() {
        let totals = totalRows
        let payment = paymentLines
        let totalsHeight = Double(totals.count) * Self.totalsLeading + 8
        let paymentHeight = payment.isEmpty ? 0 : 14 + Double(payment.count) * 11
        let blockHeight = max(totalsHeight, paymentHeight)
        if y - blockHeight < bottomLimit { continueOnNewPage() }
        let top = y

        let labelX = right - Self.totalsWidth
        var rowTop = top
        for (index, row) in totals.enumerated() {
            let isDue = index == totals.count - 1
            let baseline = rowTop - Self.totalsLeading + 4.5
            if isDue {
                canvas.rect(
                    x: labelX - 6, y: rowTop - Self.totalsLeading - 3, width: Self.totalsWidth + 6,
                    height: Self.totalsLeading + 3, color: accent)
            }
            let color: RGBColor = isDue ? .white : .black
            let weight: FontWeight = row.bold || isDue ? .bold : .regular
            canvas.text(row.label, x: labelX, y: baseline - (isDue ? 1.5 : 0), size: 9, weight: weight, color: color)
            canvas.textRight(
                row.amount, right: right - 4, y: baseline - (isDue ? 1.5 : 0), size: 9, weight: weight, color: color)
            rowTop -= Self.totalsLeading
            if row.bold && !isDue { canvas.line(from: (labelX, rowTop + 1), to: (right, rowTop + 1), width: 0.5, color: Self.rule) }
        }

        var lineY = top - 9
        if !payment.isEmpty {
            canvas.text(locale.label(.paymentDetails), x: left, y: lineY, size: 9, weight: .bold, color: accent)
            lineY -= 3
            for line in payment {
                lineY -= 11
                canvas.text(line, x: left, y: lineY, size: 8.5)
            }
        }
        y = top - blockHeight - 20
    }

    /// Discounts (if any), total before tax, tax per rate, total, paid (if any), amount due.
    private var totalRows: [(label: String, amount: String, bold: Bool)] {
        let currency = document.currency
        let totals = document.totals
        var rows: [(label: String, amount: String, bold: Bool)] = []
        if !totals.discountTotal.isZero {
            rows.append((locale.label(.discountTotal), locale.money(totals.discountTotal, currency), false))
        }
        rows.append((locale.label(.subtotal), locale.money(totals.lineTotal, currency), false))
        for subtotal in document.taxBreakdown {
            let label = locale.label(.tax) + " " + locale.percent(subtotal.rate)
            rows.append((label, locale.money(subtotal.tax, currency), false))
        }
        rows.append((locale.label(.total), locale.money(totals.grandTotal, currency), true))
        if !totals.paid.isZero { rows.append((locale.label(DocumentLabel.paid.on(document.kind)), locale.money(totals.paid, currency), false)) }
        rows.append((locale.label(DocumentLabel.amountDue.on(document.kind)), locale.money(totals.amountDue, currency), true))
        return rows
    }

    /// IBAN in groups of four, BIC, reference, then the payment terms, wrapped to the block's width.
    private var paymentLines: [String] {
        var lines: [String] = []
        if let account = document.payment {
            lines.append(labeled(.iban, account.groupedIBAN))
            if let bic = account.bic { lines.append(labeled(.bic, bic)) }
            if let reference = account.reference { lines.append(labeled(.paymentReference, reference)) }
        }
        if let terms = document.paymentTerms {
            lines += wrap(labeled(.paymentTerms, terms), width: Self.paymentWidth, size: 8.5)
        }
        return lines
    }

    /// Free notes under the totals, wrapped over the full width, continuing on a new page if needed.
    mutating func drawNotes() {
        for note in document.notes {
            for line in wrap(note, width: contentWidth, size: 8.5) {
                if y - 11 < bottomLimit { continueOnNewPage() }
                y -= 11
                canvas.text(line, x: left, y: y, size: 8.5, color: Self.muted)
            }
            y -= 5
        }
    }
}
