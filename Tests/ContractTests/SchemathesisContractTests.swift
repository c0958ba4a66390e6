import Foundation
import Postgres
import TestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The OpenAPI document describes exactly what the server does: schemathesis (`--checks all`) runs against the
/// real `recur-server` on a fresh database, with a real tenant's key, and must find nothing.
///
/// The run is bounded (a few examples per operation, one worker) and seeded with a fixed seed in deterministic
/// mode, so the same build asks the same questions each time. Configuration and the one custom check live in
/// `Tests/ContractTests/schemathesis/` (see `recur_hooks.py` for the rules no JSON Schema can state).
/// `deploy/setup.sh` installs the pinned schemathesis; without it this test fails, it does not skip.
final class SchemathesisContractTests: XCTestCase {
    /// The version deploy/setup.sh installs; the test refuses another, whose checks may differ.
    static let schemathesisVersion = "4.32.5"
    static let maxExamples = "5"
    static let seed = "20261206"

    private var database: String?
    private var server: TestProcess.Running?

    override func tearDown() {
        if let server {
            kill(server.pid, SIGTERM)
            _ = server.wait()
        }
        if let database, let connection = try? TestDatabase.connect() {
            _ = try? connection.execute("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        }
    }

    func testTheDocumentDescribesWhatTheServerDoes() throws {
        let schemathesis = try Self.schemathesis()
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("schemathesis")

        // A fresh database: the server migrates it at start-up.
        let name = TestDatabase.uniqueName("recur_contract")
        try TestDatabase.connect().execute("CREATE DATABASE \(name)")
        database = name
        let url = try RecurServerProcess.url(try TestDatabase.url(), database: name)

        let port = try RecurServerProcess.freePort()
        let server = try TestProcess.start(
            try TestProcess.executable(named: "recur-server"), [],
            environment: ["DATABASE_URL": url, "PORT": String(port), "HOST": "127.0.0.1", "RECUR_LOG": "off"])
        self.server = server
        try RecurServerProcess.waitUntilReady(port: port, server: server)

        let created = try TestProcess.run(
            try TestProcess.executable(named: "recur-admin"),
            ["tenant", "create", "contract", "--name", "Contract Test", "--time-zone", "Europe/Paris", "--currency", "EUR"],
            environment: ["DATABASE_URL": url])
        XCTAssertEqual(created.status, 0, "\(created)")
        let key = try XCTUnwrap(
            created.stdout.split(whereSeparator: \.isNewline).map(String.init).first { $0.hasPrefix("rk_") },
            "recur-admin printed no key: \(created)")

        let report = FileManager.default.temporaryDirectory.appendingPathComponent("recur-schemathesis-\(UUID())")
        defer { try? FileManager.default.removeItem(at: report) }
        let started = Date()
        let result = try TestProcess.run(
            schemathesis,
            [
                "--config-file", folder.appendingPathComponent("schemathesis.toml").path, "--no-color",
                "run", "http://127.0.0.1:\(port)/openapi.json", "--checks", "all",
                "-H", "Authorization: Bearer \(key)",
                "--max-examples", Self.maxExamples, "--seed", Self.seed, "--generation-deterministic",
                "--workers", "1", "--request-timeout", "30",
                "--report", "junit", "--report-dir", report.path,
            ],
            environment: [
                "SCHEMATHESIS_HOOKS": folder.appendingPathComponent("recur_hooks.py").path,
                "NO_COLOR": "1", "SCHEMATHESIS_TELEMETRY": "false",
            ])
        let seconds = Date().timeIntervalSince(started)
        print("schemathesis \(Self.schemathesisVersion): exit \(result.status) in \(String(format: "%.1f", seconds)) s")
        XCTAssertEqual(
            result.status, 0,
            "schemathesis found disagreements between the document and the server:\n\(result.stdout)\n\(result.stderr)")
        // Every documented operation was tested (none filtered out or skipped by an error).
        let selected = result.stdout.firstMatch(of: /Selected: (\d+)\/(\d+)/)
        let tested = result.stdout.firstMatch(of: /Tested: (\d+)/)
        XCTAssertNotNil(selected, result.stdout)
        XCTAssertEqual(selected.map { String($0.1) }, tested.map { String($0.1) }, "schemathesis did not test every selected operation")
    }

    // MARK: Helpers

    struct ContractFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The `schemathesis` command of the pinned version; fails the test with what to do when it is missing.
    static func schemathesis() throws -> String {
        // PATH first; then where `pip install --user` puts commands.
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + [FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/bin").path]
        let candidates = folders.map { URL(fileURLWithPath: $0).appendingPathComponent("schemathesis").path }
        guard let path = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw ContractFailure(
                "schemathesis is not installed: run deploy/setup.sh, or python3 -m pip install schemathesis==\(schemathesisVersion)")
        }
        let version = try TestProcess.run(path, ["--version"])
        guard version.stdout.contains(schemathesisVersion) else {
            throw ContractFailure(
                "schemathesis \(schemathesisVersion) is required, found \(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines)): "
                    + "python3 -m pip install schemathesis==\(schemathesisVersion)")
        }
        return path
    }
}
