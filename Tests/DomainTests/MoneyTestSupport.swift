import XCTest

@testable import Domain

/// A decimal from a literal; fails the test (and returns zero) if the literal is invalid.
func dec(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ExactDecimal {
    do { return try ExactDecimal(parsing: text) } catch {
        XCTFail("bad decimal literal \(text): \(error)", file: file, line: line)
        return .zero
    }
}

/// The violations `body` throws, as `path code` strings (empty if it does not throw).
func violations(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> [String] {
    do {
        try body()
        return []
    } catch let error as FieldViolations {
        return error.errors.map { "\($0.path) \($0.code.rawValue)" }
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
        return ["unexpected"]
    }
}
