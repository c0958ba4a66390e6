/// Serialises a ``Response`` into HTTP/1.1 wire bytes.
enum ResponseEncoder {
    /// What the connection decided about the exchange.
    struct Framing {
        var requestVersion: HTTPVersion
        var isHead: Bool
        var keepAlive: Bool
        var requestID: String
    }

    static let continueBytes: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Encodes the status line, headers and (unless HEAD or a bodiless status) the body.
    static func encode(_ response: Response, _ framing: Framing) -> [UInt8] {
        let status = response.status
        var out: [UInt8] = []
        out.reserveCapacity(160 + response.body.count + response.headers.count * 32)
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        ASCII.appendDecimal(status.code, to: &out)
        out.append(ASCII.space)
        appendSanitized(status.reasonPhrase, to: &out)
        out.append(contentsOf: "\r\nServer: recur\r\nDate: ".utf8)
        out.append(contentsOf: HTTPDate.imfFixdate())
        out.append(contentsOf: "\r\n".utf8)
        for field in response.headers {
            if isManaged(field.name) { continue }
            guard ASCII.isToken(field.name) else { continue }
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: ": ".utf8)
            appendSanitized(field.value, to: &out)
            out.append(contentsOf: "\r\n".utf8)
        }
        out.append(contentsOf: "X-Request-Id: ".utf8)
        out.append(contentsOf: framing.requestID.utf8)
        out.append(contentsOf: "\r\n".utf8)
        if !status.forbidsBody {
            out.append(contentsOf: "Content-Length: ".utf8)
            ASCII.appendDecimal(response.body.count, to: &out)
            out.append(contentsOf: "\r\n".utf8)
        }
        if !framing.keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if framing.requestVersion == .http1_0 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        if !framing.isHead && !status.forbidsBody {
            out.append(contentsOf: response.body)
        }
        return out
    }

    /// Headers the server owns; a handler's copies are ignored.
    private static func isManaged(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4: ASCII.caseInsensitiveEquals(name, "date")
        case 6: ASCII.caseInsensitiveEquals(name, "server")
        case 10: ASCII.caseInsensitiveEquals(name, "connection")
        case 12: ASCII.caseInsensitiveEquals(name, "x-request-id")
        case 14: ASCII.caseInsensitiveEquals(name, "content-length")
        case 17: ASCII.caseInsensitiveEquals(name, "transfer-encoding")
        default: false
        }
    }

    /// Appends a header value with CR, LF and other CTLs replaced by spaces (no response splitting).
    private static func appendSanitized(_ value: String, to out: inout [UInt8]) {
        for b in value.utf8 {
            out.append(ASCII.isFieldValueChar(b) ? b : ASCII.space)
        }
    }

    /// `true` when the handler asked to close the connection with `Connection: close`.
    static func requestsClose(_ response: Response) -> Bool {
        guard let value = response.headers["Connection"] else { return false }
        return value.lowercased().split(separator: ",").contains { $0.trimmingASCIIWhitespace() == "close" }
    }
}
