import Foundation
import Postgres

/// A second local PostgreSQL cluster (`deploy/pg-local.sh … second`: its own data folder and port beside the first),
/// for the tenant directory's tests: start, stop, and a database of its own for one test.
public enum SecondCluster {
    static let instance = "second"

    static var script: String {
        ProcessInfo.processInfo.environment["RECUR_PG_LOCAL"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("deploy/pg-local.sh").path
    }

    /// Starts it (creating it the first time) and returns the URL of its `recur` database.
    @discardableResult
    public static func start() throws -> String {
        let result = try TestProcess.run("/bin/bash", [script, "start", instance])
        guard result.status == 0, let line = result.stdout.split(separator: "\n").last(where: { $0.hasPrefix("DATABASE_URL=") })
        else { throw TestDatabase.CommandFailed(command: "\(script) start \(instance): \(result)", status: result.status) }
        return String(line.dropFirst("DATABASE_URL=".count))
    }

    /// Stops it (fast shutdown: its sessions end at once).
    public static func stop() throws {
        let result = try TestProcess.run("/bin/bash", [script, "stop", instance])
        guard result.status == 0 else { throw TestDatabase.CommandFailed(command: "\(script) stop \(instance): \(result)", status: result.status) }
    }

    /// A new database on it named after `prefix`; returns its URL.
    public static func createDatabase(_ prefix: String) throws -> (name: String, url: String) {
        let base = try start()
        let name = TestDatabase.uniqueName(prefix)
        _ = try PostgresConnection(base).execute("CREATE DATABASE \(name)")
        return (name, try RecurServerProcess.url(base, database: name))
    }

    /// Drops a database made by ``createDatabase(_:)`` (the cluster must be running).
    public static func dropDatabase(_ name: String) {
        guard let base = try? start(), let connection = try? PostgresConnection(base) else { return }
        _ = try? connection.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
