import HTTPServer

/// Cursor pagination: `?limit=` (1…200, default 50) and `?cursor=` (the previous page's `next_cursor`).
public enum Pagination {
    public static let defaultLimit = 50
    public static let maximumLimit = 200

    /// A cursor's shape, as documented: 1…120 URL-safe base64 characters. Whether it is one this API issued is
    /// told apart (``invalidCursor``): that, no document can state.
    static let cursorSchema = #"{"type":"string","minLength":1,"maxLength":120,"pattern":"^[A-Za-z0-9_-]+$"}"#

    /// `limit` and `cursor`, as every paged list operation declares them (after its own filters).
    static let parameters: [OpenAPIOperation.Parameter] = [
        .init("limit", in: .query, schema: #"{"type":"integer","minimum":1,"maximum":200,"default":50}"#),
        .init("cursor", in: .query, schema: cursorSchema, description: "next_cursor of the previous page"),
    ]

    static let invalidCursor = Problem.validation([FieldError(pointer: "/cursor", detail: "is not a cursor this API issued")])

    /// The page size from `?limit=`.
    public static func limit(_ request: Request) throws -> Int {
        guard let text = request.query("limit") else { return defaultLimit }
        guard let limit = Int(text), (1...maximumLimit).contains(limit) else {
            throw Problem.validation([FieldError(pointer: "/limit", detail: "must be an integer from 1 to \(maximumLimit)")])
        }
        return limit
    }

    /// The opaque cursor from `?cursor=`, if any, once its shape (``cursorSchema``) is checked.
    public static func cursor(_ request: Request) throws -> String? {
        guard let text = request.query("cursor") else { return nil }
        let urlSafe = text.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
        guard (1...120).contains(text.utf8.count), urlSafe else {
            throw Problem.validation([
                FieldError(pointer: "/cursor", detail: "must be 1 to 120 characters A-Z, a-z, 0-9, - or _")
            ])
        }
        return text
    }
}
