import Domain

extension InvoiceLayout {
    /// Logo and seller on the left; title, number, dates and references on the right.
    mutating func drawHeader() {
        let top = height - margin
        var leftY = top
        // The widest thing in the seller's column, which the references block keeps clear of.
        var sellerWidth = 0.0
        if let logo {
            let scale = min(150 / Double(logo.width), 56 / Double(logo.height))
            let (logoWidth, logoHeight) = (Double(logo.width) * scale, Double(logo.height) * scale)
            canvas.image(x: left, y: top - logoHeight, width: logoWidth, height: logoHeight)
            sellerWidth = logoWidth
            leftY = top - logoHeight - 10
        }
        let seller = document.seller
        leftY -= 11
        canvas.text(seller.name, x: left, y: leftY, size: 11, weight: .bold)
        sellerWidth = max(sellerWidth, canvas.width(seller.name, size: 11, weight: .bold))
        var sellerLines = addressLines(seller.address)
        if let vat = seller.vatID { sellerLines.append(labeled(.vatID, vat)) }
        if let registration = seller.registrationID { sellerLines.append(labeled(.registrationID, registration)) }
        if let email = seller.email { sellerLines.append(email) }
        for line in sellerLines {
            leftY -= 11
            canvas.text(line, x: left, y: leftY, size: 8.5, color: Self.muted)
            sellerWidth = max(sellerWidth, canvas.width(line, size: 8.5))
        }

        var rightY = top - 18
        canvas.textRight(title, right: right, y: rightY, size: 20, weight: .bold, color: accent)
        if document.isDraft {
            // Besides the diagonal watermark (which text extractors drop), a plain mark under the title.
            rightY -= 14
            canvas.textRight(locale.label(.draft), right: right, y: rightY, size: 10, weight: .bold, color: Self.draftRed)
        }
        rightY -= 8
        // Labels start at one x, values end at `right`. The block is 235 points wide, wider (up to the seller's
        // column) when a row's label, the gap and its value need more; a label or value that still does not fit is
        // wrapped, so that no label ever runs into its value, whatever the language.
        let rows = referenceRows
        let (size, gap, leading) = (8.5, 10.0, 10.5)
        let labelWidths = rows.map { canvas.width($0.0, size: size) }
        let valueWidths = rows.map { canvas.width($0.1, size: size, weight: .bold) }
        let widest = rows.indices.map { labelWidths[$0] + gap + valueWidths[$0] }.max() ?? 0
        let blockMax = max(Self.referenceBlockWidth, contentWidth - sellerWidth - 16)
        let blockWidth = min(max(Self.referenceBlockWidth, widest), blockMax)
        let labelX = right - blockWidth
        for (index, (label, value)) in rows.enumerated() {
            let labelLines = labelWidths[index] <= blockWidth * 0.6
                ? [label] : wrap(label, width: blockWidth * 0.6, size: size)
            let labelWidth = labelLines.map { canvas.width($0, size: size) }.max() ?? 0
            let valueLines = labelWidth + gap + valueWidths[index] <= blockWidth
                ? [value] : wrap(value, width: blockWidth - labelWidth - gap, size: size, weight: .bold)
            rightY -= 12.5
            for (line, text) in labelLines.enumerated() {
                canvas.text(text, x: labelX, y: rightY - Double(line) * leading, size: size, color: Self.muted)
            }
            for (line, text) in valueLines.enumerated() {
                canvas.textRight(text, right: right, y: rightY - Double(line) * leading, size: size, weight: .bold)
            }
            rightY -= Double(max(labelLines.count, valueLines.count) - 1) * leading
        }
        y = min(leftY, rightY) - 24
    }

    /// The usual width of the number, dates and references block, from the start of its labels to `right`.
    static let referenceBlockWidth = 235.0

    /// Number, dates and references, those the document has.
    private var referenceRows: [(String, String)] {
        var rows: [(String, String)] = []
        if let number = document.number { rows.append((locale.label(.number), number)) }
        rows.append((locale.label(.issueDate), locale.date(document.issueDate)))
        if let due = document.dueDate { rows.append((locale.label(.dueDate), locale.date(due))) }
        if let period = document.servicePeriod {
            rows.append((locale.label(.servicePeriod), locale.date(period.start) + " – " + locale.date(period.end)))
        }
        if let reference = document.statementReference {
            rows.append((locale.label(.statementReference), reference))
        }
        if let reference = document.buyerReference { rows.append((locale.label(.buyerReference), reference)) }
        if let preceding = document.precedingInvoice {
            rows.append((locale.label(.precedingInvoice), preceding.number + ", " + locale.date(preceding.issueDate)))
        }
        return rows
    }

    /// "Bill to", the buyer's name, address and VAT id, beside an accent rule.
    mutating func drawBuyer() {
        let buyer = document.buyer
        var lines = addressLines(buyer.address)
        if let vat = buyer.vatID { lines.append(labeled(.vatID, vat)) }
        if let registration = buyer.registrationID { lines.append(labeled(.registrationID, registration)) }
        let nameLines = wrap(buyer.name, width: 260, size: 10.5, weight: .bold)
        let blockHeight = 12 + Double(nameLines.count) * 13 + Double(lines.count) * 11 + 4
        canvas.rect(x: left, y: y - blockHeight, width: 2, height: blockHeight, color: accent)
        let x = left + 10
        var lineY = y - 9
        canvas.text(locale.label(.billTo), x: x, y: lineY, size: 8, weight: .bold, color: accent)
        lineY -= 3
        for name in nameLines {
            lineY -= 13
            canvas.text(name, x: x, y: lineY, size: 10.5, weight: .bold)
        }
        for line in lines {
            lineY -= 11
            canvas.text(line, x: x, y: lineY, size: 8.5)
        }
        y -= blockHeight + 22
    }
}
