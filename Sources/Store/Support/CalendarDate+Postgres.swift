import Domain
import Postgres

/// Calendar dates travel as PostgreSQL `date` in its ISO text form.
extension CalendarDate: PostgresEncodable, PostgresDecodable {
    public func postgresValue() -> PostgresValue { PostgresValue(typeOID: PostgresTypeOID.date, text: description) }
    public static func accepts(typeOID: UInt32) -> Bool { typeOID == PostgresTypeOID.date }
    public static func decode(text: UnsafeBufferPointer<UInt8>, typeOID: UInt32) -> CalendarDate? {
        CalendarDate(String(decoding: text, as: UTF8.self))
    }
    public static var postgresTypeName: String { "date" }
}
