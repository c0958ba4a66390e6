import Foundation
import Postgres
import TestSupport
import XCTest

final class ParameterRoundTripTests: XCTestCase {
    private var connection: PostgresConnection!

    override func setUpWithError() throws {
        connection = try TestDatabase.connect()
        try connection.simpleQuery(
            """
            CREATE TEMP TABLE samples (
                id serial PRIMARY KEY, i bigint, i4 integer, b boolean, t text, d double precision,
                n numeric(30, 4), day date, at timestamptz, u uuid, j jsonb, bytes bytea
            )
            """)
    }

    override func tearDown() { connection = nil }

    private let insert = """
        INSERT INTO samples (i, i4, b, t, d, n, day, at, u, j, bytes)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id
        """

    func testEveryParameterTypeRoundTrips() throws {
        let uuid = UUID()
        let at = Date(timeIntervalSince1970: 1_795_000_000.123456)
        let numeric = try XCTUnwrap(PostgresNumeric("12345678901234.5678"))
        let day = try XCTUnwrap(PostgresDate("2024-02-29"))
        let bytes: [UInt8] = [0, 1, 2, 0x7F, 0x80, 0xFF, 0]
        let id = try XCTUnwrap(
            connection.query(
                insert,
                [
                    Int64.max, Int32.min, true, "héllo wörld ✓ 日本", 0.1, numeric, day, at, uuid,
                    PostgresJSON(#"{"a": [1, 2.50, "x"]}"#), bytes,
                ]
            ).first
        ).decode(Int.self, "id")

        let row = try XCTUnwrap(connection.query("SELECT * FROM samples WHERE id = $1", [id]).first)
        XCTAssertEqual(try row.decode(Int64.self, "i"), Int64.max)
        XCTAssertEqual(try row.decode(Int32.self, "i4"), Int32.min)
        XCTAssertEqual(try row.decode(Bool.self, "b"), true)
        XCTAssertEqual(try row.decode(String.self, "t"), "héllo wörld ✓ 日本")
        XCTAssertEqual(try row.decode(Double.self, "d"), 0.1)
        XCTAssertEqual(try row.decode(PostgresNumeric.self, "n").text, "12345678901234.5678")
        XCTAssertEqual(try row.decode(PostgresDate.self, "day"), day)
        XCTAssertEqual(
            try row.decode(Date.self, "at").timeIntervalSince1970, at.timeIntervalSince1970, accuracy: 0.000_001)
        XCTAssertEqual(try row.decode(UUID.self, "u"), uuid)
        XCTAssertEqual(try row.decode(PostgresJSON.self, "j").text, #"{"a": [1, 2.50, "x"]}"#)
        XCTAssertEqual(try row.decode([UInt8].self, "bytes"), bytes)
    }

    /// Binary arrays reach the server as the same values their text forms name: UUIDs with NULLs, integers,
    /// booleans, and the empty array (dates: StoreTests' CalendarDateBinaryArrayTests).
    func testBinaryArraysArriveAsTheValuesTheyHold() throws {
        let ids: [UUID?] = [UUID(), nil, UUID(uuidString: "00000000-0000-0000-0000-000000000000"), UUID(), nil]
        var idArray = PostgresBinaryArray<UUID>(capacity: 2)
        for id in ids { idArray.append(id) }
        let idTexts = try connection.query(
            "SELECT coalesce(u::text, 'null') AS u FROM unnest($1::uuid[]) WITH ORDINALITY AS a(u, n) ORDER BY n", [idArray]
        ).map { try $0.decode(String.self, "u") }
        XCTAssertEqual(idTexts, ids.map { $0?.uuidString.lowercased() ?? "null" })

        let integers: [Int32] = [0, 1, -1, Int32.max, Int32.min, 40]
        var integerArray = PostgresBinaryArray<Int32>()
        for value in integers { integerArray.append(value) }
        let sum = try connection.query(
            "SELECT array_length($1::integer[], 1) AS n, (SELECT sum(x) FROM unnest($1::integer[]) x) AS total, ($1::integer[])[4] AS fourth",
            [integerArray])[0]
        XCTAssertEqual(try sum.decode(Int.self, "n"), integers.count)
        XCTAssertEqual(try sum.decode(Int.self, "total"), integers.reduce(0) { $0 + Int($1) })
        XCTAssertEqual(try sum.decode(Int.self, "fourth"), Int(Int32.max))

        var flags = PostgresBinaryArray<Bool>()
        for flag in [true, false, nil, true] { flags.append(flag) }
        XCTAssertEqual(
            try connection.query("SELECT array_to_string($1::boolean[], ',', 'null') AS f", [flags])[0].decode(String.self, "f"),
            "t,f,null,t")

        let empty = try connection.query(
            "SELECT coalesce(cardinality($1::uuid[]), -1) AS n, $1::uuid[] = '{}' AS is_empty", [PostgresBinaryArray<UUID>()])[0]
        XCTAssertEqual(try empty.decode(Int.self, "n"), 0)
        XCTAssertEqual(try empty.decode(Bool.self, "is_empty"), true)
    }

    func testNullRoundTripsForEveryType() throws {
        let nothing: [any PostgresEncodable] = [
            Int64?.none, Int32?.none, Bool?.none, String?.none, Double?.none, PostgresNumeric?.none,
            PostgresDate?.none, Date?.none, UUID?.none, PostgresJSON?.none, [UInt8]?.none,
        ]
        let id = try XCTUnwrap(connection.query(insert, nothing).first).decode(Int.self, "id")
        let row = try XCTUnwrap(connection.query("SELECT * FROM samples WHERE id = $1", [id]).first)
        XCTAssertNil(try row.decode(Int64?.self, "i"))
        XCTAssertNil(try row.decode(Int32?.self, "i4"))
        XCTAssertNil(try row.decode(Bool?.self, "b"))
        XCTAssertNil(try row.decode(String?.self, "t"))
        XCTAssertNil(try row.decode(Double?.self, "d"))
        XCTAssertNil(try row.decode(PostgresNumeric?.self, "n"))
        XCTAssertNil(try row.decode(PostgresDate?.self, "day"))
        XCTAssertNil(try row.decode(Date?.self, "at"))
        XCTAssertNil(try row.decode(UUID?.self, "u"))
        XCTAssertNil(try row.decode(PostgresJSON?.self, "j"))
        XCTAssertNil(try row.decode([UInt8]?.self, "bytes"))
    }

    func testVeryLongTextRoundTrips() throws {
        let long = String(repeating: "0123456789abcdef✓", count: 200_000)
        let row = try XCTUnwrap(connection.query("SELECT $1::text AS t, length($1::text) AS n", [long]).first)
        XCTAssertEqual(try row.decode(String.self, "t"), long)
        XCTAssertEqual(try row.decode(Int.self, "n"), long.count)
    }

    func testNumericKeepsEveryDigitWithoutFloatingPoint() throws {
        for text in ["12345678901234.5678", "-99999999999999.9999", "0.0001", "0.0000", "100000000000000000.0000"] {
            let numeric = try XCTUnwrap(PostgresNumeric(text))
            let row = try XCTUnwrap(connection.query("SELECT $1::numeric(30,4) AS n", [numeric]).first)
            XCTAssertEqual(try row.decode(PostgresNumeric.self, "n").text, text)
        }
        // Sums happen in the database, exactly: 0.1 + 0.2 is 0.3, not 0.30000000000000004.
        let sum = try XCTUnwrap(
            connection.query(
                "SELECT $1::numeric + $2::numeric AS s", [PostgresNumeric("0.1")!, PostgresNumeric("0.2")!]
            ).first)
        XCTAssertEqual(try sum.decode(PostgresNumeric.self, "s").text, "0.3")
    }

    func testInvalidNumericTextIsRefusedBeforeReachingTheServer() {
        for text in ["", "1e5", "NaN", "1.2.3", "12a", "--1", "."] {
            XCTAssertNil(PostgresNumeric(text), text)
        }
    }

    func testSQLInjectionStringsAreStoredVerbatim() throws {
        let hostile = [
            "'; DROP TABLE samples; --", "\"; SELECT pg_sleep(10); --", "Robert'); DROP TABLE students;--",
            "$1", "\\", "\\x00", "' OR '1'='1", "E'\\\\'", "\u{2028}\t\n\r",
        ]
        for text in hostile {
            let id = try XCTUnwrap(
                connection.query("INSERT INTO samples (t) VALUES ($1) RETURNING id", [text]).first
            ).decode(Int.self, "id")
            let stored = try XCTUnwrap(connection.query("SELECT t FROM samples WHERE id = $1", [id]).first)
            XCTAssertEqual(try stored.decode(String.self, "t"), text)
        }
        XCTAssertEqual(
            try connection.query("SELECT count(*) AS n FROM samples").first?.decode(Int.self, "n"), hostile.count)
    }

    func testTextWithNULIsRefusedWithTheParameterNumber() {
        XCTAssertThrowsError(try connection.query("SELECT $1::int, $2::text", [1, "a\u{0}b"])) { error in
            guard case PostgresError.encoding(let parameter, _) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(parameter, 2)
        }
    }

    func testDecodingNullIntoNonOptionalNamesTheColumn() throws {
        let row = try XCTUnwrap(connection.query("SELECT NULL::int AS missing_value").first)
        XCTAssertThrowsError(try row.decode(Int.self, "missing_value")) { error in
            XCTAssertEqual(
                error as? PostgresError,
                .decoding(DecodingFailure(column: "missing_value", reason: .unexpectedNull)))
            XCTAssertTrue("\(error)".contains("missing_value"))
        }
    }

    func testDecodingTheWrongTypeNamesTheColumn() throws {
        let row = try XCTUnwrap(connection.query("SELECT 'x'::text AS label, 5 AS count").first)
        XCTAssertThrowsError(try row.decode(Int.self, "label")) { error in
            guard case PostgresError.decoding(let failure) = error, case .typeMismatch = failure.reason else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(failure.column, "label")
        }
        XCTAssertThrowsError(try row.decode(Int.self, "nope")) { error in
            XCTAssertEqual(error as? PostgresError, .decoding(DecodingFailure(column: "nope", reason: .noSuchColumn)))
        }
        XCTAssertEqual(try row.decode(Int.self, "count"), 5)
    }

    /// Columns are found by name without hashing (names bucketed by length and first and last bytes): every column of
    /// a wide row, names that share a bucket, a repeated name (the first wins, as before), names longer than a small
    /// string, a name built at run time, by position, and a NULL through the optional decoder.
    func testColumnsAreFoundByNameAmongManyAndRepeatedNames() throws {
        let names = (0..<40).map { "c\($0)" } + ["a_b", "a_c", "ab", "ba", "a_rather_long_column_name_past_sixteen_bytes"]
        let select = names.enumerated().map { "\($0.offset)::int AS \($0.element)" }.joined(separator: ", ")
        let row = try XCTUnwrap(connection.query("SELECT \(select), 7::int AS ab, NULL::int AS empty").first)
        for (position, name) in names.enumerated() {
            XCTAssertEqual(try row.decode(Int.self, name), position, name)
            XCTAssertEqual(try row.decode(Int?.self, String(decoding: Array(name.utf8), as: UTF8.self)), position, name)
            XCTAssertEqual(try row.decode(Int.self, at: position), position, name)
        }
        XCTAssertEqual(try row.decode(Int.self, "ab"), names.firstIndex(of: "ab"))
        XCTAssertEqual(try row.decode(Int?.self, "empty"), nil)
        XCTAssertTrue(try row.isNull("empty"))
        XCTAssertFalse(try row.isNull("c0"))
        for missing in ["", "c40", "ac", "a_d", "C1"] {
            XCTAssertThrowsError(try row.decode(Int.self, missing)) { error in
                XCTAssertEqual(error as? PostgresError, .decoding(DecodingFailure(column: missing, reason: .noSuchColumn)))
            }
        }
        XCTAssertThrowsError(try row.decode(Int.self, at: names.count + 2)) { error in
            XCTAssertEqual(
                error as? PostgresError, .decoding(DecodingFailure(column: "#\(names.count + 2)", reason: .noSuchColumn)))
        }
    }
}
