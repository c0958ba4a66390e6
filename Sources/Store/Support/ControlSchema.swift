import Postgres

/// The schema that holds the tenants, their API keys and the migration records: `recur_control`.
///
/// Tests and benchmarks may use another name so that they do not share state; every control statement is
/// schema-qualified with the quoted name, and its prepared-statement name carries the schema name too, so
/// two control schemas can be used on one pooled connection.
public struct ControlSchema: Sendable, Hashable, CustomStringConvertible {
    /// The unquoted schema name.
    public let name: String
    /// The name as it goes into SQL text, double-quoted.
    public let quotedName: String

    /// A control schema with a validated name.
    public init(_ name: String) throws(IdentifierError) {
        self.name = name
        quotedName = try quoteIdentifier(name)
    }

    /// `recur_control`, used by the server and the CLI.
    public static let standard = ControlSchema(validated: "recur_control")

    private init(validated name: String) {
        self.name = name
        quotedName = "\"\(name)\""
    }

    public var description: String { name }

    /// `"recur_control".table`.
    public func table(_ table: String) -> String { "\(quotedName).\(table)" }

    /// A named statement over this schema's tables; `sql` is written with the qualified names from ``table(_:)``.
    public func statement(_ name: String, _ sql: String) -> PostgresStatement {
        PostgresStatement(self == .standard ? name : "\(name)@\(self.name)", sql)
    }

    /// A stable 32-bit hash of the name, mixed into advisory-lock keys so that control schemas sharing a database
    /// (tests, benchmarks) never share a lock.
    public var nameHash: UInt32 { fnv1a32(name) }
}

/// 32-bit FNV-1a: a stable (unseeded) hash for advisory-lock ids. Not for anything secret.
func fnv1a32(_ text: String) -> UInt32 {
    var hash: UInt32 = 0x811C_9DC5
    for byte in text.utf8 {
        hash ^= UInt32(byte)
        hash = hash &* 0x0100_0193
    }
    return hash
}
