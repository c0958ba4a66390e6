/// A JPEG passed through unchanged as a `/DCTDecode` image: only its size and colour components are read.
struct JPEGImage {
    let bytes: [UInt8]
    let width: Int
    let height: Int
    /// 1 (grey), 3 (RGB) or 4 (CMYK).
    let components: Int

    init(_ bytes: [UInt8]) throws(DocumentRenderError) {
        guard bytes.count > 4, bytes[0] == 0xff, bytes[1] == 0xd8 else {
            throw .logoUnsupported(detail: "not a JPEG (no SOI marker)")
        }
        var at = 2
        while at + 9 < bytes.count {
            guard bytes[at] == 0xff else { throw .logoUnsupported(detail: "marker expected at byte \(at)") }
            let marker = bytes[at + 1]
            if marker == 0xff { at += 1; continue }
            let length = Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            // SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            if marker >= 0xc0, marker <= 0xcf, marker != 0xc4, marker != 0xc8, marker != 0xcc {
                guard marker <= 0xc2 else { throw .logoUnsupported(detail: "JPEG process SOF\(marker - 0xc0)") }
                height = Int(bytes[at + 5]) << 8 | Int(bytes[at + 6])
                width = Int(bytes[at + 7]) << 8 | Int(bytes[at + 8])
                components = Int(bytes[at + 9])
                guard width > 0, height > 0, [1, 3, 4].contains(components) else {
                    throw .logoUnsupported(detail: "\(width)×\(height), \(components) components")
                }
                self.bytes = bytes
                return
            }
            at += 2 + length
        }
        throw .logoUnsupported(detail: "no frame header (SOF) found")
    }

    var colorSpace: String { components == 1 ? "DeviceGray" : components == 4 ? "DeviceCMYK" : "DeviceRGB" }
}
