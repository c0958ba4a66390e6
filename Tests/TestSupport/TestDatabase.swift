import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Postgres

/// The real PostgreSQL the test scripts start (`deploy/test.sh` exports `DATABASE_URL`).
public enum TestDatabase {
    public struct NotConfigured: Error, CustomStringConvertible {
        public var description: String {
            "DATABASE_URL is not set: run the tests with deploy/test.sh, which starts a local PostgreSQL"
        }
    }

    /// The connection string of the test database.
    public static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw NotConfigured()
        }
        return url
    }

    /// A new connection to the test database.
    public static func connect() throws -> PostgresConnection {
        try PostgresConnection(url())
    }

    /// A pool on the test database.
    public static func pool(maxConnections: Int = 4, acquireTimeout: Duration = .seconds(5)) throws -> PostgresPool {
        PostgresPool(
            .init(connectionString: try url(), maxConnections: maxConnections, acquireTimeout: acquireTimeout))
    }

    /// A name no other test run uses, safe as an unquoted identifier: `prefix_<random hex>`.
    public static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_" + String(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF, radix: 16)
    }

    /// Restarts the local cluster with `deploy/pg-local.sh restart` (path in `RECUR_PG_LOCAL`).
    public static func restartServer() throws {
        let script = ProcessInfo.processInfo.environment["RECUR_PG_LOCAL"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("deploy/pg-local.sh").path
        let status = try runCommand("/bin/bash", [script, "restart"])
        guard status == 0 else { throw CommandFailed(command: "\(script) restart", status: status) }
    }

    /// Runs a command to completion with `posix_spawn` and `waitpid`, its output discarded, and returns its
    /// exit status. (Foundation's `Process.waitUntilExit` can hang when a daemon inherits its pipes.)
    public static func runCommand(_ path: String, _ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw CommandFailed(command: path, status: spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status >> 8) & 0xFF
    }

    public struct CommandFailed: Error, CustomStringConvertible {
        public var command: String
        public var status: Int32
        public var description: String { "\(command) exited with \(status)" }
    }
}
