import Postgres

/// The answers stored under `Idempotency-Key`s in the tenant's `idempotency_keys`, on a connection bound to the
/// tenant (the HTTP layer decides what to store and when; this is only their SQL).
public struct IdempotencyRepository {
    let db: PostgresConnection

    public init(_ connection: PostgresConnection) { db = connection }

    /// A stored answer: its status and body, and whether it answered the same request (same fingerprint).
    public struct StoredAnswer: Sendable {
        public let status: Int
        public let body: [UInt8]
        public let sameRequest: Bool
    }

    /// Serialises every request with `key` until the transaction ends (a transaction advisory lock).
    public func lock(_ key: String) throws {
        try db.query(Self.lockStatement, [key])
    }

    /// The answer stored under `key`, compared with the request's `fingerprint`.
    public func answer(for key: String, fingerprint: [UInt8]) throws -> StoredAnswer? {
        guard let row = try db.query(Self.find, [key, fingerprint]).first else { return nil }
        return StoredAnswer(
            status: try row.decode(Int.self, "status"), body: try row.decode([UInt8]?.self, "response") ?? [],
            sameRequest: try row.decode(Bool.self, "same_request"))
    }

    /// Stores the answer to the request with `fingerprint` under `key`.
    public func store(key: String, fingerprint: [UInt8], status: Int, body: [UInt8]) throws {
        try db.query(Self.insert, [key, fingerprint, status, body])
    }

    private static let lockStatement = PostgresStatement(
        "idempotency_lock", "SELECT pg_advisory_xact_lock(hashtextextended($1, 7262)) IS NOT NULL AS locked")
    private static let find = PostgresStatement(
        "idempotency_find",
        "SELECT status, response, request_hash = sha256($2::bytea) AS same_request FROM idempotency_keys WHERE key = $1")
    private static let insert = PostgresStatement(
        "idempotency_store",
        "INSERT INTO idempotency_keys (key, request_hash, status, response) VALUES ($1, sha256($2::bytea), $3, $4)")
}
