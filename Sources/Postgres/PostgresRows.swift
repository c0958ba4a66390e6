import CLibPQ

/// Owns one `PGresult` and frees it once no row refers to it. A `PGresult` is read-only after creation, so
/// sharing it across threads is safe (libpq's thread-safety rules).
final class ResultStorage: @unchecked Sendable {
    let result: OpaquePointer
    let rowCount: Int
    let columnNames: [String]
    let columnTypes: [UInt32]
    let columnIndex: [String: Int]

    init(_ result: OpaquePointer) {
        self.result = result
        rowCount = Int(PQntuples(result))
        let columns = Int(PQnfields(result))
        var names = [String]()
        var types = [UInt32]()
        var index = [String: Int]()
        names.reserveCapacity(columns)
        for column in 0..<columns {
            let name = PQfname(result, Int32(column)).map { String(cString: $0) } ?? ""
            names.append(name)
            types.append(PQftype(result, Int32(column)))
            if index[name] == nil { index[name] = column }
        }
        columnNames = names
        columnTypes = types
        columnIndex = index
    }

    deinit { PQclear(result) }
}

/// The rows of a query result, decoded lazily by column name.
public struct PostgresRows: RandomAccessCollection, Sendable {
    let storage: ResultStorage
    /// The command tag's row count (`INSERT 0 5` → 5), for statements that return no rows.
    public let affectedRows: Int

    init(storage: ResultStorage, affectedRows: Int) {
        self.storage = storage
        self.affectedRows = affectedRows
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.rowCount }
    public subscript(position: Int) -> PostgresRow { PostgresRow(storage: storage, index: position) }

    /// The column names, in order.
    public var columns: [String] { storage.columnNames }

    /// The single row, or `nil` when there are none; throws if there is more than one.
    public func singleRow() throws -> PostgresRow? {
        guard count <= 1 else { throw PostgresError.invalidUsage("expected at most one row, got \(count)") }
        return first
    }
}

/// One row of a result. Values are decoded on demand; decoding errors name the column.
public struct PostgresRow: Sendable {
    let storage: ResultStorage
    let index: Int

    /// Decodes a non-NULL column; throws ``PostgresError/decoding(_:)`` naming the column on NULL or mismatch.
    public func decode<T: PostgresDecodable>(_ type: T.Type, _ column: String) throws -> T {
        guard let value = try decodeIfPresent(type, column) else {
            throw PostgresError.decoding(DecodingFailure(column: column, reason: .unexpectedNull))
        }
        return value
    }

    /// Decodes a nullable column.
    public func decode<T: PostgresDecodable>(_ type: T?.Type, _ column: String) throws -> T? {
        try decodeIfPresent(T.self, column)
    }

    /// Decodes by position (for results whose columns have no useful names).
    public func decode<T: PostgresDecodable>(_ type: T.Type, at column: Int) throws -> T {
        guard column >= 0, column < storage.columnNames.count else {
            throw PostgresError.decoding(DecodingFailure(column: "#\(column)", reason: .noSuchColumn))
        }
        return try decode(type, storage.columnNames[column], index: column)
    }

    /// Whether the column is SQL NULL.
    public func isNull(_ column: String) throws -> Bool {
        let columnIndex = try position(of: column)
        return PQgetisnull(storage.result, Int32(index), Int32(columnIndex)) == 1
    }

    private func position(of column: String) throws -> Int {
        guard let columnIndex = storage.columnIndex[column] else {
            throw PostgresError.decoding(DecodingFailure(column: column, reason: .noSuchColumn))
        }
        return columnIndex
    }

    private func decodeIfPresent<T: PostgresDecodable>(_ type: T.Type, _ column: String) throws -> T? {
        let columnIndex = try position(of: column)
        if PQgetisnull(storage.result, Int32(index), Int32(columnIndex)) == 1 { return nil }
        return try decode(type, column, index: columnIndex)
    }

    private func decode<T: PostgresDecodable>(_ type: T.Type, _ column: String, index columnIndex: Int) throws -> T {
        let row = Int32(index)
        let col = Int32(columnIndex)
        if PQgetisnull(storage.result, row, col) == 1 {
            throw PostgresError.decoding(DecodingFailure(column: column, reason: .unexpectedNull))
        }
        let typeOID = storage.columnTypes[columnIndex]
        guard T.accepts(typeOID: typeOID) else {
            throw PostgresError.decoding(
                DecodingFailure(column: column, reason: .typeMismatch(expected: T.postgresTypeName, actualTypeOID: typeOID)))
        }
        let length = Int(PQgetlength(storage.result, row, col))
        let decoded: T? = PQgetvalue(storage.result, row, col).withMemoryRebound(to: UInt8.self, capacity: length) {
            T.decode(text: UnsafeBufferPointer(start: $0, count: length), typeOID: typeOID)
        }
        guard let decoded else {
            throw PostgresError.decoding(
                DecodingFailure(column: column, reason: .invalidValue(expected: T.postgresTypeName)))
        }
        return decoded
    }
}
