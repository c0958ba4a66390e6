/// One numbered SQL file: `0003_invoices.sql` is version 3.
public struct Migration: Sendable, Hashable, CustomStringConvertible {
    /// The number the file name starts with; files run in ascending order.
    public let version: Int
    /// The file name, e.g. `0001_tenant_base.sql`.
    public let fileName: String
    /// The file's text, run with the simple query protocol (several statements allowed).
    public let sql: String

    /// The bytes the checksum is computed over: the file exactly as read.
    var bytes: [UInt8] { Array(sql.utf8) }

    public var description: String { fileName }
}

/// Which set of files a migration belongs to.
public enum MigrationScope: String, Sendable, Hashable {
    /// `sql/control/`: the control schema, once per database.
    case control
    /// `sql/tenant/`: the template, once per tenant schema.
    case tenant
}
