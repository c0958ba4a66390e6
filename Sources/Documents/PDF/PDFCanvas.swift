import Foundation

/// Drawing on the pages of one document: text in the document's fonts, rectangles, lines, a watermark, an image.
/// Coordinates in points from the page's bottom-left corner. Records the glyphs used, for the font subsets.
struct PDFCanvas {
    let fonts: FontSet
    /// Each page's content stream.
    private(set) var pages: [[UInt8]] = [[]]
    /// The page drawing goes to.
    private(set) var pageIndex = 0
    /// Glyphs used per weight (index = `FontWeight.rawValue`).
    private(set) var usage: [GlyphUsage] = [GlyphUsage(), GlyphUsage()]
    /// Whether any page uses the translucent graphics state (`/GS1`).
    private(set) var usesTransparency = false
    /// Whether any page draws the image `/Im1`.
    private(set) var usesImage = false

    init(fonts: FontSet) {
        self.fonts = fonts
        pages[0].reserveCapacity(16_384)
    }

    /// Adds a page at the end and draws on it from now on.
    mutating func newPage() {
        pages.append([])
        pageIndex = pages.count - 1
        pages[pageIndex].reserveCapacity(16_384)
    }

    /// Draws on page `index` (0-based) from now on, to add to a page already laid out (footers, watermark).
    mutating func select(page index: Int) {
        pageIndex = min(max(index, 0), pages.count - 1)
    }

    /// The width of `text` at `size` points.
    func width(_ text: String, size: Double, weight: FontWeight = .regular) -> Double {
        fonts.font(weight).width(of: text, size: size)
    }

    /// Draws `text` with its baseline starting at (`x`, `y`).
    mutating func text(
        _ text: String, x: Double, y: Double, size: Double, weight: FontWeight = .regular, color: RGBColor = .black
    ) {
        guard !text.isEmpty else { return }
        fill(color)
        op("BT /F\(weight.rawValue + 1) ")
        number(size)
        op(" Tf ")
        number(x)
        op(" ")
        number(y)
        op(" Td ")
        glyphs(text, weight: weight)
        op(" Tj ET\n")
    }

    /// Draws `text` ending at `right`.
    mutating func textRight(
        _ text: String, right: Double, y: Double, size: Double, weight: FontWeight = .regular, color: RGBColor = .black
    ) {
        self.text(text, x: right - width(text, size: size, weight: weight), y: y, size: size, weight: weight, color: color)
    }

    /// A filled rectangle.
    mutating func rect(x: Double, y: Double, width: Double, height: Double, color: RGBColor) {
        fill(color)
        numbers([x, y, width, height])
        op(" re f\n")
    }

    /// A straight stroked line.
    mutating func line(from: (Double, Double), to: (Double, Double), width: Double, color: RGBColor) {
        numbers([color.red, color.green, color.blue])
        op(" RG ")
        number(width)
        op(" w ")
        numbers([from.0, from.1])
        op(" m ")
        numbers([to.0, to.1])
        op(" l S\n")
    }

    /// `text` rotated by `degrees` around its centre at (`centerX`, `centerY`), at constant opacity (`/GS1`).
    mutating func watermark(
        _ text: String, centerX: Double, centerY: Double, size: Double, degrees: Double, color: RGBColor
    ) {
        usesTransparency = true
        let radians = degrees * Double.pi / 180
        let (cosine, sine) = (cos(radians), sin(radians))
        let half = width(text, size: size, weight: .bold) / 2
        let capHalf = size * 0.35
        op("q /GS1 gs ")
        fill(color)
        op("BT /F2 ")
        number(size)
        op(" Tf ")
        numbers([
            cosine, sine, -sine, cosine, centerX - half * cosine + capHalf * sine, centerY - half * sine - capHalf * cosine,
        ])
        op(" Tm ")
        glyphs(text, weight: .bold)
        op(" Tj ET Q\n")
    }

    /// Draws the document's image `/Im1` into the given box.
    mutating func image(x: Double, y: Double, width: Double, height: Double) {
        usesImage = true
        op("q ")
        numbers([width, 0, 0, height, x, y])
        op(" cm /Im1 Do Q\n")
    }

    private mutating func glyphs(_ text: String, weight: FontWeight) {
        let font = fonts.font(weight)
        pages[pageIndex].append(UInt8(ascii: "<"))
        for scalar in text.unicodeScalars {
            let glyph = font.glyph(for: scalar)
            usage[weight.rawValue].record(glyph, for: scalar)
            PDFValue.appendHexByte(UInt8(glyph >> 8), to: &pages[pageIndex])
            PDFValue.appendHexByte(UInt8(glyph & 0xff), to: &pages[pageIndex])
        }
        pages[pageIndex].append(UInt8(ascii: ">"))
    }

    private mutating func fill(_ color: RGBColor) {
        numbers([color.red, color.green, color.blue])
        op(" rg ")
    }

    private mutating func op(_ text: StaticString) {
        text.withUTF8Buffer { pages[pageIndex].append(contentsOf: $0) }
    }

    private mutating func op(_ text: String) {
        pages[pageIndex].append(contentsOf: text.utf8)
    }

    private mutating func number(_ value: Double) {
        PDFNumber.append(value, to: &pages[pageIndex])
    }

    private mutating func numbers(_ values: [Double]) {
        for (index, value) in values.enumerated() {
            if index > 0 { pages[pageIndex].append(0x20) }
            PDFNumber.append(value, to: &pages[pageIndex])
        }
    }
}
