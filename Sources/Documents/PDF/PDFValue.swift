/// An indirect object's number (generation is always 0: the writer never updates a file).
struct PDFReference: Sendable, Hashable {
    let number: Int
}

/// A PDF direct object. Dictionaries keep their keys in the order given, so output is deterministic.
indirect enum PDFValue: Sendable {
    case bool(Bool)
    case int(Int)
    /// Written with at most three decimals.
    case real(Double)
    /// A name, without its slash; characters outside the regular set are written `#xx`.
    case name(String)
    /// A literal string of bytes, `(…)` with escapes.
    case bytes([UInt8])
    /// A text string: ASCII as a literal, anything else as UTF-16BE with a byte order mark (hex).
    case text(String)
    case hex([UInt8])
    case array([PDFValue])
    case dictionary([(String, PDFValue)])
    case reference(PDFReference)

    /// Appends the object's PDF syntax.
    func write(to out: inout [UInt8]) {
        switch self {
        case .bool(let value): out.append(contentsOf: Array((value ? "true" : "false").utf8))
        case .int(let value): PDFNumber.append(value, to: &out)
        case .real(let value): PDFNumber.append(value, to: &out)
        case .name(let name): PDFValue.appendName(name, to: &out)
        case .bytes(let bytes): PDFValue.appendLiteral(bytes, to: &out)
        case .text(let text):
            if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) {
                PDFValue.appendLiteral(Array(text.utf8), to: &out)
            } else {
                var units: [UInt8] = [0xfe, 0xff]
                for unit in text.utf16 { units.append(UInt8(unit >> 8)); units.append(UInt8(unit & 0xff)) }
                PDFValue.appendHex(units, to: &out)
            }
        case .hex(let bytes): PDFValue.appendHex(bytes, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(0x20) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .dictionary(let entries):
            out.append(contentsOf: [0x3c, 0x3c])
            for (key, value) in entries {
                PDFValue.appendName(key, to: &out)
                out.append(0x20)
                value.write(to: &out)
                out.append(0x20)
            }
            out.append(contentsOf: [0x3e, 0x3e])
        case .reference(let reference):
            PDFNumber.append(reference.number, to: &out)
            out.append(contentsOf: Array(" 0 R".utf8))
        }
    }

    private static func appendName(_ name: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "/"))
        for byte in name.utf8 {
            let delimiter = "()<>[]{}/%#".utf8.contains(byte)
            if byte > 0x20 && byte < 0x7f && !delimiter {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "#"))
                PDFValue.appendHexByte(byte, to: &out)
            }
        }
    }

    private static func appendLiteral(_ bytes: [UInt8], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "("))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
            case 0x0a: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0d: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: ")"))
    }

    static func appendHex(_ bytes: [UInt8], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "<"))
        for byte in bytes { appendHexByte(byte, to: &out) }
        out.append(UInt8(ascii: ">"))
    }

    static func appendHexByte(_ byte: UInt8, to out: inout [UInt8]) {
        let digits: [UInt8] = Array("0123456789ABCDEF".utf8)
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0f)])
    }
}

/// Numbers as PDF writes them: integers, and reals with at most three decimals, no exponent, no locale.
enum PDFNumber {
    static func append(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: [UInt8] = []
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        out.append(contentsOf: digits.reversed())
    }

    static func append(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else { out.append(UInt8(ascii: "0")); return }
        let thousandths = Int((value * 1000).rounded())
        if thousandths < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = thousandths.magnitude
        append(Int(magnitude / 1000), to: &out)
        var fraction = Int(magnitude % 1000)
        guard fraction > 0 else { return }
        out.append(UInt8(ascii: "."))
        var width = 3
        while fraction % 10 == 0 { fraction /= 10; width -= 1 }
        var digits: [UInt8] = []
        for _ in 0..<width { digits.append(UInt8(ascii: "0") + UInt8(fraction % 10)); fraction /= 10 }
        out.append(contentsOf: digits.reversed())
    }
}
