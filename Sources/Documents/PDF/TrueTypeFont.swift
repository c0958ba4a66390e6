/// A TrueType (`glyf`) font parsed once: metrics, the Unicode map and the raw tables the subsetter copies.
/// Immutable and `Sendable`: load it once per process (through ``FontSet``) and share it between threads.
public struct TrueTypeFont: Sendable {
    /// The PostScript name (`name` table, id 6), such as `DejaVuSans`.
    public let postScriptName: String
    /// Font units per em (2048 for DejaVu).
    public let unitsPerEm: Int
    public let ascender: Int
    public let descender: Int
    public let capHeight: Int
    /// `head` bounding box: xMin, yMin, xMax, yMax in font units.
    public let boundingBox: (Int, Int, Int, Int)
    public let italicAngle: Double
    public let isBold: Bool
    public let glyphCount: Int

    /// Every table's bytes by tag.
    let tables: [String: [UInt8]]
    /// Advance width of each glyph, in font units.
    let advances: [UInt16]
    /// Start of each glyph in `glyf` (glyphCount + 1 entries).
    let glyphOffsets: [Int]
    let cmap: TrueTypeCmap

    /// Parses `bytes`; `name` labels errors (the file name).
    public init(bytes: [UInt8], name: String) throws(DocumentRenderError) {
        let font = FontBytes(bytes: bytes, font: name)
        let tableCount = Int(try font.u16(4, "directory"))
        var tables: [String: [UInt8]] = [:]
        for index in 0..<tableCount {
            let record = 12 + index * 16
            let tag = String(decoding: try font.slice(record, 4, "directory"), as: UTF8.self)
            let offset = Int(try font.u32(record + 8, "directory"))
            let length = Int(try font.u32(record + 12, "directory"))
            tables[tag] = Array(try font.slice(offset, length, tag))
        }
        func table(_ tag: String) throws(DocumentRenderError) -> FontBytes {
            guard let bytes = tables[tag] else { throw .fontTableMissing(font: name, table: tag) }
            return FontBytes(bytes: bytes, font: name)
        }
        let head = try table("head")
        unitsPerEm = Int(try head.u16(18, "head"))
        guard unitsPerEm > 0 else { throw .fontMalformed(font: name, table: "head", detail: "unitsPerEm is 0") }
        boundingBox = (
            Int(try head.i16(36, "head")), Int(try head.i16(38, "head")), Int(try head.i16(40, "head")),
            Int(try head.i16(42, "head"))
        )
        let longOffsets = try head.i16(50, "head") == 1
        let hhea = try table("hhea")
        ascender = Int(try hhea.i16(4, "hhea"))
        descender = Int(try hhea.i16(6, "hhea"))
        let metricCount = Int(try hhea.u16(34, "hhea"))
        glyphCount = Int(try table("maxp").u16(4, "maxp"))
        guard metricCount > 0, metricCount <= glyphCount else {
            throw .fontMalformed(font: name, table: "hhea", detail: "numberOfHMetrics \(metricCount) of \(glyphCount)")
        }
        let hmtx = try table("hmtx")
        var advances: [UInt16] = []
        advances.reserveCapacity(glyphCount)
        for glyph in 0..<metricCount { advances.append(try hmtx.u16(glyph * 4, "hmtx")) }
        let last = advances[metricCount - 1]
        advances.append(contentsOf: repeatElement(last, count: glyphCount - metricCount))
        self.advances = advances
        let loca = try table("loca")
        var offsets: [Int] = []
        offsets.reserveCapacity(glyphCount + 1)
        for glyph in 0...glyphCount {
            offsets.append(longOffsets ? Int(try loca.u32(glyph * 4, "loca")) : Int(try loca.u16(glyph * 2, "loca")) * 2)
        }
        let glyfLength = try table("glyf").bytes.count
        for index in 1..<offsets.count where offsets[index] < offsets[index - 1] || offsets[index] > glyfLength {
            throw .fontMalformed(font: name, table: "loca", detail: "glyph \(index - 1) has offsets out of order")
        }
        glyphOffsets = offsets
        if let os2 = tables["OS/2"].map({ FontBytes(bytes: $0, font: name) }), try os2.u16(0, "OS/2") >= 2 {
            capHeight = Int(try os2.i16(88, "OS/2"))
            isBold = try os2.u16(4, "OS/2") >= 600
        } else {
            capHeight = ascender
            isBold = false
        }
        italicAngle = try tables["post"].map { bytes throws(DocumentRenderError) in
            Double(try FontBytes(bytes: bytes, font: name).u32(4, "post").toFixed)
        } ?? 0
        let cmapBytes = try table("cmap")
        cmap = try TrueTypeCmap(cmapBytes, offset: 0, length: cmapBytes.bytes.count)
        postScriptName = try TrueTypeFont.postScriptName(tables["name"], fallback: name)
        self.tables = tables
    }

    /// The glyph id for a character (0, .notdef, when the font lacks it).
    public func glyph(for scalar: Unicode.Scalar) -> UInt16 { cmap.glyph(scalar) }

    /// Advance width of a glyph in 1/1000 em (PDF glyph space).
    public func advance(ofGlyph glyph: UInt16) -> Double {
        Double(advances[min(Int(glyph), advances.count - 1)]) * 1000 / Double(unitsPerEm)
    }

    /// The width of `text` set in this font at `size` points.
    public func width(of text: String, size: Double) -> Double {
        var units = 0
        for scalar in text.unicodeScalars { units += Int(advances[min(Int(cmap.glyph(scalar)), advances.count - 1)]) }
        return Double(units) * size / Double(unitsPerEm)
    }

    /// The bytes of glyph `glyph` in `glyf` (empty for a glyph without outline).
    func glyphData(_ glyph: Int) -> ArraySlice<UInt8> {
        guard glyph >= 0, glyph < glyphCount, let glyf = tables["glyf"] else { return [] }
        return glyf[glyphOffsets[glyph]..<glyphOffsets[glyph + 1]]
    }

    private static func postScriptName(_ table: [UInt8]?, fallback: String) throws(DocumentRenderError) -> String {
        guard let table else { return fallback }
        let name = FontBytes(bytes: table, font: fallback)
        let count = Int(try name.u16(2, "name"))
        let strings = Int(try name.u16(4, "name"))
        for index in 0..<count {
            let record = 6 + index * 12
            guard try name.u16(record + 6, "name") == 6 else { continue }
            let platform = try name.u16(record, "name")
            let length = Int(try name.u16(record + 8, "name"))
            let offset = strings + Int(try name.u16(record + 10, "name"))
            let raw = try name.slice(offset, length, "name")
            let text: String
            if platform == 3 || platform == 0 {
                var units: [UInt16] = []
                var at = raw.startIndex
                while at + 1 < raw.endIndex { units.append(UInt16(raw[at]) << 8 | UInt16(raw[at + 1])); at += 2 }
                text = String(decoding: units, as: UTF16.self)
            } else {
                text = String(decoding: raw, as: UTF8.self)
            }
            let clean = text.filter { $0.isASCII && $0 != " " && !"()<>[]{}/%#".contains($0) }
            if !clean.isEmpty { return clean }
        }
        return fallback
    }
}

extension UInt32 {
    /// A 16.16 fixed-point value as a number.
    fileprivate var toFixed: Double { Double(Int32(bitPattern: self)) / 65536 }
}
