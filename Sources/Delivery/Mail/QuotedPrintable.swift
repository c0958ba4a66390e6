/// Quoted-printable (RFC 2045, section 6.7) for UTF-8 text bodies: line breaks become CRLF, lines stay within 76
/// characters through soft breaks (`=` CRLF), and every byte outside printable ASCII, `=` itself and a space or tab
/// ending a line are written `=XX`.
enum QuotedPrintable {
    private static let hex = Array("0123456789ABCDEF".utf8)

    static func encode(_ text: String) -> String {
        var out: [UInt8] = []
        let normalized = text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() {
            if number > 0 { out += [13, 10] }
            let bytes = Array(line.utf8)
            var column = 0
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !isLast)
                let token: [UInt8] = literal ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                // 75 characters at most before a soft break, whose `=` makes 76.
                if column + token.count > 75 {
                    out += [UInt8(ascii: "="), 13, 10]
                    column = 0
                }
                out += token
                column += token.count
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
