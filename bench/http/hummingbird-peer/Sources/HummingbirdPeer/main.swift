// The Hummingbird + postgres-nio peer of recur-server for issue 4's benchmark (bench/http/run.sh).
//
// Two endpoints, written to do the same work as recur-server's:
//   GET /healthz    → {"status":"ok"}, a constant body.
//   GET /v1/tenant  → Bearer key checked with the same verify statement as Store's APIKeyService (SHA-256 computed
//                     by PostgreSQL, last_used_at touched at most once a minute), answers cached 5 s in process;
//                     then the same tenant-by-slug statement as TenantService.tenant(slug:), every column decoded,
//                     and the same JSON shape.
// Both statements are prepared once per connection (PostgresPreparedStatement), as recur-server's Postgres layer
// does with its named statements. No request logging.
//
// Environment: DATABASE_URL (postgresql://user:password@host:port/database), HOST (127.0.0.1), PORT (8081),
// PEER_DB_POOL_SIZE (8: minimum and maximum connections of the PostgresClient).

import Foundation
import Hummingbird
import Logging
import NIOCore
import PostgresNIO
import Synchronization

// MARK: Configuration

let environment = ProcessInfo.processInfo.environment

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("hummingbird-peer: \(message)\n".utf8))
    exit(2)
}

guard let databaseURL = environment["DATABASE_URL"], let url = URLComponents(string: databaseURL),
    let dbHost = url.host, let dbUser = url.user
else { fail("DATABASE_URL must be postgresql://user:password@host:port/database") }
let dbName = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
let poolSize = Int(environment["PEER_DB_POOL_SIZE"] ?? "8") ?? 8
let host = environment["HOST"] ?? "127.0.0.1"
let port = Int(environment["PORT"] ?? "8081") ?? 8081

var logger = Logger(label: "hummingbird-peer")
logger.logLevel = .warning

var pgConfiguration = PostgresClient.Configuration(
    host: dbHost, port: url.port ?? 5432, username: dbUser, password: url.password,
    database: dbName.isEmpty ? nil : dbName, tls: .disable)
pgConfiguration.options.minimumConnections = poolSize
pgConfiguration.options.maximumConnections = poolSize
let client = PostgresClient(configuration: pgConfiguration, backgroundLogger: logger)

let router = makeRouter(client: client, keyCache: KeyCache(client: client))

let app = Application(
    router: router,
    configuration: ApplicationConfiguration(address: .hostname(host, port: port), backlog: 1024),
    services: [client],
    logger: logger)

try await app.runService()
