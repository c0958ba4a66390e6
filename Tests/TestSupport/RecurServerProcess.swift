import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real `recur-server` process on a fresh database of its own (the contract and browser tests): creates the
/// database, starts the built server on a free port (it migrates the database at start-up), waits for `/readyz`,
/// and on ``stop()`` ends the server and drops the database.
public final class RecurServerProcess {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    public let port: Int
    /// The database's URL (for `recur-admin`).
    public let databaseURL: String
    public let database: String
    private var server: TestProcess.Running?
    /// What the server's environment added (also given to ``admin(_:)``).
    public let environment: [String: String]

    /// Starts a server on a new database named after `prefix`; `environment` adds to the server's.
    public init(databasePrefix prefix: String, environment: [String: String] = [:]) throws {
        let name = TestDatabase.uniqueName(prefix)
        _ = try TestDatabase.connect().execute("CREATE DATABASE \(name)")
        database = name
        databaseURL = try Self.url(try TestDatabase.url(), database: name)
        self.environment = environment
        port = try Self.freePort()
        var variables: [String: String?] = ["DATABASE_URL": databaseURL, "PORT": String(port), "HOST": "127.0.0.1", "RECUR_LOG": "off"]
        for (key, value) in environment { variables[key] = value }
        let server = try TestProcess.start(try TestProcess.executable(named: "recur-server"), [], environment: variables)
        self.server = server
        try Self.waitUntilReady(port: port, server: server)
    }

    /// Runs `recur-admin` against this server's database (with the server's added environment).
    public func admin(_ arguments: [String]) throws -> TestProcess.Result {
        var variables: [String: String?] = ["DATABASE_URL": databaseURL]
        for (key, value) in environment { variables[key] = value }
        return try TestProcess.run(try TestProcess.executable(named: "recur-admin"), arguments, environment: variables)
    }

    /// What the server printed on stderr so far.
    public var standardError: String { server?.standardErrorSoFar() ?? "" }

    /// Stops the server (SIGTERM, then waits) and drops its database.
    public func stop() {
        if let server {
            kill(server.pid, SIGTERM)
            _ = server.wait()
            self.server = nil
        }
        if let connection = try? TestDatabase.connect() {
            _ = try? connection.execute("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        }
    }

    deinit { stop() }

    /// `url` with its database replaced by `database` (a `postgresql://` URI or a conninfo string).
    public static func url(_ url: String, database: String) throws -> String {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            guard var components = URLComponents(string: url) else { throw Failure("DATABASE_URL is not a URI: \(url)") }
            components.path = "/" + database
            guard let string = components.string else { throw Failure("DATABASE_URL is not a URI: \(url)") }
            return string
        }
        let kept = url.split(separator: " ").filter { !$0.hasPrefix("dbname=") }.joined(separator: " ")
        return kept + " dbname=\(database)"
    }

    /// A TCP port free on 127.0.0.1 now (the kernel's choice for port 0).
    public static func freePort() throws -> Int { try TestPorts.unused() }

    /// Waits (up to 60 s: migrations run first) until `/readyz` answers 200.
    public static func waitUntilReady(port: Int, server: TestProcess.Running) throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let status = try? HTTPTestClient(port: port).request("GET", "/readyz").status, status == 200 { return }
            var status: Int32 = 0
            if waitpid(server.pid, &status, WNOHANG) == server.pid {
                throw Failure("recur-server exited before it was ready (wait status \(status)): \(server.standardErrorSoFar())")
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw Failure("recur-server was not ready within 60 s")
    }
}
