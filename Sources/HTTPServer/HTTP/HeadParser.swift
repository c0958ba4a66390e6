/// Parses a complete request head (request line and header fields) already delimited by the scanner.
///
/// The scanner guarantees every line in `start..<headEnd` ends with CRLF and contains no other CR or LF.
enum HeadParser {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    static func bad(_ detail: String) -> HTTPParseError { HTTPParseError(.badRequest, detail) }

    static func parse(_ buf: Bytes, start: Int, requestLineEnd: Int, headEnd: Int,
                      limits: HTTPLimits) throws(HTTPParseError) -> HTTPRequestHead {
        // Request line: method SP request-target SP HTTP-version
        guard let sp1 = index(of: ASCII.space, in: buf, from: start, to: requestLineEnd) else {
            throw bad("Malformed request line.")
        }
        let methodBytes = buf[start..<sp1]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(ASCII.isTokenChar) else {
            throw bad("Invalid method token.")
        }
        guard let sp2 = index(of: ASCII.space, in: buf, from: sp1 + 1, to: requestLineEnd) else {
            throw bad("Malformed request line.")
        }
        let targetBytes = buf[(sp1 + 1)..<sp2]
        guard !targetBytes.isEmpty, targetBytes.allSatisfy(ASCII.isVisible) else {
            throw bad("Invalid request-target.")
        }
        let version = try parseVersion(buf[(sp2 + 1)..<requestLineEnd])
        let method = HTTPMethod(token: methodBytes)
        let (path, query) = try parseTarget(targetBytes, method: method)

        // Header fields
        var headers = HTTPHeaders()
        headers.reserveCapacity(8)
        var contentLength: Int?
        var transferEncoding: String?
        var hostCount = 0
        var connectionClose = false
        var connectionKeepAlive = false
        var expectsContinue = false

        var lineStart = requestLineEnd + 2
        let sectionEnd = headEnd - 2
        while lineStart < sectionEnd {
            guard let cr = index(of: ASCII.cr, in: buf, from: lineStart, to: sectionEnd) else {
                throw bad("Malformed header section.")
            }
            let first = buf[lineStart]
            if first == ASCII.space || first == ASCII.tab {
                throw bad("Obsolete line folding is not accepted.")
            }
            var colon = lineStart
            while colon < cr && ASCII.isTokenChar(buf[colon]) { colon += 1 }
            guard colon < cr, buf[colon] == ASCII.colon else {
                if colon < cr && (buf[colon] == ASCII.space || buf[colon] == ASCII.tab) {
                    throw bad("Whitespace between a header field name and the colon is not accepted.")
                }
                throw bad("Invalid header field name.")
            }
            guard colon > lineStart else { throw bad("Empty header field name.") }
            var valueStart = colon + 1
            var valueEnd = cr
            while valueStart < valueEnd && (buf[valueStart] == ASCII.space || buf[valueStart] == ASCII.tab) { valueStart += 1 }
            while valueEnd > valueStart && (buf[valueEnd - 1] == ASCII.space || buf[valueEnd - 1] == ASCII.tab) { valueEnd -= 1 }
            let valueBytes = buf[valueStart..<valueEnd]
            guard valueBytes.allSatisfy(ASCII.isFieldValueChar) else {
                throw bad("Invalid character in a header field value.")
            }
            let nameBytes = buf[lineStart..<colon]

            switch nameBytes.count {
            case 4 where ASCII.equalsLowercase(nameBytes, "host"):
                hostCount += 1
                guard valueBytes.allSatisfy(isHostChar) else { throw bad("Invalid Host header.") }
            case 6 where ASCII.equalsLowercase(nameBytes, "expect"):
                if ASCII.equalsLowercase(valueBytes, "100-continue") {
                    expectsContinue = true
                } else {
                    throw HTTPParseError(.expectationFailed, "Only 'Expect: 100-continue' is supported.")
                }
            case 10 where ASCII.equalsLowercase(nameBytes, "connection"):
                forEachListElement(valueBytes) { token in
                    if ASCII.equalsLowercase(token, "close") { connectionClose = true }
                    if ASCII.equalsLowercase(token, "keep-alive") { connectionKeepAlive = true }
                }
            case 14 where ASCII.equalsLowercase(nameBytes, "content-length"):
                guard contentLength == nil else { throw bad("Multiple Content-Length headers.") }
                guard !valueBytes.isEmpty, valueBytes.count <= 15,
                      valueBytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                    throw bad("Invalid Content-Length.")
                }
                contentLength = valueBytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            case 17 where ASCII.equalsLowercase(nameBytes, "transfer-encoding"):
                guard transferEncoding == nil else { throw bad("Multiple Transfer-Encoding headers.") }
                transferEncoding = String(decoding: valueBytes, as: UTF8.self)
            default:
                break
            }
            headers.append(HTTPField(name: String(decoding: nameBytes, as: UTF8.self),
                                     value: String(decoding: valueBytes, as: UTF8.self)))
            lineStart = cr + 2
        }

        if version == .http1_1 && hostCount != 1 {
            throw bad(hostCount == 0 ? "HTTP/1.1 requests must carry a Host header." : "Multiple Host headers.")
        }
        if hostCount > 1 { throw bad("Multiple Host headers.") }

        var framing = BodyFraming.none
        if let te = transferEncoding {
            guard contentLength == nil else { throw bad("Content-Length and Transfer-Encoding together are not accepted.") }
            guard version == .http1_1 else { throw bad("Transfer-Encoding is not accepted in HTTP/1.0.") }
            try checkTransferEncoding(te)
            framing = .chunked
        } else if let length = contentLength, length > 0 {
            framing = .contentLength(length)
        }

        let keepAlive = switch version {
        case .http1_1: !connectionClose
        case .http1_0: connectionKeepAlive && !connectionClose
        }
        return HTTPRequestHead(
            method: method, target: String(decoding: targetBytes, as: UTF8.self), path: path, query: query,
            version: version, headers: headers, keepAlive: keepAlive,
            expectsContinue: expectsContinue && version == .http1_1 && framing != .none, framing: framing)
    }

    static func index(of byte: UInt8, in buf: Bytes, from: Int, to end: Int) -> Int? {
        var i = from
        while i < end {
            if buf[i] == byte { return i }
            i += 1
        }
        return nil
    }

    static func parseVersion(_ bytes: Bytes.SubSequence) throws(HTTPParseError) -> HTTPVersion {
        if bytes.elementsEqual("HTTP/1.1".utf8) { return .http1_1 }
        if bytes.elementsEqual("HTTP/1.0".utf8) { return .http1_0 }
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        let b = Array(bytes)
        if b.count == 8, b[0..<5].elementsEqual("HTTP/".utf8), isDigit(b[5]), b[6] == 0x2E, isDigit(b[7]) {
            throw HTTPParseError(.versionNotSupported, "Only HTTP/1.0 and HTTP/1.1 are supported.")
        }
        throw bad("Malformed HTTP version.")
    }

    /// Splits the target into path and query; accepts origin-form, absolute-form, and `*` for OPTIONS.
    static func parseTarget(_ bytes: Bytes.SubSequence, method: HTTPMethod) throws(HTTPParseError) -> (String, String?) {
        if bytes.contains(0x23) { throw bad("A request-target must not contain a fragment.") }
        let first = bytes[bytes.startIndex]
        if first == 0x2F { // "/"
            return splitQuery(bytes)
        }
        if bytes.count == 1 && first == 0x2A { // "*"
            guard method == .options else { throw bad("The asterisk target is only valid for OPTIONS.") }
            return ("*", nil)
        }
        // absolute-form: http(s)://authority[/path][?query]
        var i = bytes.startIndex
        var scheme: [UInt8] = []
        while i < bytes.endIndex && bytes[i] != 0x3A && scheme.count < 6 {
            scheme.append(ASCII.lower(bytes[i]))
            i += 1
        }
        guard scheme.elementsEqual("http".utf8) || scheme.elementsEqual("https".utf8),
              bytes.endIndex - i > 3, bytes[i] == 0x3A, bytes[i + 1] == 0x2F, bytes[i + 2] == 0x2F else {
            throw bad("Unsupported request-target form.")
        }
        let authorityStart = i + 3
        var pathStart = authorityStart
        while pathStart < bytes.endIndex && bytes[pathStart] != 0x2F && bytes[pathStart] != 0x3F { pathStart += 1 }
        guard pathStart > authorityStart else { throw bad("Missing authority in absolute-form target.") }
        if pathStart == bytes.endIndex { return ("/", nil) }
        if bytes[pathStart] == 0x3F {
            let (_, query) = splitQuery(bytes[pathStart...])
            return ("/", query)
        }
        return splitQuery(bytes[pathStart...])
    }

    static func splitQuery(_ bytes: Bytes.SubSequence) -> (String, String?) {
        if let q = bytes.firstIndex(of: 0x3F) {
            return (String(decoding: bytes[bytes.startIndex..<q], as: UTF8.self),
                    String(decoding: bytes[(q + 1)...], as: UTF8.self))
        }
        return (String(decoding: bytes, as: UTF8.self), nil)
    }

    /// Host: reg-name / IP-literal characters and a port.
    static func isHostChar(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case 0x2D, 0x2E, 0x5F, 0x7E, 0x21, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x3B, 0x3D, 0x3A, 0x25, 0x5B, 0x5D: true
        default: false
        }
    }

    /// Calls `body` with each trimmed element of a comma-separated list.
    static func forEachListElement(_ bytes: Bytes.SubSequence, _ body: (Bytes.SubSequence) -> Void) {
        var elementStart = bytes.startIndex
        var i = bytes.startIndex
        while i <= bytes.endIndex {
            if i == bytes.endIndex || bytes[i] == 0x2C {
                var s = elementStart, e = i
                while s < e && (bytes[s] == ASCII.space || bytes[s] == ASCII.tab) { s += 1 }
                while e > s && (bytes[e - 1] == ASCII.space || bytes[e - 1] == ASCII.tab) { e -= 1 }
                body(bytes[s..<e])
                elementStart = i + 1
            }
            i += 1
        }
    }

    /// Only `chunked`, alone, is accepted: `chunked` not last → 400; other codings before it → 501.
    static func checkTransferEncoding(_ value: String) throws(HTTPParseError) {
        let codings = value.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingASCIIWhitespace().lowercased() }
        guard codings.allSatisfy(ASCII.isToken) else { throw bad("Malformed Transfer-Encoding.") }
        guard codings.last == "chunked" else {
            throw bad("Transfer-Encoding must end with chunked.")
        }
        if codings.count > 1 {
            if codings.dropLast().contains("chunked") { throw bad("chunked applied more than once.") }
            throw HTTPParseError(.notImplemented, "Only the chunked transfer coding is supported.")
        }
    }
}

extension Substring {
    func trimmingASCIIWhitespace() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
