import Domain

/// Recur's fixed invoice design laid out on a ``PDFCanvas``: header (seller, title, references), buyer, lines table
/// breaking across pages, totals and payment on the last page, notes, and a footer on every page.
/// Coordinates in points from the bottom-left corner; `y` is the top of what comes next.
struct InvoiceLayout {
    let document: InvoiceDocument
    let locale: DocumentLocale
    var canvas: PDFCanvas
    let width: Double
    let height: Double
    let accent: RGBColor
    let logo: JPEGImage?
    /// The top of the next thing to draw.
    var y: Double
    /// The legal footer, wrapped.
    let footerLines: [String]
    /// Nothing but the footer is drawn below this.
    let bottomLimit: Double

    let margin = 48.0
    static let muted = RGBColor(hex: 0x555555)
    static let rule = RGBColor(hex: 0xC8CDD3)
    static let band = RGBColor(hex: 0xF2F5F9)
    static let draftRed = RGBColor(hex: 0xB00020)
    static let footerSize = 7.0
    static let footerBaseline = 28.0
    static let footerLeading = 9.0

    var left: Double { margin }
    var right: Double { width - margin }
    var contentWidth: Double { width - 2 * margin }

    init(document: InvoiceDocument, canvas: PDFCanvas, paper: PaperSize, accent: RGBColor, logo: JPEGImage?) {
        self.document = document
        self.locale = document.locale
        self.canvas = canvas
        (width, height) = paper.points
        self.accent = accent
        self.logo = logo
        y = height - margin
        let footerWidth = width - 2 * margin - 70
        footerLines = document.legalFooter.map {
            TextWrapper.wrap($0, width: footerWidth, size: Self.footerSize, font: canvas.fonts.regular)
        } ?? []
        let separator = Self.footerBaseline + Double(max(footerLines.count, 1) - 1) * Self.footerLeading + 12
        bottomLimit = separator + 14
    }

    /// Lays out the whole document.
    mutating func layOut() {
        drawHeader()
        drawBuyer()
        drawLines()
        drawTotalsAndPayment()
        drawNotes()
        drawFooters()
    }

    /// "Invoice" or "Credit note".
    var title: String { locale.label(document.kind == .invoice ? .invoice : .creditNote) }

    /// `label : value` in French (no-break space before the colon), `label: value` in English.
    func labeled(_ key: DocumentLabel, _ value: String) -> String {
        locale.label(key) + (locale == .fr ? "\u{00A0}: " : ": ") + value
    }

    /// Starts a new page headed by the title, the number and "continued".
    mutating func continueOnNewPage() {
        canvas.newPage()
        y = height - margin
        let heading = [title, document.number ?? "", "— " + locale.label(.continued)].filter { !$0.isEmpty }
        canvas.text(heading.joined(separator: " "), x: left, y: y - 9, size: 9, weight: .bold, color: Self.muted)
        y -= 24
    }

    /// Wraps `text` in the regular or bold face.
    func wrap(_ text: String, width: Double, size: Double, weight: FontWeight = .regular) -> [String] {
        TextWrapper.wrap(text, width: width, size: size, font: canvas.fonts.font(weight))
    }

    /// The printed lines of an address.
    func addressLines(_ address: PostalAddress?) -> [String] {
        guard let address else { return [] }
        var lines = [address.line1]
        if let line2 = address.line2, !line2.isEmpty { lines.append(line2) }
        lines.append([address.postalCode ?? "", address.city].filter { !$0.isEmpty }.joined(separator: " "))
        if address.country != document.seller.address?.country { lines.append(address.country) }
        return lines
    }

    /// The legal footer and "Page n / N" on every page, and the draft watermark.
    mutating func drawFooters() {
        let count = canvas.pages.count
        let separator = bottomLimit - 14
        for index in 0..<count {
            canvas.select(page: index)
            canvas.line(from: (left, separator), to: (right, separator), width: 0.5, color: Self.rule)
            var lineY = separator - 12
            for line in footerLines {
                canvas.text(line, x: left, y: lineY, size: Self.footerSize, color: Self.muted)
                lineY -= Self.footerLeading
            }
            let pageText = locale.label(.page) + " \(index + 1) / \(count)"
            canvas.textRight(pageText, right: right, y: Self.footerBaseline, size: 7.5, color: Self.muted)
            if document.isDraft {
                canvas.watermark(
                    locale.label(.draft), centerX: width / 2, centerY: height / 2, size: 84, degrees: 45,
                    color: Self.draftRed)
            }
        }
    }
}
