import Domain

/// One column of the lines table.
struct TableColumn {
    let label: DocumentLabel
    let width: Double
    /// Numbers and amounts are right-aligned.
    let alignRight: Bool
}

extension InvoiceLayout {
    static let cellPadding = 4.0
    static let rowSize = 8.5
    static let rowLeading = 10.5
    static let headerSize = 7.5
    static let headerLeading = 9.0

    /// The columns: the description takes what the fixed columns leave.
    var columns: [TableColumn] {
        let fixed: [(DocumentLabel, Double)] = [
            (.quantity, 36), (.unit, 40), (.unitPrice, 66), (.discount, 56), (.taxRate, 40), (.lineTotal, 72),
        ]
        let description = contentWidth - fixed.reduce(0) { $0 + $1.1 }
        return [TableColumn(label: .description, width: description, alignRight: false)]
            + fixed.map { TableColumn(label: $0.0, width: $0.1, alignRight: true) }
    }

    /// The lines, page after page; the header row starts the table on every page that has lines.
    mutating func drawLines() {
        let columns = columns
        let header = columns.map {
            wrap(locale.label($0.label), width: $0.width - 2 * Self.cellPadding, size: Self.headerSize, weight: .bold)
        }
        let headerHeight = Double(header.map(\.count).max() ?? 1) * Self.headerLeading + 2 * Self.cellPadding
        var headerOnPage = false
        for (index, line) in document.lines.enumerated() {
            let cells = cells(of: line)
            let description = wrap(cells[0], width: columns[0].width - 2 * Self.cellPadding, size: Self.rowSize)
            let rowHeight = Double(max(description.count, 1)) * Self.rowLeading + 2 * Self.cellPadding
            let needed = rowHeight + (headerOnPage ? 0 : headerHeight)
            if y - needed < bottomLimit {
                continueOnNewPage()
                headerOnPage = false
            }
            if !headerOnPage {
                drawHeaderRow(columns, header, height: headerHeight)
                headerOnPage = true
            }
            if index % 2 == 1 { canvas.rect(x: left, y: y - rowHeight, width: contentWidth, height: rowHeight, color: Self.band) }
            let baseline = y - Self.cellPadding - Self.rowSize * 0.8
            var x = left
            for (column, cell) in zip(columns, cells) {
                if column.alignRight {
                    canvas.textRight(cell, right: x + column.width - Self.cellPadding, y: baseline, size: Self.rowSize)
                } else {
                    for (number, text) in description.enumerated() {
                        let lineY = baseline - Double(number) * Self.rowLeading
                        canvas.text(text, x: x + Self.cellPadding, y: lineY, size: Self.rowSize)
                    }
                }
                x += column.width
            }
            y -= rowHeight
            canvas.line(from: (left, y), to: (right, y), width: 0.4, color: Self.rule)
        }
        y -= 16
    }

    private mutating func drawHeaderRow(_ columns: [TableColumn], _ labels: [[String]], height: Double) {
        canvas.rect(x: left, y: y - height, width: contentWidth, height: height, color: accent)
        var x = left
        for (column, lines) in zip(columns, labels) {
            var lineY = y - Self.cellPadding - Self.headerSize * 0.85
            for text in lines {
                if column.alignRight {
                    canvas.textRight(
                        text, right: x + column.width - Self.cellPadding, y: lineY, size: Self.headerSize, weight: .bold,
                        color: .white)
                } else {
                    canvas.text(
                        text, x: x + Self.cellPadding, y: lineY, size: Self.headerSize, weight: .bold, color: .white)
                }
                lineY -= Self.headerLeading
            }
            x += column.width
        }
        y -= height
    }

    /// A line's cells in column order, formatted in the document's locale.
    private func cells(of line: DocumentLine) -> [String] {
        let currency = document.currency
        return [
            line.description,
            locale.number(line.quantity),
            locale.unitName(line.unitCode),
            locale.money(line.unitPrice, currency),
            line.discountAmount.isZero ? "" : locale.money(line.discountAmount, currency),
            line.taxRate.map { locale.percent($0) } ?? "",
            locale.money(line.net, currency),
        ]
    }
}
