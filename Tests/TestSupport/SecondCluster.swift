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

    /// A superuser URL (`postgres` over the local socket, which pg-local trusts) for `database` on this cluster,
    /// for tenant moves (`RECUR_CLUSTER_SECOND_ADMIN_URL`).
    public static func adminURL(database: String) throws -> String {
        try adminURL(script: script, instance: instance, database: database)
    }

    /// The superuser URL for `database` on the first (default) cluster: `RECUR_TEST_DEFAULT_ADMIN_URL` (any
    /// database: it is replaced) when set, for a shared cluster another checkout's pg-local.sh runs; else
    /// `pg-local.sh admin-url` of `RECUR_PG_LOCAL` or of this checkout.
    public static func defaultAdminURL(database: String) throws -> String {
        if let url = ProcessInfo.processInfo.environment["RECUR_TEST_DEFAULT_ADMIN_URL"], !url.isEmpty {
            return socketURL(url, database: database)
        }
        return try adminURL(script: script, instance: nil, database: database)
    }

    private static func adminURL(script: String, instance: String?, database: String) throws -> String {
        let result = try TestProcess.run("/bin/bash", [script, "admin-url"] + (instance.map { [$0] } ?? []))
        guard result.status == 0, let line = result.stdout.split(separator: "\n").last else {
            throw TestDatabase.CommandFailed(command: "\(script) admin-url: \(result)", status: result.status)
        }
        return socketURL(String(line), database: database)
    }

    /// `postgresql://user@/db?host=…` with `db` replaced by `database` (no host: the socket is in the query).
    private static func socketURL(_ url: String, database: String) -> String {
        guard let slash = url.range(of: "@/"), let query = url.range(of: "?", range: slash.upperBound..<url.endIndex) else {
            return url
        }
        return String(url[..<slash.upperBound]) + database + String(url[query.lowerBound...])
    }

    /// Drops a database made by ``createDatabase(_:)`` (the cluster must be running).
    public static func dropDatabase(_ name: String) {
        guard let base = try? start(), let connection = try? PostgresConnection(base) else { return }
        _ = try? connection.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
