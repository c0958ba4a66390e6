@testable import Store
import XCTest

final class MigrationSetTests: XCTestCase {
    func testVersionsComeFromFileNames() {
        XCTAssertEqual(MigrationSet.version(ofFileNamed: "0001_control.sql"), 1)
        XCTAssertEqual(MigrationSet.version(ofFileNamed: "0042_add_ledger_2.sql"), 42)
        XCTAssertEqual(MigrationSet.version(ofFileNamed: "12345_big.sql"), 12345)
        for bad in ["001_short.sql", "0001.sql", "0001_.sql", "0001_Upper.sql", "0001-dash.sql", "x0001_a.sql", "0001_a.txt", "0001_a b.sql"] {
            XCTAssertNil(MigrationSet.version(ofFileNamed: bad), bad)
        }
    }

    func testTheRepositoryFolderLoadsInOrder() throws {
        let set = try MigrationSet.locate()
        XCTAssertEqual(set.control.first?.fileName, "0001_control.sql")
        XCTAssertEqual(set.tenant.first?.fileName, "0001_tenant_base.sql")
        XCTAssertEqual(set.tenant.map(\.version), set.tenant.map(\.version).sorted())
        for migration in set.tenant {
            XCTAssertFalse(migration.sql.contains("recur_control"), "tenant files must not name a schema")
        }
    }

    func testDuplicateVersionsAndBadNamesAreRefused() throws {
        let folder = try MigrationFolder()
        try folder.write("tenant", "0001_again.sql", "SELECT 1;")
        XCTAssertThrowsError(try folder.load()) { error in
            guard case .duplicateVersion(.tenant, 1, _) = error as? MigrationError else {
                return XCTFail("\(error)")
            }
        }
        let other = try MigrationFolder()
        try other.write("tenant", "2_bad.sql", "SELECT 1;")
        XCTAssertThrowsError(try other.load()) { error in
            guard case .invalidFileName = error as? MigrationError else { return XCTFail("\(error)") }
        }
    }

    func testSQLDirectoryPrefersTheEnvironmentAndSaysWhatItTried() throws {
        let folder = try MigrationFolder()
        XCTAssertEqual(
            try SQLDirectory.locate(environment: ["RECUR_SQL_DIR": folder.url.path]).standardizedFileURL.path,
            folder.url.standardizedFileURL.path)
        XCTAssertThrowsError(try SQLDirectory.locate(environment: ["RECUR_SQL_DIR": "/nonexistent/sql"])) { error in
            XCTAssertTrue(String(describing: error).contains("/nonexistent/sql"))
        }
        // Without the variable: the checkout's sql folder, found from the Store sources.
        XCTAssertTrue(SQLDirectory.isMigrationFolder(try SQLDirectory.locate(environment: [:])))
    }
}
