import HTTPServer

/// Cursor pagination: `?limit=` (1…200, default 50) and `?cursor=` (the previous page's `next_cursor`).
public enum Pagination {
    public static let defaultLimit = 50
    public static let maximumLimit = 200

    static let invalidCursor = Problem.validation([FieldError(pointer: "/cursor", detail: "is not a cursor this API issued")])

    /// The page size from `?limit=`.
    public static func limit(_ request: Request) throws -> Int {
        guard let text = request.query("limit") else { return defaultLimit }
        guard let limit = Int(text), (1...maximumLimit).contains(limit) else {
            throw Problem.validation([FieldError(pointer: "/limit", detail: "must be an integer from 1 to \(maximumLimit)")])
        }
        return limit
    }

    /// The opaque cursor from `?cursor=`, if any.
    public static func cursor(_ request: Request) throws -> String? {
        guard let text = request.query("cursor") else { return nil }
        guard !text.isEmpty, text.count <= 200 else { throw invalidCursor }
        return text
    }
}
