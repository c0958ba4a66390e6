import Foundation
import Postgres

/// Where a listing continues: the `(created_at, id)` of the last record of the previous page, as an opaque token.
///
/// Listings run newest first on `(created_at, id)`, so a page is stable while records are added.
public struct PageCursor: Sendable, Hashable {
    /// `created_at` exactly as PostgreSQL prints it (microseconds, UTC).
    let createdAt: String
    let id: UUID

    init(createdAt: String, id: UUID) {
        self.createdAt = createdAt
        self.id = id
    }

    /// The token a client sends back (`?cursor=…`): URL-safe base64, no padding.
    public var token: String {
        Data("\(createdAt)|\(id.uuidString.lowercased())".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes a token, or `nil` when it is not one this API produced.
    public init?(token: String) {
        guard token.count <= 120 else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        let allowed = Set("0123456789-:. +")
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 40, parts[0].allSatisfy(allowed.contains),
            let id = UUID(uuidString: String(parts[1]))
        else { return nil }
        createdAt = String(parts[0])
        self.id = id
    }
}

/// Which page of a listing to read.
public struct PageRequest: Sendable, Hashable {
    /// 1…200 records.
    public var limit: Int
    /// Continue after this cursor; `nil` for the first page.
    public var after: PageCursor?

    public static let maxLimit = 200

    /// `limit` is clamped to 1…200.
    public init(limit: Int = 50, after: PageCursor? = nil) {
        self.limit = min(max(limit, 1), PageRequest.maxLimit)
        self.after = after
    }
}

/// One page of records and the cursor of the next page (`nil` on the last page).
public struct Page<Element: Sendable>: Sendable {
    public let items: [Element]
    public let next: PageCursor?

    /// Builds a page from `limit + 1` fetched rows: the extra row only says that there is more.
    static func make(
        rows: PostgresRows, limit: Int, _ transform: (PostgresRow) throws -> Element
    ) throws -> (page: Page<Element>, rows: [PostgresRow]) {
        let kept = Array(rows.prefix(limit))
        var next: PageCursor?
        if rows.count > limit, let last = kept.last {
            next = PageCursor(createdAt: try last.decode(String.self, "cursor_at"), id: try last.decode(UUID.self, "id"))
        }
        return (Page(items: try kept.map(transform), next: next), kept)
    }

    init(items: [Element], next: PageCursor?) {
        self.items = items
        self.next = next
    }
}

extension PageRequest {
    /// `$n` parameters for `(created_at, id) < ($n::timestamptz, $n+1::uuid)` and `LIMIT` (one extra row).
    var parameters: [any PostgresEncodable] { [after?.createdAt, after?.id, limit + 1] }
}
