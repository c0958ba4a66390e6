/// The glyphs one document uses in one font, and the text each stands for (for the `ToUnicode` map).
struct GlyphUsage {
    /// Glyph id → the characters it was first drawn for.
    private(set) var text: [UInt16: String] = [:]

    var isEmpty: Bool { text.isEmpty }

    /// Records `glyph` as drawn for `scalar` (the first character seen for a glyph wins).
    mutating func record(_ glyph: UInt16, for scalar: Unicode.Scalar) {
        if text[glyph] == nil { text[glyph] = String(Character(scalar)) }
    }

    /// The glyph ids, sorted.
    var glyphs: [UInt16] { text.keys.sorted() }
}
