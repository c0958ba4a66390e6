import Foundation
import TestSupport
import XCTest

/// `recur-server` takes its settings from the environment: `--help` prints them and exits 0, any argument is a
/// usage error. Neither may start a server. The database URL points nowhere, so a server that tried to start
/// would exit 1 at once instead of 0 or 64 (and never hang the test).
final class ServerCommandLineTests: XCTestCase {
    private let nowhere: [String: String?] = ["DATABASE_URL": "postgresql://recur@127.0.0.1:1/none?connect_timeout=2"]

    func testHelpPrintsTheSettingsAndExits0() throws {
        for flag in ["--help", "-h"] {
            let result = try TestProcess.run(TestProcess.executable(named: "recur-server"), [flag], environment: nowhere)
            XCTAssertEqual(result.status, 0, result.description)
            XCTAssertTrue(result.stdout.contains("USAGE: recur-server"), result.description)
            XCTAssertTrue(result.stdout.contains("DATABASE_URL"), result.description)
            XCTAssertTrue(result.stdout.contains("RECUR_STATEMENT_TIMEOUT_MS"), result.description)
        }
    }

    func testAnyArgumentIsAUsageErrorNotAStart() throws {
        for arguments in [["--bogus"], ["start"], ["--help", "extra"]] {
            let result = try TestProcess.run(TestProcess.executable(named: "recur-server"), arguments, environment: nowhere)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result)")
            XCTAssertTrue(result.stderr.contains("unexpected argument"), result.description)
            XCTAssertFalse(result.stderr.contains("listening"), result.description)
        }
    }
}
