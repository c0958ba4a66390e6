extension Request {
    /// `true` when `Content-Type` is `application/json` (parameters such as `charset` allowed).
    public var hasJSONContentType: Bool {
        guard let contentType = headers["Content-Type"] else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingASCIIWhitespace() } ?? ""
        return ASCII.caseInsensitiveEquals(String(mediaType), "application/json")
    }

    /// The body parsed as JSON.
    /// - Throws: 415 unless `Content-Type` is `application/json`; 400 `malformed-json` naming the byte offset.
    public func jsonBody() throws(Problem) -> JSONValue {
        guard hasJSONContentType else { throw Problem.unsupportedMediaType(expected: "application/json") }
        do {
            return try JSONParser.parse(body)
        } catch {
            throw Problem.malformedJSON(error)
        }
    }

    /// A ``JSONObjectReader`` over the JSON object body (415, 400, or 422 if the body is not an object).
    public func jsonObject() throws(Problem) -> JSONObjectReader {
        try JSONObjectReader(jsonBody())
    }
}
