/// Big-endian reads over a font file, each bounds-checked and throwing with the font's and table's names.
struct FontBytes {
    let bytes: [UInt8]
    let font: String

    func u8(_ at: Int, _ table: String) throws(DocumentRenderError) -> UInt8 {
        guard at >= 0, at < bytes.count else { throw outOfBounds(at, table) }
        return bytes[at]
    }

    func u16(_ at: Int, _ table: String) throws(DocumentRenderError) -> UInt16 {
        guard at >= 0, at + 2 <= bytes.count else { throw outOfBounds(at, table) }
        return UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
    }

    func i16(_ at: Int, _ table: String) throws(DocumentRenderError) -> Int16 {
        Int16(bitPattern: try u16(at, table))
    }

    func u32(_ at: Int, _ table: String) throws(DocumentRenderError) -> UInt32 {
        guard at >= 0, at + 4 <= bytes.count else { throw outOfBounds(at, table) }
        return UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    func slice(_ at: Int, _ count: Int, _ table: String) throws(DocumentRenderError) -> ArraySlice<UInt8> {
        guard at >= 0, count >= 0, at + count <= bytes.count else { throw outOfBounds(at + count, table) }
        return bytes[at..<(at + count)]
    }

    private func outOfBounds(_ at: Int, _ table: String) -> DocumentRenderError {
        .fontMalformed(font: font, table: table, detail: "read at offset \(at) past the end (\(bytes.count) bytes)")
    }
}

/// Big-endian writes for building a font subset.
extension Array where Element == UInt8 {
    mutating func appendU16(_ value: UInt16) {
        append(UInt8(value >> 8))
        append(UInt8(value & 0xff))
    }

    mutating func appendU32(_ value: UInt32) {
        append(UInt8(value >> 24))
        append(UInt8((value >> 16) & 0xff))
        append(UInt8((value >> 8) & 0xff))
        append(UInt8(value & 0xff))
    }

    mutating func setU32(_ value: UInt32, at: Int) {
        self[at] = UInt8(value >> 24)
        self[at + 1] = UInt8((value >> 16) & 0xff)
        self[at + 2] = UInt8((value >> 8) & 0xff)
        self[at + 3] = UInt8(value & 0xff)
    }
}
