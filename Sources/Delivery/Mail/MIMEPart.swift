/// One entity of a MIME body (RFC 2045/2046): its header fields and encoded content, or a multipart of entities.
struct MIMEPart {
    var fields: [String]
    var content: Content

    enum Content {
        /// Already encoded (quoted-printable or base64), CRLF line endings.
        case encoded(String)
        case parts(boundary: String, [MIMEPart])
    }

    /// `text/<subtype>; charset=utf-8` in quoted-printable.
    static func text(_ text: String, subtype: String) -> MIMEPart {
        MIMEPart(
            fields: ["Content-Type: text/\(subtype); charset=utf-8", "Content-Transfer-Encoding: quoted-printable"],
            content: .encoded(QuotedPrintable.encode(text)))
    }

    static func multipart(subtype: String, boundary: String, parts: [MIMEPart]) -> MIMEPart {
        MIMEPart(
            fields: ["Content-Type: multipart/\(subtype);\r\n boundary=\"\(boundary)\""],
            content: .parts(boundary: boundary, parts))
    }

    /// A file: its content type with `name`, `Content-Disposition: attachment` with `filename`, base64.
    static func attachment(_ attachment: MailAttachment, index: Int) throws(MailError) -> MIMEPart {
        try HeaderText.checkSafe(attachment.filename, field: "attachment \(index) filename")
        try HeaderText.checkSafe(attachment.contentType, field: "attachment \(index) content type")
        let filenameBytes = attachment.filename.utf8.count
        guard filenameBytes > 0, filenameBytes <= 255 else { throw .invalidFilename(attachment: index) }
        let type = attachment.contentType.lowercased()
        let halves = type.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2, halves.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isTokenByte) }) else {
            throw .invalidContentType(attachment: index)
        }
        return MIMEPart(
            fields: [
                "Content-Type: \(type);\r\n " + parameter("name", attachment.filename),
                "Content-Transfer-Encoding: base64",
                "Content-Disposition: attachment;\r\n " + parameter("filename", attachment.filename),
            ],
            content: .encoded(Base64.lines(attachment.data)))
    }

    /// RFC 2045 token characters: printable ASCII but for space and tspecials.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        byte > 32 && byte < 127 && !"()<>@,;:\\\"/[]?=".utf8.contains(byte)
    }

    /// `name="value"` for plain ASCII, else RFC 2231's `name*=UTF-8''percent-encoded` (section 4).
    static func parameter(_ name: String, _ value: String) -> String {
        if value.utf8.allSatisfy({ $0 >= 32 && $0 < 127 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            return "\(name)=\"\(value)\""
        }
        let attributeChars = Set("!#$&+-.^_`|~".utf8)
        var encoded = ""
        for byte in value.utf8 {
            let isAlphanumeric = (byte >= 48 && byte <= 57) || ((byte | 0x20) >= 97 && (byte | 0x20) <= 122)
            if isAlphanumeric || attributeChars.contains(byte) {
                encoded.append(Character(Unicode.Scalar(byte)))
            } else {
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return "\(name)*=UTF-8''\(encoded)"
    }

    /// The entity as text: fields, a blank line, the content; a multipart's parts each after `--boundary` and
    /// closed by `--boundary--` (RFC 2046, section 5.1.1).
    func rendered() -> String {
        var out = fields.map { $0 + "\r\n" }.joined() + "\r\n"
        switch content {
        case .encoded(let text):
            out += text
        case .parts(let boundary, let parts):
            for part in parts { out += "\r\n--\(boundary)\r\n" + part.rendered() }
            out += "\r\n--\(boundary)--\r\n"
        }
        return out
    }
}
