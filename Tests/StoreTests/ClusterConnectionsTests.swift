import Foundation
import Store
import XCTest

/// Where a process finds each cluster's connection string: the environment and the secrets file, never the database.
final class ClusterConnectionsTests: XCTestCase {
    private func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("clusters-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testTheFileAndTheVariablesAreReadAndAVariableWins() throws {
        let path = try file("# clusters\n\neu2=postgresql://a@h2/recur\n  eu3=postgresql://a@h3/recur  \n")
        let connections = try ClusterConnections.fromEnvironment([
            "RECUR_CLUSTERS_FILE": path, "RECUR_CLUSTER_EU3_URL": "postgresql://b@other/recur",
            "RECUR_CLUSTER_EU4_URL": "postgresql://c@h4/recur", "RECUR_CLUSTER_BAD-NAME_URL": "x", "RECUR_CLUSTER_EU5_URL": "",
        ])
        XCTAssertEqual(connections.names, ["eu2", "eu3", "eu4"])
        XCTAssertEqual(connections.url(for: "eu2"), "postgresql://a@h2/recur")
        XCTAssertEqual(connections.url(for: "eu3"), "postgresql://b@other/recur", "the variable wins over the file")
        XCTAssertNil(connections.url(for: "eu5"), "an empty variable is no connection string")
        XCTAssertEqual(ClusterConnections.variable(for: "eu2"), "RECUR_CLUSTER_EU2_URL")
    }

    func testABadLineNamesItsNumberButNotItsText() throws {
        let path = try file("eu2=postgresql://a@h2/recur\npostgresql://user:secret@h3/recur\n")
        XCTAssertThrowsError(try ClusterConnections.fromEnvironment(["RECUR_CLUSTERS_FILE": path])) { error in
            XCTAssertEqual(error as? ClusterError, .connectionsFile(path: path, reason: "line 2 is not name=postgresql://…"))
            XCTAssertFalse("\(error)".contains("secret"), "the line may hold a password")
        }
        XCTAssertThrowsError(try ClusterConnections.fromEnvironment(["RECUR_CLUSTERS_FILE": path + ".missing"]))
    }

    func testClusterNames() {
        for name in ["default", "eu2", "a", "eu_west_1", String(repeating: "a", count: 40)] {
            XCTAssertTrue(ClusterName.isValid(name), name)
        }
        for name in ["", "2eu", "EU2", "eu-2", "eu 2", "é", String(repeating: "a", count: 41)] {
            XCTAssertFalse(ClusterName.isValid(name), name)
        }
    }
}
