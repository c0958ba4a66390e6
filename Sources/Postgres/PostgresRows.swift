import CLibPQ

/// Owns one `PGresult` and frees it once no row refers to it. A `PGresult` is read-only after creation, so
/// sharing it across threads is safe (libpq's thread-safety rules).
@usableFromInline
final class ResultStorage: @unchecked Sendable {
    let result: OpaquePointer
    let rowCount: Int
    @usableFromInline let columnNames: [String]
    let columnTypes: [UInt32]
    /// Column positions by name, without hashing (``ColumnLookup``): a row decoder asks for every column of every
    /// row by name, and a `[String: Int]` cost a hash of the name each time.
    let columnLookup: ColumnLookup

    init(_ result: OpaquePointer) {
        self.result = result
        rowCount = Int(PQntuples(result))
        let columns = Int(PQnfields(result))
        var names = [String]()
        var types = [UInt32]()
        names.reserveCapacity(columns)
        for column in 0..<columns {
            let name = PQfname(result, Int32(column)).map { String(cString: $0) } ?? ""
            names.append(name)
            types.append(PQftype(result, Int32(column)))
        }
        columnNames = names
        columnTypes = types
        columnLookup = ColumnLookup(names)
    }

    deinit { PQclear(result) }

    /// The text bytes (`nil`: SQL NULL) and type of the value at `row`, `column` (positions known to be in range);
    /// valid while this storage lives.
    @usableFromInline
    func value(row: Int, column: Int) -> (bytes: UnsafeBufferPointer<UInt8>?, typeOID: UInt32) {
        let r = Int32(row), c = Int32(column)
        if PQgetisnull(result, r, c) == 1 { return (nil, columnTypes[column]) }
        let length = Int(PQgetlength(result, r, c))
        let start = UnsafeRawPointer(PQgetvalue(result, r, c)).map { $0.assumingMemoryBound(to: UInt8.self) }
        return (UnsafeBufferPointer(start: start, count: length), columnTypes[column])
    }
}

/// A result's column positions by name: the names bucketed by their length and first and last bytes, each bucket
/// holding the positions to compare (the first of equal names wins, as before). A name the query spells as the
/// decoder does — the usual case — compares equal at once.
struct ColumnLookup: Sendable {
    private static let bucketCount = 64
    /// Positions, bucket after bucket; bucket `b` is `positions[starts[b]..<starts[b + 1]]`.
    private let positions: [Int]
    private let starts: [Int]
    private let names: [String]

    init(_ names: [String]) {
        self.names = names
        var buckets = [[Int]](repeating: [], count: Self.bucketCount)
        for (position, name) in names.enumerated() { buckets[Self.bucket(name)].append(position) }
        var starts = [0], positions = [Int]()
        for bucket in buckets {
            positions += bucket
            starts.append(positions.count)
        }
        self.positions = positions
        self.starts = starts
    }

    private static func bucket(_ name: String) -> Int {
        func bucket(_ utf8: some BidirectionalCollection<UInt8>, count: Int) -> Int {
            (count &* 31 &+ Int(utf8.first ?? 0) &* 7 &+ Int(utf8.last ?? 0)) & (bucketCount - 1)
        }
        // From the contiguous UTF-8 of a native string (the view's own `last` walks its index checks).
        return name.utf8.withContiguousStorageIfAvailable { bucket($0, count: $0.count) }
            ?? bucket(name.utf8, count: name.utf8.count)
    }

    /// The position of the first column called `name`, if any.
    func position(of name: String) -> Int? {
        let b = Self.bucket(name)
        for i in starts[b]..<starts[b + 1] where names[positions[i]] == name { return positions[i] }
        return nil
    }
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

/// One row of a result. Values are decoded on demand; decoding errors name the column. The decoders are inlinable so
/// that a caller's concrete types are specialised (generic, they cost a metadata lookup or two per value read).
public struct PostgresRow: Sendable {
    @usableFromInline let storage: ResultStorage
    @usableFromInline let index: Int

    /// Decodes a non-NULL column; throws ``PostgresError/decoding(_:)`` naming the column on NULL or mismatch.
    @inlinable
    public func decode<T: PostgresDecodable>(_ type: T.Type, _ column: String) throws -> T {
        let position = try position(of: column)
        let value = storage.value(row: index, column: position)
        guard let bytes = value.bytes else { throw Self.failure(column, .unexpectedNull) }
        return try Self.decoded(T.self, column, bytes, value.typeOID)
    }

    /// Decodes a nullable column.
    @inlinable
    public func decode<T: PostgresDecodable>(_ type: T?.Type, _ column: String) throws -> T? {
        let position = try position(of: column)
        let value = storage.value(row: index, column: position)
        guard let bytes = value.bytes else { return nil }
        return try Self.decoded(T.self, column, bytes, value.typeOID)
    }

    /// Decodes by position (for results whose columns have no useful names).
    @inlinable
    public func decode<T: PostgresDecodable>(_ type: T.Type, at column: Int) throws -> T {
        guard column >= 0, column < storage.columnNames.count else {
            throw Self.failure("#\(column)", .noSuchColumn)
        }
        let name = storage.columnNames[column]
        let value = storage.value(row: index, column: column)
        guard let bytes = value.bytes else { throw Self.failure(name, .unexpectedNull) }
        return try Self.decoded(T.self, name, bytes, value.typeOID)
    }

    /// Whether the column is SQL NULL.
    public func isNull(_ column: String) throws -> Bool {
        storage.value(row: index, column: try position(of: column)).bytes == nil
    }

    @usableFromInline
    func position(of column: String) throws -> Int {
        guard let position = storage.columnLookup.position(of: column) else {
            throw Self.failure(column, .noSuchColumn)
        }
        return position
    }

    /// The non-NULL value's `bytes` as a `T`, checked against its column's type.
    @inlinable
    static func decoded<T: PostgresDecodable>(
        _ type: T.Type, _ column: String, _ bytes: UnsafeBufferPointer<UInt8>, _ typeOID: UInt32
    ) throws -> T {
        guard T.accepts(typeOID: typeOID) else {
            throw failure(column, .typeMismatch(expected: T.postgresTypeName, actualTypeOID: typeOID))
        }
        guard let decoded = T.decode(text: bytes, typeOID: typeOID) else {
            throw failure(column, .invalidValue(expected: T.postgresTypeName))
        }
        return decoded
    }

    @usableFromInline
    static func failure(_ column: String, _ reason: DecodingFailure.Reason) -> PostgresError {
        .decoding(DecodingFailure(column: column, reason: reason))
    }
}
