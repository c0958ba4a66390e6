// tenant-bench: measures tenant provisioning and the control-schema paths that grow with the tenant count.
//
//   tenant-bench provision COUNT PREFIX [THREADS] [fresh]
//                                                   create COUNT tenants through TenantService.create (the real
//                                                   path: one transaction each), on THREADS connections (default 1);
//                                                   `fresh`: a new connection per tenant, as one CLI run per tenant
//   tenant-bench spares COUNT                       build spare schemas until COUNT are ready (not timed as creation)
//   tenant-bench inprocess                          time TenantService.list() and a no-op MigrationRunner run
//   tenant-bench keys FILE [FIRST]                  issue one owner API key to every live tenant (or to the FIRST
//                                                   ones by id) and write "slug key" lines to FILE (for the load phase)
//
// DATABASE_URL names the (benchmark) database. Prints `key: value` lines for run.sh.
import Dispatch
import Foundation
import Postgres
import Store
import Synchronization

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("tenant-bench: \(message)\n".utf8))
    exit(1)
}

func milliseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1000 + Double(attoseconds) / 1e15
}

/// Peak resident set size of this process (VmHWM), in MiB.
func peakMemoryMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
    else { return -1 }
    return kilobytes / 1024
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"] else { fail("DATABASE_URL is not set") }
let migrations: MigrationSet
do { migrations = try MigrationSet.locate() } catch { fail("\(error)") }

switch arguments.first {
case "provision":
    guard arguments.count >= 3, let count = Int(arguments[1]) else { fail("usage: provision COUNT PREFIX [THREADS]") }
    let prefix = arguments[2]
    let threads = arguments.count > 3 ? Int(arguments[3]) ?? 1 : 1
    let fresh = arguments.count > 4 && arguments[4] == "fresh"
    // Connections replaced every 200 tenants built, as the server's and the CLI's are (docs/tenancy.md).
    let pool = PostgresPool(
        .init(connectionString: url, maxConnections: threads, acquireTimeout: .seconds(60), maxSchemasPerConnection: 200))
    let shared = TenantService(pool: pool, migrations: migrations)
    let timings = Mutex<[(Int, Double)]>([])
    let failures = Mutex<[String]>([])
    let next = Atomic<Int>(0)
    let clock = ContinuousClock()
    let started = clock.now
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
        while true {
            let index = next.add(1, ordering: .relaxed).oldValue
            guard index < count else { return }
            let draft = TenantDraft(
                slug: "\(prefix)-\(index)", displayName: "Bench tenant \(index)", timeZone: "Europe/Paris", currency: "EUR")
            let one = clock.now
            do {
                if fresh {
                    let own = PostgresPool(.init(connectionString: url, maxConnections: 1))
                    _ = try TenantService(pool: own, migrations: migrations).create(draft)
                    own.close()
                } else {
                    _ = try shared.create(draft)
                }
                let elapsed = milliseconds(clock.now - one)
                timings.withLock { $0.append((index, elapsed)) }
            } catch {
                failures.withLock { $0.append("\(draft.slug): \(error)") }
            }
        }
    }
    let wall = milliseconds(clock.now - started)
    let byIndex = timings.withLock { $0.sorted { $0.0 < $1.0 } }.map(\.1)
    let sorted = byIndex.sorted()
    let failed = failures.withLock { $0 }
    print("tenants_created: \(sorted.count)")
    print("failures: \(failed.count)" + (failed.first.map { " (first: \($0))" } ?? ""))
    print("threads: \(threads)" + (fresh ? " (new connection per tenant)" : " (pooled connections)"))
    print("wall_seconds: \(String(format: "%.1f", wall / 1000))")
    print("wall_ms_per_tenant: \(String(format: "%.1f", wall / Double(max(1, sorted.count))))")
    print("create_ms_mean: \(String(format: "%.1f", sorted.reduce(0, +) / Double(max(1, sorted.count))))")
    print("create_ms_p50: \(String(format: "%.1f", percentile(sorted, 0.50)))")
    print("create_ms_p95: \(String(format: "%.1f", percentile(sorted, 0.95)))")
    print("create_ms_p99: \(String(format: "%.1f", percentile(sorted, 0.99)))")
    print("create_ms_max: \(String(format: "%.1f", sorted.last ?? 0))")
    let tenth = max(1, byIndex.count / 10)
    let firstTenth = byIndex.prefix(tenth).reduce(0, +) / Double(tenth)
    let lastTenth = byIndex.suffix(tenth).reduce(0, +) / Double(tenth)
    print("create_ms_mean_first_10pct: \(String(format: "%.1f", firstTenth))")
    print("create_ms_mean_last_10pct: \(String(format: "%.1f", lastTenth))")
    pool.close()

case "spares":
    // Builds COUNT spare schemas ahead of creation (what the server's keeper does in the background).
    guard arguments.count >= 2, let count = Int(arguments[1]) else { fail("usage: spares COUNT") }
    let pool = PostgresPool(
        .init(connectionString: url, maxConnections: 1, acquireTimeout: .seconds(60), maxSchemasPerConnection: 200))
    let spares = TenantService(pool: pool, migrations: migrations).spares
    let clock = ContinuousClock()
    let started = clock.now
    do {
        let built = try spares.fill(upTo: count)
        let wall = milliseconds(clock.now - started)
        print("spares_built: \(built)")
        print("spare_ms_mean: \(String(format: "%.1f", wall / Double(max(1, built))))")
    } catch {
        fail("\(error)")
    }
    pool.close()

case "inprocess":
    let pool = PostgresPool(.init(connectionString: url, maxConnections: 2))
    let service = TenantService(pool: pool, migrations: migrations)
    let clock = ContinuousClock()
    _ = try? service.list()  // warm up (connection, prepared statement)
    var start = clock.now
    guard let tenants = try? service.list() else { fail("list failed") }
    print("list_tenants: \(tenants.count)")
    print("list_ms: \(String(format: "%.1f", milliseconds(clock.now - start)))")
    let runner = MigrationRunner(migrations: migrations)
    start = clock.now
    guard let plan = try? pool.withConnection({ try runner.plan(on: $0) }) else { fail("plan failed") }
    print("plan_ms: \(String(format: "%.1f", milliseconds(clock.now - start))) (behind: \(plan.tenants.count))")
    start = clock.now
    guard let report = try? runner.run(pool: pool) else { fail("migrate failed") }
    print("migrate_noop_ms: \(String(format: "%.1f", milliseconds(clock.now - start))) (migrated: \(report.tenantsMigrated))")
    print("peak_memory_mib: \(String(format: "%.1f", peakMemoryMiB()))")
    pool.close()

case "keys":
    // One new key per live tenant (through APIKeyService, the CLI's path), on two connections.
    guard arguments.count >= 2 else { fail("usage: keys FILE [FIRST]") }
    let pool = PostgresPool(.init(connectionString: url, maxConnections: 2, acquireTimeout: .seconds(60)))
    let tenants: [Tenant]
    do { tenants = try TenantService(pool: pool, migrations: migrations).list().filter { $0.status == .active } } catch { fail("\(error)") }
    let chosen = arguments.count > 2 ? Array(tenants.sorted { $0.id < $1.id }.prefix(Int(arguments[2]) ?? tenants.count)) : tenants
    let keys = APIKeyService(pool: pool)
    let lines = Mutex<[String]>([])
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: 2) { _ in
        while true {
            let index = next.add(1, ordering: .relaxed).oldValue
            guard index < chosen.count else { return }
            do {
                let issued = try keys.create(slug: chosen[index].slug, label: "load")
                lines.withLock { $0.append("\(chosen[index].slug) \(issued.key)") }
            } catch {
                fail("\(chosen[index].slug): \(error)")
            }
        }
    }
    let text = lines.withLock { $0 }.joined(separator: "\n") + "\n"
    guard FileManager.default.createFile(atPath: arguments[1], contents: Data(text.utf8)) else { fail("cannot write \(arguments[1])") }
    print("keys_issued: \(chosen.count)")
    pool.close()

default:
    fail("usage: tenant-bench provision COUNT PREFIX [THREADS] | spares COUNT | inprocess | keys FILE [FIRST]")
}
