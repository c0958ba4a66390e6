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

/// Calendar dates as elements of a binary `date[]` parameter: days since 2000-01-01, PostgreSQL's date epoch.
extension CalendarDate: PostgresBinaryArrayElement {
    public static var elementTypeOID: UInt32 { PostgresTypeOID.date }
    public static var arrayTypeOID: UInt32 { PostgresTypeOID.dateArray }
    public static var binaryLength: Int32 { 4 }

    /// Days from 1970-01-01 (``dayNumber``'s origin) to 2000-01-01.
    static let postgresEpochDayNumber = 10_957

    public func appendBinary(to bytes: inout [UInt8]) {
        // Every CalendarDate (years 1–9999) is within ±3,000,000 days of the epoch: Int32 holds it.
        withUnsafeBytes(of: Int32(dayNumber - Self.postgresEpochDayNumber).bigEndian) { bytes.append(contentsOf: $0) }
    }
}
