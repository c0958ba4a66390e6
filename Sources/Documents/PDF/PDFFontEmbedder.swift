/// Embeds a font subset as a `Type0` font over a `CIDFontType2` (`/Identity-H`, CID = glyph id,
/// `/CIDToGIDMap /Identity`), with `/W` widths and a `ToUnicode` CMap.
enum PDFFontEmbedder {
    /// Writes the font's objects and returns the `Type0` font's reference.
    static func embed(
        _ font: TrueTypeFont, usage: GlyphUsage, into writer: inout PDFWriter
    ) throws(DocumentRenderError) -> PDFReference {
        let used = usage.glyphs
        let kept = try TrueTypeSubsetter.closure(of: Set(used), in: font)
        let subset = try TrueTypeSubsetter.subset(font, keeping: kept)
        let baseName = subsetTag(font: font, glyphs: kept) + "+" + font.postScriptName
        let scale = 1000 / Double(font.unitsPerEm)

        let file = try writer.addStream([("Length1", .int(subset.count))], data: subset)
        let box = font.boundingBox
        let descriptor = writer.add(.dictionary([
            ("Type", .name("FontDescriptor")), ("FontName", .name(baseName)), ("Flags", .int(32)),
            ("FontBBox", .array([box.0, box.1, box.2, box.3].map { .real(Double($0) * scale) })),
            ("ItalicAngle", .real(font.italicAngle)), ("Ascent", .real(Double(font.ascender) * scale)),
            ("Descent", .real(Double(font.descender) * scale)), ("CapHeight", .real(Double(font.capHeight) * scale)),
            ("StemV", .int(font.isBold ? 140 : 80)), ("FontFile2", .reference(file)),
        ]))
        let cidFont = writer.add(.dictionary([
            ("Type", .name("Font")), ("Subtype", .name("CIDFontType2")), ("BaseFont", .name(baseName)),
            ("CIDSystemInfo", .dictionary([
                ("Registry", .bytes(Array("Adobe".utf8))), ("Ordering", .bytes(Array("Identity".utf8))),
                ("Supplement", .int(0)),
            ])),
            ("FontDescriptor", .reference(descriptor)), ("DW", .int(1000)), ("W", widths(font, used)),
            ("CIDToGIDMap", .name("Identity")),
        ]))
        let toUnicode = try writer.addStream([], data: toUnicodeCMap(usage))
        return writer.add(.dictionary([
            ("Type", .name("Font")), ("Subtype", .name("Type0")), ("BaseFont", .name(baseName)),
            ("Encoding", .name("Identity-H")), ("DescendantFonts", .array([.reference(cidFont)])),
            ("ToUnicode", .reference(toUnicode)),
        ]))
    }

    /// Six capital letters derived from the font and its kept glyphs: the same subset gets the same tag.
    static func subsetTag(font: TrueTypeFont, glyphs: [UInt16]) -> String {
        var hash = ContentHash()
        hash.combine(Array(font.postScriptName.utf8))
        for glyph in glyphs { hash.combine(UInt8(glyph >> 8)); hash.combine(UInt8(glyph & 0xff)) }
        var value = hash.low ^ hash.high
        var tag = ""
        for _ in 0..<6 {
            tag.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "A") + UInt8(value % 26)))
            value /= 26
        }
        return tag
    }

    /// `/W`: runs of consecutive glyph ids with their widths in 1/1000 em.
    private static func widths(_ font: TrueTypeFont, _ glyphs: [UInt16]) -> PDFValue {
        var result: [PDFValue] = []
        var index = 0
        while index < glyphs.count {
            let first = glyphs[index]
            var run: [PDFValue] = [.real(font.advance(ofGlyph: first))]
            index += 1
            while index < glyphs.count, glyphs[index] == glyphs[index - 1] + 1 {
                run.append(.real(font.advance(ofGlyph: glyphs[index])))
                index += 1
            }
            result.append(.int(Int(first)))
            result.append(.array(run))
        }
        return .array(result)
    }

    /// A `ToUnicode` CMap with one `bfchar` per drawn glyph, in blocks of at most 100.
    private static func toUnicodeCMap(_ usage: GlyphUsage) -> [UInt8] {
        var out = Array("""
            /CIDInit /ProcSet findresource begin
            12 dict begin
            begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def
            /CMapType 2 def
            1 begincodespacerange
            <0000> <FFFF>
            endcodespacerange

            """.utf8)
        let glyphs = usage.glyphs
        var start = 0
        while start < glyphs.count {
            let block = glyphs[start..<min(start + 100, glyphs.count)]
            PDFNumber.append(block.count, to: &out)
            out.append(contentsOf: Array(" beginbfchar\n".utf8))
            for glyph in block {
                PDFValue.appendHex([UInt8(glyph >> 8), UInt8(glyph & 0xff)], to: &out)
                out.append(0x20)
                var units: [UInt8] = []
                for unit in (usage.text[glyph] ?? "").utf16 { units.append(UInt8(unit >> 8)); units.append(UInt8(unit & 0xff)) }
                PDFValue.appendHex(units, to: &out)
                out.append(0x0a)
            }
            out.append(contentsOf: Array("endbfchar\n".utf8))
            start += 100
        }
        out.append(contentsOf: Array("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n".utf8))
        return out
    }
}
