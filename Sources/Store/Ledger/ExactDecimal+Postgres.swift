import Domain
import Postgres

/// `numeric` columns and parameters as ``ExactDecimal``: decimal text both ways, never a binary float.
extension ExactDecimal: PostgresEncodable, PostgresDecodable {
    public func postgresValue() -> PostgresValue { PostgresValue(typeOID: PostgresTypeOID.numeric, text: description) }

    public static func accepts(typeOID: UInt32) -> Bool {
        typeOID == PostgresTypeOID.numeric || typeOID == PostgresTypeOID.int8 || typeOID == PostgresTypeOID.int4
            || typeOID == PostgresTypeOID.int2
    }

    public static func decode(text: UnsafeBufferPointer<UInt8>, typeOID: UInt32) -> ExactDecimal? {
        try? ExactDecimal(parsing: String(decoding: text, as: UTF8.self))
    }

    public static var postgresTypeName: String { "ExactDecimal" }
}
