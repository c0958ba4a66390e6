/// Writes a TrueType subset of a font for embedding (`FontFile2`).
///
/// Glyph ids are kept, not renumbered: the subset has as many glyphs as the original, the unused ones empty in
/// `loca`/`glyf` and zero in `hmtx`, so the PDF can use `/CIDToGIDMap /Identity` with CID = original glyph id.
/// Kept: the glyphs asked for, .notdef, and the components of composite glyphs. Tables written: `cvt `, `fpgm`,
/// `glyf`, `head`, `hhea`, `hmtx`, `loca`, `maxp`, `prep` (those present), with correct checksums and
/// `head.checkSumAdjustment`.
enum TrueTypeSubsetter {
    /// The glyphs to keep: `used`, .notdef, and every component of a kept composite glyph, sorted.
    static func closure(of used: Set<UInt16>, in font: TrueTypeFont) throws(DocumentRenderError) -> [UInt16] {
        var kept = used
        kept.insert(0)
        var pending = Array(kept)
        while let glyph = pending.popLast() {
            for component in try components(of: Int(glyph), in: font) where kept.insert(component).inserted {
                pending.append(component)
            }
        }
        return kept.sorted()
    }

    /// The subset font file.
    static func subset(_ font: TrueTypeFont, keeping kept: [UInt16]) throws(DocumentRenderError) -> [UInt8] {
        var keep = [Bool](repeating: false, count: font.glyphCount)
        for glyph in kept where Int(glyph) < font.glyphCount { keep[Int(glyph)] = true }

        var glyf: [UInt8] = []
        var offsets: [Int] = [0]
        offsets.reserveCapacity(font.glyphCount + 1)
        for glyph in 0..<font.glyphCount {
            if keep[glyph] {
                glyf.append(contentsOf: font.glyphData(glyph))
                while glyf.count % 4 != 0 { glyf.append(0) }
            }
            offsets.append(glyf.count)
        }
        let shortLoca = glyf.count < 0x20000
        var loca: [UInt8] = []
        loca.reserveCapacity(offsets.count * (shortLoca ? 2 : 4))
        for offset in offsets {
            if shortLoca { loca.appendU16(UInt16(offset / 2)) } else { loca.appendU32(UInt32(offset)) }
        }

        guard var head = font.tables["head"], head.count >= 54, let hhea = font.tables["hhea"], hhea.count >= 36,
            let hmtx = font.tables["hmtx"]
        else { throw .fontMalformed(font: font.postScriptName, table: "head", detail: "head or hhea too short") }
        head.setU32(0, at: 8)
        head[50] = 0
        head[51] = shortLoca ? 0 : 1
        let metricCount = Int(hhea[34]) << 8 | Int(hhea[35])
        var newHmtx = [UInt8](repeating: 0, count: metricCount * 4 + (font.glyphCount - metricCount) * 2)
        for glyph in 0..<font.glyphCount where keep[glyph] {
            let (at, size) = glyph < metricCount ? (glyph * 4, 4) : (metricCount * 4 + (glyph - metricCount) * 2, 2)
            guard at + size <= hmtx.count else {
                throw .fontMalformed(font: font.postScriptName, table: "hmtx", detail: "glyph \(glyph) past the end")
            }
            newHmtx.replaceSubrange(at..<(at + size), with: hmtx[at..<(at + size)])
        }

        var tables: [(String, [UInt8])] = [
            ("glyf", glyf), ("head", head), ("hhea", hhea), ("hmtx", newHmtx), ("loca", loca),
        ]
        for tag in ["cvt ", "fpgm", "maxp", "prep"] {
            if let table = font.tables[tag] { tables.append((tag, table)) }
        }
        tables.sort { $0.0 < $1.0 }
        return assemble(tables)
    }

    private static func assemble(_ tables: [(String, [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        out.appendU32(0x0001_0000)
        out.appendU16(UInt16(tables.count))
        var power = 1
        var log = 0
        while power * 2 <= tables.count { power *= 2; log += 1 }
        out.appendU16(UInt16(power * 16))
        out.appendU16(UInt16(log))
        out.appendU16(UInt16(tables.count * 16 - power * 16))
        var offset = 12 + tables.count * 16
        var headAt = 0
        for (tag, bytes) in tables {
            out.append(contentsOf: Array(tag.utf8))
            out.appendU32(checksum(bytes))
            out.appendU32(UInt32(offset))
            out.appendU32(UInt32(bytes.count))
            if tag == "head" { headAt = offset }
            offset += (bytes.count + 3) & ~3
        }
        for (_, bytes) in tables {
            out.append(contentsOf: bytes)
            while out.count % 4 != 0 { out.append(0) }
        }
        out.setU32(0xB1B0_AFBA &- checksum(out), at: headAt + 8)
        return out
    }

    /// The sum of the big-endian 32-bit words of `bytes`, zero-padded.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var sum: UInt32 = 0
        var index = 0
        while index < bytes.count {
            var word: UInt32 = 0
            for byte in 0..<4 {
                word <<= 8
                if index + byte < bytes.count { word |= UInt32(bytes[index + byte]) }
            }
            sum &+= word
            index += 4
        }
        return sum
    }

    /// The glyph ids a composite glyph refers to (none for a simple glyph).
    private static func components(of glyph: Int, in font: TrueTypeFont) throws(DocumentRenderError) -> [UInt16] {
        let data = font.glyphData(glyph)
        guard data.count >= 10 else { return [] }
        let bytes = FontBytes(bytes: Array(data), font: font.postScriptName)
        guard try bytes.i16(0, "glyf") < 0 else { return [] }
        var result: [UInt16] = []
        var at = 10
        while true {
            let flags = try bytes.u16(at, "glyf")
            result.append(try bytes.u16(at + 2, "glyf"))
            at += 4 + (flags & 0x0001 != 0 ? 4 : 2)
            if flags & 0x0008 != 0 { at += 2 } else if flags & 0x0040 != 0 { at += 4 } else if flags & 0x0080 != 0 { at += 8 }
            if flags & 0x0020 == 0 { break }
        }
        return result
    }
}
