/// The Unicode → glyph id map of a font's `cmap` table (formats 4 and 12, Windows or Unicode platform).
struct TrueTypeCmap: Sendable {
    /// Glyph ids of the Basic Multilingual Plane, indexed by scalar value (0 = no glyph).
    private(set) var bmp: [UInt16] = Array(repeating: 0, count: 0x10000)
    /// Glyph ids above U+FFFF.
    private(set) var supplementary: [UInt32: UInt16] = [:]

    /// The glyph for `scalar`, or 0 (.notdef) when the font has none.
    func glyph(_ scalar: Unicode.Scalar) -> UInt16 {
        let value = scalar.value
        return value < 0x10000 ? bmp[Int(value)] : supplementary[value] ?? 0
    }

    init(_ font: FontBytes, offset: Int, length: Int) throws(DocumentRenderError) {
        let count = Int(try font.u16(offset + 2, "cmap"))
        var format4: Int?
        var format12: Int?
        for index in 0..<count {
            let record = offset + 4 + index * 8
            let platform = try font.u16(record, "cmap")
            let encoding = try font.u16(record + 2, "cmap")
            let subtable = offset + Int(try font.u32(record + 4, "cmap"))
            let format = try font.u16(subtable, "cmap")
            let unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))
            guard unicode else { continue }
            if format == 4, format4 == nil { format4 = subtable }
            if format == 12, format12 == nil { format12 = subtable }
        }
        guard format4 != nil || format12 != nil else {
            throw .fontMalformed(font: font.font, table: "cmap", detail: "no Unicode subtable of format 4 or 12")
        }
        if let format4 { try readFormat4(font, at: format4) }
        if let format12 { try readFormat12(font, at: format12) }
    }

    private mutating func readFormat4(_ font: FontBytes, at start: Int) throws(DocumentRenderError) {
        let segments = Int(try font.u16(start + 6, "cmap")) / 2
        let ends = start + 14
        let starts = ends + segments * 2 + 2
        let deltas = starts + segments * 2
        let rangeOffsets = deltas + segments * 2
        for segment in 0..<segments {
            let end = Int(try font.u16(ends + segment * 2, "cmap"))
            let first = Int(try font.u16(starts + segment * 2, "cmap"))
            let delta = Int(try font.u16(deltas + segment * 2, "cmap"))
            let rangeAt = rangeOffsets + segment * 2
            let rangeOffset = Int(try font.u16(rangeAt, "cmap"))
            guard first <= end else { continue }
            for code in first...end where code != 0xffff {
                var glyph: Int
                if rangeOffset == 0 {
                    glyph = (code + delta) & 0xffff
                } else {
                    glyph = Int(try font.u16(rangeAt + rangeOffset + 2 * (code - first), "cmap"))
                    if glyph != 0 { glyph = (glyph + delta) & 0xffff }
                }
                bmp[code] = UInt16(glyph)
            }
        }
    }

    private mutating func readFormat12(_ font: FontBytes, at start: Int) throws(DocumentRenderError) {
        let groups = Int(try font.u32(start + 12, "cmap"))
        for group in 0..<groups {
            let at = start + 16 + group * 12
            let first = try font.u32(at, "cmap")
            let last = try font.u32(at + 4, "cmap")
            let glyph = try font.u32(at + 8, "cmap")
            guard first <= last, last <= 0x10ffff, last - first < 0x110000 else {
                throw .fontMalformed(font: font.font, table: "cmap", detail: "format 12 group \(group) out of range")
            }
            for code in first...last {
                let id = UInt16(truncatingIfNeeded: glyph + (code - first))
                if code < 0x10000 { bmp[Int(code)] = id } else { supplementary[code] = id }
            }
        }
    }
}
