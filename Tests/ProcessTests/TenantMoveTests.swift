import Foundation
import Postgres
import Synchronization
import TestSupport
import XCTest

/// `recur-admin tenant move` through the real binaries and two real PostgreSQL clusters (logical replication from the
/// default cluster to `deploy/pg-local.sh … second`): a move under a steady write load through the API with every
/// acknowledged write on the target once, the freeze measured; the mover killed after each step, then resumed; a
/// move aborted (the tenant never left its source).
final class TenantMoveTests: XCTestCase {
    private var server: RecurServerProcess?
    private var secondDatabase: (name: String, url: String)?
    private var moverEnvironment: [String: String?] = [:]

    override func tearDown() {
        dropReplicationLeftovers()
        server?.stop()
        if let secondDatabase { SecondCluster.dropDatabase(secondDatabase.name) }
        try? SecondCluster.stop()
    }

    /// A failed test may leave a subscription (on the second cluster) and its slot (on the shared default cluster,
    /// where it would hold WAL and block dropping the database): dropped here, best effort.
    private func dropReplicationLeftovers() {
        if let url = moverEnvironment["RECUR_CLUSTER_SECOND_ADMIN_URL"] ?? nil, let target = try? PostgresConnection(url),
            let rows = try? target.query("SELECT subname FROM pg_subscription WHERE subname LIKE 'recur_move_%' AND subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())")
        {
            // Dropped normally (its slots with it); else detached from its slot, which the next block drops.
            for name in rows.compactMap({ try? $0.decode(String.self, "subname") }) where (try? target.execute("DROP SUBSCRIPTION \(name)")) == nil {
                _ = try? target.execute("ALTER SUBSCRIPTION \(name) DISABLE")
                _ = try? target.execute("ALTER SUBSCRIPTION \(name) SET (slot_name = NONE)")
                _ = try? target.execute("DROP SUBSCRIPTION \(name)")
            }
        }
        if let url = moverEnvironment["RECUR_CLUSTER_DEFAULT_ADMIN_URL"] ?? nil, let source = try? PostgresConnection(url) {
            _ = try? source.query(
                "SELECT pg_drop_replication_slot(slot_name) IS NULL AS dropped FROM pg_replication_slots WHERE database = current_database() AND NOT active")
        }
    }

    /// The server over both clusters, the second cluster recorded, and the mover's environment (superuser URLs).
    private func startClusters(_ prefix: String) throws -> (server: RecurServerProcess, second: String) {
        let second = try SecondCluster.createDatabase("\(prefix)2")
        secondDatabase = second
        let server = try RecurServerProcess(databasePrefix: prefix, environment: ["RECUR_CLUSTER_SECOND_URL": second.url])
        self.server = server
        moverEnvironment = [
            "DATABASE_URL": server.databaseURL, "RECUR_CLUSTER_SECOND_URL": second.url,
            "RECUR_CLUSTER_SECOND_ADMIN_URL": try SecondCluster.adminURL(database: second.name),
            "RECUR_CLUSTER_DEFAULT_ADMIN_URL": try SecondCluster.defaultAdminURL(database: server.database),
        ]
        XCTAssertEqual(try server.admin(["cluster", "add", "second"]).status, 0)
        return (server, second.url)
    }

    /// `recur-admin tenant move …` with the superuser URLs, and `fault` as the fault-injection switch.
    private func mover(_ arguments: [String], fault: String? = nil) throws -> TestProcess.Result {
        var environment = moverEnvironment
        environment["RECUR_FAULT_INJECTION"] = fault
        return try TestProcess.run(try TestProcess.executable(named: "recur-admin"), ["tenant", "move"] + arguments, environment: environment)
    }

    private func createTenant(_ slug: String) throws -> String {
        let result = try XCTUnwrap(server).admin(["tenant", "create", slug, "--name", slug.capitalized, "--cluster", "default", "--json"])
        XCTAssertEqual(result.status, 0, "\(result)")
        let created = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return try XCTUnwrap((created["api_key"] as? [String: Any])?["key"] as? String)
    }

    private func call(_ method: String, _ path: String, _ body: String? = nil, key: String) throws -> HTTPTestClient.Response {
        try XCTUnwrap(server).call(method, path, body, key: key)
    }

    private func value(_ url: String, _ sql: String) throws -> Int {
        try XCTUnwrap(try PostgresConnection(url).query(sql).first).decode(Int.self, "n")
    }

    private func cluster(of slug: String) throws -> String {
        let rows = try PostgresConnection(try XCTUnwrap(server).databaseURL).query(
            "SELECT cluster FROM recur_control.tenants WHERE slug = $1", [slug])
        return try XCTUnwrap(rows.first).decode(String.self, "cluster")
    }

    /// Replication leftovers: publications and slots on the default cluster, subscriptions on the second.
    private func leftovers() throws -> Int {
        let defaultAdmin = try XCTUnwrap(moverEnvironment["RECUR_CLUSTER_DEFAULT_ADMIN_URL"] ?? nil)
        let secondAdmin = try XCTUnwrap(moverEnvironment["RECUR_CLUSTER_SECOND_ADMIN_URL"] ?? nil)
        return try value(defaultAdmin, "SELECT ((SELECT count(*) FROM pg_publication WHERE pubname LIKE 'recur_move_%') + (SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'recur_move_%' AND database = current_database()))::int AS n")
            + value(secondAdmin, "SELECT count(*)::int AS n FROM pg_subscription WHERE subname LIKE 'recur_move_%' AND subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())")
    }

    /// Waits (up to 5 s) until no session holds an advisory lock of class `classID` in the server's database: the
    /// server notices a closed session a moment after the client closed it.
    private func waitUntilReleased(classID: Int) throws {
        let url = try XCTUnwrap(server).databaseURL
        let held = "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = \(classID)::oid AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        let deadline = Date().addingTimeInterval(5)
        while try value(url, held) > 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        XCTAssertEqual(try value(url, held), 0, "the lock ended with its session")
    }

    /// What the load saw.
    private struct Load: Sendable {
        var acknowledged: [String] = []
        var refused = 0
        var refusalsWithoutRetryAfter = 0
        var other: [String] = []
        var readsFailed = 0
        var reads = 0
        var firstRefusal: ContinuousClock.Instant?
        var lastRefusal: ContinuousClock.Instant?
        /// The longest time between two acknowledged writes.
        var longestGap: Duration = .zero
    }

    private final class LoadBox: Sendable {
        let load = Mutex(Load())
        let stop = Atomic<Bool>(false)
    }

    func testMoveUnderWriteLoadLosesNoAcknowledgedWrite() throws {
        let (server, second) = try startClusters("recur_move_load")
        let key = try createTenant("alpha")
        // Postings (journal entry numbers come from an identity sequence) and summary rows, before the move.
        try server.postMonthlyInvoice(key: key)
        let worker = { (asOf: String) throws -> TestProcess.Result in
            try TestProcess.run(
                try TestProcess.executable(named: "recur-worker"), ["eod", "--as-of", asOf],
                environment: ["DATABASE_URL": server.databaseURL, "RECUR_CLUSTER_SECOND_URL": second])
        }
        XCTAssertEqual(try worker("2026-03-31").status, 0)

        // The load: 50 writes/s (a new customer each, named by its number) and 10 reads/s through the API.
        let box = LoadBox()
        let port = server.port
        let writer = Thread {
            var number = 0
            var lastAcknowledged = ContinuousClock.now
            var next = ContinuousClock.now
            while !box.stop.load(ordering: .relaxed) {
                number += 1
                let name = "Load \(number)"
                let auth = ["Authorization": "Bearer \(key)"]
                do {
                    let response = try HTTPTestClient(port: port).json(
                        "POST", "/v1/parties", #"{"kind":"customer","name":"\#(name)"}"#, headers: auth)
                    let now = ContinuousClock.now
                    box.load.withLock { load in
                        switch response.status {
                        case 201:
                            load.acknowledged.append(name)
                            load.longestGap = max(load.longestGap, now - lastAcknowledged)
                            lastAcknowledged = now
                        case 503:
                            load.refused += 1
                            if response.headers["retry-after"] == nil
                                || response.headers["content-type"]?.hasPrefix("application/problem+json") != true
                            {
                                load.refusalsWithoutRetryAfter += 1
                            }
                            load.firstRefusal = load.firstRefusal ?? now
                            load.lastRefusal = now
                        default: load.other.append("\(name): \(response.status) \(response.text)")
                        }
                    }
                    if number % 5 == 0 {
                        let read = try HTTPTestClient(port: port).request("GET", "/v1/parties?limit=1", headers: auth)
                        box.load.withLock { $0.reads += 1; if read.status != 200 { $0.readsFailed += 1 } }
                    }
                } catch {
                    box.load.withLock { $0.other.append("\(name): \(error)") }
                }
                next = next + .milliseconds(20)
                let wait = next - ContinuousClock.now
                if wait > .zero { Thread.sleep(forTimeInterval: wait / .seconds(1)) }
            }
        }
        writer.start()
        Thread.sleep(forTimeInterval: 1)
        let started = ContinuousClock.now
        let moved = try mover(["alpha", "--to", "second", "--json"])
        let took = ContinuousClock.now - started
        Thread.sleep(forTimeInterval: 1)
        box.stop.store(true, ordering: .relaxed)
        while !writer.isFinished { Thread.sleep(forTimeInterval: 0.05) }

        XCTAssertEqual(moved.status, 0, "\(moved)")
        let record = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(moved.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(record["step"] as? String, "done")
        let freeze = try XCTUnwrap(record["freeze_ms"] as? Int)
        XCTAssertEqual(try cluster(of: "alpha"), "second")
        let seen = box.load.withLock { $0 }
        XCTAssertEqual(seen.other, [], "every write answered 201 or 503")
        XCTAssertEqual(seen.refusalsWithoutRetryAfter, 0, "a refused write is problem+json with Retry-After")
        XCTAssertEqual(seen.readsFailed, 0, "reads continue through the freeze")
        XCTAssertGreaterThan(seen.acknowledged.count, 50)

        // Every acknowledged write is on the target, once; nothing else is; the source schema is gone.
        let rows = try PostgresConnection(second).query("SELECT name FROM tenant_alpha.parties WHERE name LIKE 'Load %'")
        let names = try rows.map { try $0.decode(String.self, "name") }
        XCTAssertEqual(names.count, Set(names).count, "no duplicates")
        XCTAssertEqual(Set(names), Set(seen.acknowledged), "0 acknowledged writes lost, none unacknowledged kept")
        XCTAssertEqual(try value(server.databaseURL, "SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'tenant_alpha'"), 0)
        XCTAssertEqual(try leftovers(), 0, "no publication, slot or subscription left")

        // Summary rows came as rows (their triggers did not fire again on the target), sequences carried over:
        // the next EOD posts on the target with entry numbers after the moved ones.
        XCTAssertEqual(
            try value(second, "SELECT (SELECT count(*) FROM tenant_alpha.invoices)::int AS n"), 3)
        let balanced = "SELECT ((SELECT coalesce(sum(debit), 0) FROM tenant_alpha.ledger_month_balances) = (SELECT coalesce(sum(debit), 0) FROM tenant_alpha.journal_lines))::int AS n"
        XCTAssertEqual(try value(second, balanced), 1, "month balances equal the journal's debits, not twice them")
        let before = try value(second, "SELECT max(entry_number)::int AS n FROM tenant_alpha.journal_entries")
        let eod = try worker("2026-04-30")
        XCTAssertEqual(eod.status, 0, "\(eod)")
        XCTAssertEqual(try value(second, "SELECT count(*)::int AS n FROM tenant_alpha.invoices"), 4)
        XCTAssertGreaterThan(try value(second, "SELECT min(entry_number)::int AS n FROM tenant_alpha.journal_entries WHERE entry_number > \(before)"), before)
        XCTAssertEqual(try value(second, balanced), 1)

        let refusedFor = seen.firstRefusal.flatMap { first in seen.lastRefusal.map { $0 - first } }
        print(
            "tenant move under load: move \(took), freeze (mover) \(freeze) ms, writes acknowledged \(seen.acknowledged.count), refused 503 \(seen.refused) (first to last refusal \(refusedFor.map { "\($0)" } ?? "none")), longest gap between acknowledged writes \(seen.longestGap), reads \(seen.reads)")
    }

    /// The freeze alone, held by hand on the default cluster: writes 503 problem+json with `Retry-After`, reads 200,
    /// a worker's writes refused (its run fails and the next pass posts), everything back once the lock ends.
    func testFreezeRefusesWritesKeepsReadsAndEndsWithTheMoversSession() throws {
        let server = try RecurServerProcess(databasePrefix: "recur_move_freeze")
        self.server = server
        let key = try createTenant("delta")
        let party = try call("POST", "/v1/parties", #"{"kind":"customer","name":"Globex"}"#, key: key)
        XCTAssertEqual(party.status, 201, party.text)
        let partyID = try XCTUnwrap(party.json?["id"] as? String)
        let setup = try call(
            "POST", "/v1/recurring-invoices",
            #"{"party_id":"\#(partyID)","mode":"amount","amount":"10.00","description":"Fee","statement_reference":"Fee {RIMonth}","schedule":{"kind":"monthly","byMonthDay":1,"start":"2026-01-01"}}"#,
            key: key)
        XCTAssertEqual(setup.status, 201, setup.text)

        // Refusals before anything is recorded: an unknown target (exit 3), the tenant's own cluster (1), nothing to
        // abort (3).
        let refusals: [([String], Int32, String)] = [
            (["delta", "--to", "nowhere"], 3, "no cluster named nowhere"),
            (["delta", "--to", "default"], 1, "already on cluster default"),
            (["delta", "--abort"], 3, "no move in progress"),
        ]
        for (arguments, status, message) in refusals {
            let result = try server.admin(["tenant", "move"] + arguments)
            XCTAssertEqual(result.status, status, "\(arguments): \(result)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        XCTAssertEqual(
            try value(server.databaseURL, "SELECT count(*)::int AS n FROM recur_control.tenant_moves"), 0, "nothing recorded")

        // The mover's lock, taken as `recur-admin tenant move` takes it: class "MOVE", the tenant's id.
        var mover: PostgresConnection? = try PostgresConnection(server.databaseURL)
        _ = try mover?.query(
            "SELECT pg_advisory_lock((x'4D4F5645'::bigint << 32) | id) IS NOT NULL AS locked FROM recur_control.tenants WHERE slug = 'delta'")
        let write = try call("POST", "/v1/parties", #"{"kind":"customer","name":"Frozen"}"#, key: key)
        XCTAssertEqual(write.status, 503, write.text)
        XCTAssertEqual(write.headers["retry-after"], "2")
        XCTAssertTrue(write.headers["content-type"]?.hasPrefix("application/problem+json") == true, "\(write.headers)")
        XCTAssertEqual(try call("GET", "/v1/parties", key: key).status, 200, "reads continue")
        let eod = try TestProcess.run(
            try TestProcess.executable(named: "recur-worker"), ["eod", "--as-of", "2026-02-28", "--retry-for", "0"],
            environment: ["DATABASE_URL": server.databaseURL])
        XCTAssertNotEqual(eod.status, 0, "the frozen tenant's run fails: \(eod)")
        XCTAssertEqual(try value(server.databaseURL, "SELECT count(*)::int AS n FROM tenant_delta.invoices"), 0)

        // The mover's session ends (a crash): the freeze ends with it.
        mover = nil
        XCTAssertNil(mover)
        try waitUntilReleased(classID: 0x4D4F_5645)
        let after = try call("POST", "/v1/parties", #"{"kind":"customer","name":"After"}"#, key: key)
        XCTAssertEqual(after.status, 201, after.text)
        let again = try TestProcess.run(
            try TestProcess.executable(named: "recur-worker"), ["eod", "--as-of", "2026-02-28"],
            environment: ["DATABASE_URL": server.databaseURL])
        XCTAssertEqual(again.status, 0, "\(again)")
        XCTAssertEqual(try value(server.databaseURL, "SELECT count(*)::int AS n FROM tenant_delta.invoices"), 2)
        XCTAssertEqual(try value(server.databaseURL, "SELECT count(*)::int AS n FROM tenant_delta.parties WHERE name = 'Frozen'"), 0)
    }

    func testMoverKilledAfterEachStepResumesAndAnAbortLeavesTheTenantOnItsSource() throws {
        let (server, second) = try startClusters("recur_move_kill")
        let key = try createTenant("beta")
        var written = 0
        /// The tenant answers a read and takes a write (where the directory says it lives).
        func serving(_ context: String) throws {
            XCTAssertEqual(try call("GET", "/v1/parties", key: key).status, 200, context)
            written += 1
            let write = try call("POST", "/v1/parties", #"{"kind":"customer","name":"Written \#(written)"}"#, key: key)
            XCTAssertEqual(write.status, 201, "\(context): \(write.text)")
        }
        try serving("before the move")
        // A drained target and a missing superuser connection string are refused before anything is recorded.
        XCTAssertEqual(try server.admin(["cluster", "drain", "second"]).status, 0)
        let drained = try mover(["beta", "--to", "second"])
        XCTAssertEqual(drained.status, 1, "\(drained)")
        XCTAssertTrue(drained.stderr.contains("drained"), drained.stderr)
        XCTAssertEqual(try server.admin(["cluster", "drain", "second", "--undo"]).status, 0)
        let noAdmin = try server.admin(["tenant", "move", "beta", "--to", "second"])
        XCTAssertEqual(noAdmin.status, 2, "\(noAdmin)")
        XCTAssertTrue(noAdmin.stderr.contains("RECUR_CLUSTER_DEFAULT_ADMIN_URL"), noAdmin.stderr)
        // One mover per tenant: while another holds the tenant's mover lock, a second run is refused.
        var other: PostgresConnection? = try PostgresConnection(server.databaseURL)
        _ = try other?.query(
            "SELECT pg_advisory_lock((x'4D4F5652'::bigint << 32) | id) IS NOT NULL AS locked FROM recur_control.tenants WHERE slug = 'beta'")
        let busy = try mover(["beta", "--to", "second"])
        XCTAssertEqual(busy.status, 1, "\(busy)")
        XCTAssertTrue(busy.stderr.contains("another tenant move of beta is running"), busy.stderr)
        other = nil
        XCTAssertNil(other)
        try waitUntilReleased(classID: 0x4D4F_5652)
        for step in ["prepared", "subscribed", "synced", "frozen", "verified"] {
            let killed = try mover(["beta", "--to", "second"], fault: "kill-after-move-step:\(step)")
            XCTAssertEqual(killed.status, 128 + SIGKILL, "\(step): \(killed)")
            XCTAssertEqual(try cluster(of: "beta"), "default", "killed after \(step): still on its source")
            try serving("killed after \(step)")
        }
        let killedAfterSwitch = try mover(["beta", "--to", "second"], fault: "kill-after-move-step:switched")
        XCTAssertEqual(killedAfterSwitch.status, 128 + SIGKILL, "\(killedAfterSwitch)")
        XCTAssertEqual(try cluster(of: "beta"), "second", "the switch committed before the kill")
        try serving("killed after the switch")
        let tooLate = try mover(["beta", "--abort"])
        XCTAssertNotEqual(tooLate.status, 0)
        XCTAssertTrue(tooLate.stderr.contains("cannot be aborted"), tooLate.stderr)
        let resumed = try mover(["beta", "--to", "second"])
        XCTAssertEqual(resumed.status, 0, "\(resumed)")
        XCTAssertTrue(resumed.stdout.contains("resuming move"), resumed.stdout)
        try serving("moved")
        XCTAssertEqual(try value(second, "SELECT count(*)::int AS n FROM tenant_beta.parties WHERE name LIKE 'Written %'"), written)
        XCTAssertEqual(try value(server.databaseURL, "SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'tenant_beta'"), 0)
        XCTAssertEqual(try leftovers(), 0)

        // An abort after the initial copy: everything built is dropped, the tenant never left its source.
        let gammaKey = try createTenant("gamma")
        let killed = try mover(["gamma", "--to", "second"], fault: "kill-after-move-step:synced")
        XCTAssertEqual(killed.status, 128 + SIGKILL, "\(killed)")
        let aborted = try mover(["gamma", "--abort", "--json"])
        XCTAssertEqual(aborted.status, 0, "\(aborted)")
        XCTAssertTrue(aborted.stdout.contains(#""step":"aborted""#), aborted.stdout)
        XCTAssertEqual(try cluster(of: "gamma"), "default")
        XCTAssertEqual(try value(second, "SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'tenant_gamma'"), 0)
        XCTAssertEqual(try leftovers(), 0)
        let write = try call("POST", "/v1/parties", #"{"kind":"customer","name":"After abort"}"#, key: gammaKey)
        XCTAssertEqual(write.status, 201, write.text)
        XCTAssertEqual(try value(server.databaseURL, "SELECT count(*)::int AS n FROM tenant_gamma.parties"), 1)
        let noMove = try mover(["gamma", "--abort"])
        XCTAssertNotEqual(noMove.status, 0, "nothing left to abort")
    }
}
