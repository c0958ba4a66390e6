import Foundation
import Postgres

extension PostgresConnection {
    /// The rows `statement` returns for the parents `ids` (its `$1`, a uuid array), each decoded by `decode` and
    /// grouped by the parent id in `parentColumn`, in the statement's order: one query for the lines (allocations,
    /// uses…) of a page of documents, instead of one per document. No query when `ids` is empty.
    func children<Child>(
        _ statement: PostgresStatement, of ids: [UUID], parent parentColumn: String, _ decode: (PostgresRow) throws -> Child
    ) throws -> [UUID: [Child]] {
        guard !ids.isEmpty else { return [:] }
        var grouped = [UUID: [Child]]()
        for row in try query(statement, [SQLArray(ids)]) {
            grouped[try row.decode(UUID.self, parentColumn), default: []].append(try decode(row))
        }
        return grouped
    }
}
