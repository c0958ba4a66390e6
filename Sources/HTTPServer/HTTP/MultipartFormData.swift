/// A `multipart/form-data` body (RFC 7578 on RFC 2046 §5.1): its parts, each with its field name, file name,
/// media type and bytes. The body is already bounded by the server's body limit; the parser adds bounds on the
/// number of parts and on the size of each part's header block, and refuses what RFC 2046 does not allow (a
/// missing or malformed boundary, no closing delimiter, a part without `Content-Disposition: form-data; name=…`).
public struct MultipartFormData: Sendable {
    public struct Part: Sendable {
        /// The `name` of the part's `Content-Disposition`.
        public let name: String
        /// The `filename`, if the part is a file.
        public let filename: String?
        /// The part's own `Content-Type` (lower-cased, parameters dropped), if it has one.
        public let contentType: String?
        public let body: ArraySlice<UInt8>
    }

    /// Why a body is not a readable `multipart/form-data` body.
    public struct Malformed: Error, Sendable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    public static let maxParts = 20
    public static let maxHeaderBytes = 8 * 1024

    public let parts: [Part]

    /// The parts with field name `name`.
    public func parts(named name: String) -> [Part] { parts.filter { $0.name == name } }

    /// Reads `body` sent with `contentType` (`multipart/form-data; boundary=…`).
    /// - Throws: ``Malformed`` naming what is wrong.
    public init(contentType: String, body: [UInt8]) throws(Malformed) {
        guard let boundary = Self.boundary(contentType) else {
            throw Malformed("the Content-Type has no valid boundary parameter (1 to 70 characters, RFC 2046)")
        }
        let delimiter = Array("--\(boundary)".utf8)
        // The first delimiter may open the body; later ones follow a CRLF. Text before the first is a preamble.
        guard var at = Self.find(delimiter, in: body, from: 0, lineStart: true) else {
            throw Malformed("the body has no \"--\(boundary)\" delimiter")
        }
        var parts = [Part]()
        while true {
            at += delimiter.count
            if body[at...].starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) { break }  // the close delimiter
            while at < body.count, body[at] == UInt8(ascii: " ") || body[at] == UInt8(ascii: "\t") { at += 1 }
            guard body[at...].starts(with: [13, 10]) else { throw Malformed("a delimiter is not followed by a line break") }
            at += 2
            guard parts.count < Self.maxParts else { throw Malformed("more than \(Self.maxParts) parts") }
            guard let headerEnd = Self.find([13, 10, 13, 10], in: body, from: at - 2, lineStart: false, limit: Self.maxHeaderBytes + 4)
            else { throw Malformed("part \(parts.count + 1): its headers do not end with an empty line within \(Self.maxHeaderBytes) bytes") }
            let headers = headerEnd > at - 2 ? Array(body[at..<headerEnd]) : []
            let contentStart = headerEnd + 4
            guard let next = Self.find([13, 10] + delimiter, in: body, from: contentStart - 2, lineStart: false) else {
                throw Malformed("part \(parts.count + 1) is not closed by \"--\(boundary)\"")
            }
            let content = next >= contentStart ? body[contentStart..<next] : body[contentStart..<contentStart]
            parts.append(try Self.part(headers, content, number: parts.count + 1))
            at = next + 2
        }
        self.parts = parts
    }

    /// The `boundary` parameter of a `multipart/form-data` media type (quoted or not), if valid.
    static func boundary(_ contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingSpaces() }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            guard piece[..<equals].trimmingSpaces().lowercased() == "boundary" else { continue }
            var value = piece[piece.index(after: equals)...].trimmingSpaces()
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = String(value.dropFirst().dropLast()) }
            let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ")
            guard (1...70).contains(value.count), value.allSatisfy(allowed.contains), value.last != " " else { return nil }
            return value
        }
        return nil
    }

    /// One part from its header block (RFC 7578 §4.2: `Content-Disposition: form-data; name="…"`).
    static func part(_ headerBytes: [UInt8], _ content: ArraySlice<UInt8>, number: Int) throws(Malformed) -> Part {
        guard let text = String(validating: headerBytes, as: UTF8.self) else {
            throw Malformed("part \(number): its headers are not UTF-8")
        }
        var disposition: String?
        var contentType: String?
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { throw Malformed("part \(number): a header line has no colon") }
            let name = line[..<colon].trimmingSpaces().lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces()
            if name == "content-disposition" {
                guard disposition == nil else { throw Malformed("part \(number) has two Content-Disposition headers") }
                disposition = value
            } else if name == "content-type" {
                contentType = value.split(separator: ";").first.map { $0.trimmingSpaces().lowercased() }
            }
        }
        guard let disposition else { throw Malformed("part \(number) has no Content-Disposition header") }
        let parameters = Self.parameters(disposition)
        guard parameters.type.lowercased() == "form-data", let name = parameters.values["name"] else {
            throw Malformed("part \(number): its Content-Disposition is not form-data with a name")
        }
        return Part(name: name, filename: parameters.values["filename"], contentType: contentType, body: content)
    }

    /// `form-data; name="file"; filename="a.xml"` → ("form-data", ["name": "file", "filename": "a.xml"]).
    static func parameters(_ value: String) -> (type: String, values: [String: String]) {
        var values = [String: String]()
        var characters = Substring(value)
        let type = characters.prefix { $0 != ";" }.trimmingSpaces()
        characters = characters.drop { $0 != ";" }
        while characters.first == ";" {
            characters = characters.dropFirst().drop { $0 == " " || $0 == "\t" }
            let key = characters.prefix { $0 != "=" && $0 != ";" }.trimmingSpaces().lowercased()
            characters = characters.drop { $0 != "=" && $0 != ";" }
            guard characters.first == "=" else { continue }
            characters = characters.dropFirst()
            var parsed = ""
            if characters.first == "\"" {
                characters = characters.dropFirst()
                while let character = characters.first, character != "\"" {
                    if character == "\\", characters.count > 1 { characters = characters.dropFirst() }
                    parsed.append(characters.first ?? character)
                    characters = characters.dropFirst()
                }
                characters = characters.dropFirst().drop { $0 != ";" }
            } else {
                parsed = characters.prefix { $0 != ";" }.trimmingSpaces()
                characters = characters.drop { $0 != ";" }
            }
            if values[key] == nil { values[key] = parsed }
        }
        return (type, values)
    }

    /// The first index at or after `from` where `needle` starts (for `lineStart`, only at the very start of the body
    /// or right after a CRLF), within `limit` bytes of `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int, lineStart: Bool, limit: Int = Int.max) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        let last = min(haystack.count - needle.count, from > Int.max - limit ? Int.max : from + limit - needle.count)
        var index = max(from, 0)
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle),
               !lineStart || index == 0 || (index >= 2 && haystack[index - 2] == 13 && haystack[index - 1] == 10) {
                return index
            }
            index += 1
        }
        return nil
    }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
