import Foundation
import Postgres
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The loopback deployment of docs/deployment.md: Debian's nginx running `deploy/nginx/recur.conf` (its ports,
/// certificate and paths substituted) in front of two `recur-server` fronts, and two `recur-worker run` daemons,
/// over two PostgreSQL clusters (the test's own and pg-local's `second`), a tenant on each. Traffic for both tenants
/// goes through nginx over TLS; one front is stopped mid-load; the EOD of each tenant's recurring invoice is posted
/// once across both workers.
final class DeploymentTests: XCTestCase {
    private var database = ""
    private var databaseURL = ""
    private var second: (name: String, url: String)?
    private var folder: URL!
    private var processes: [TestProcess.Running] = []

    override func setUpWithError() throws {
        database = TestDatabase.uniqueName("recur_deploy")
        let base = try TestDatabase.url()
        guard let slash = base.range(of: "/", options: .backwards), base.hasPrefix("postgresql://") else {
            throw XCTSkip("DATABASE_URL is not a postgresql:// URI: \(base)")
        }
        let query = base[slash.upperBound...].firstIndex(of: "?").map { String(base[$0...]) } ?? ""
        databaseURL = String(base[..<slash.upperBound]) + database + query
        let connection = try TestDatabase.connect()
        _ = try connection.execute("CREATE DATABASE \(database)")
        second = try SecondCluster.createDatabase("recur_deploy2")
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(database)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("tmp"), withIntermediateDirectories: true)
    }

    override func tearDown() {
        for process in processes {
            kill(process.pid, SIGKILL)
            _ = process.wait()
        }
        if let folder { try? FileManager.default.removeItem(at: folder) }
        // The fronts and workers are gone; a backend still ending is waited for by FORCE (PostgreSQL 13+).
        if let connection = try? TestDatabase.connect() {
            _ = try? connection.execute("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        }
        if let second { SecondCluster.dropDatabase(second.name) }
        try? SecondCluster.stop()
    }

    func testTwoFrontsBehindNginxFailOverAndTwoWorkersPostOnce() throws {
        let environment: [String: String?] = [
            "DATABASE_URL": databaseURL, "RECUR_CONTROL_SCHEMA": nil, "RECUR_MIGRATE": "check", "RECUR_LOG": "json",
            "RECUR_CLUSTER_SECOND_URL": try XCTUnwrap(second).url,
        ]
        let admin = try TestProcess.executable(named: "recur-admin")
        let migrate = try TestProcess.run(admin, ["migrate"], environment: environment)
        XCTAssertEqual(migrate.status, 0, "\(migrate)")
        let added = try TestProcess.run(admin, ["cluster", "add", "second"], environment: environment)
        XCTAssertEqual(added.status, 0, "\(added)")
        // A tenant on each cluster; the fronts and workers serve both.
        let keys = try [("deploy", "default"), ("deploy-two", "second")].map { slug, cluster in
            let created = try TestProcess.run(
                admin, ["tenant", "create", slug, "--name", "Deploy Ltd", "--time-zone", "UTC", "--currency", "EUR",
                        "--cluster", cluster],
                environment: environment)
            XCTAssertEqual(created.status, 0, "\(created)")
            return try XCTUnwrap(created.stdout.split(separator: "\n").first { $0.hasPrefix("rk_") }.map(String.init))
        }
        let secondSchemas = try PostgresConnection(try XCTUnwrap(second).url).query(
            "SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'tenant_%'")
        XCTAssertEqual(try XCTUnwrap(secondSchemas.first).decode(Int.self, "n"), 1, "the second tenant lives on the second cluster")

        // Two fronts as recur-server@.service runs them (RECUR_MIGRATE=check), on ports of their own.
        let server = try TestProcess.executable(named: "recur-server")
        let fronts = try (0..<2).map { _ in try TestProcess.start(server, [], environment: environment.merging(["PORT": "0"]) { $1 }) }
        processes += fronts
        let frontPorts = try fronts.map { try waitForPort($0) }

        // nginx with the repository's configuration.
        let (httpsPort, httpPort) = (try TestPorts.unused(), try TestPorts.unused())
        let certificate = folder.appendingPathComponent("cert.pem").path
        let privateKey = folder.appendingPathComponent("key.pem").path
        let openssl = try TestProcess.run(
            "/usr/bin/openssl",
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", privateKey, "-out", certificate, "-days", "1",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        XCTAssertEqual(openssl.status, 0, "\(openssl)")
        try writeNginxConfiguration(
            fronts: frontPorts, https: httpsPort, http: httpPort, certificate: certificate, key: privateKey)
        let nginx = try TestProcess.start(
            "/usr/sbin/nginx", ["-p", folder.path, "-c", folder.appendingPathComponent("nginx.conf").path,
                                "-e", folder.appendingPathComponent("error.log").path])
        processes.append(nginx)
        let https = "https://127.0.0.1:\(httpsPort)"
        try waitUntil("nginx answers") { (try? self.curl(["-o", "/dev/null", "-w", "%{http_code}", "\(https)/healthz"]))?.stdout == "200" }

        // The plain-HTTP listener redirects; the body limit is nginx's and the front's; X-Request-Id passes through.
        let redirect = try curl(["-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "http://127.0.0.1:\(httpPort)/v1/tenant"])
        XCTAssertTrue(redirect.stdout.hasPrefix("308 https://127.0.0.1"), redirect.stdout)
        let key = keys[0]
        let big = folder.appendingPathComponent("big.json").path
        try Data(repeating: UInt8(ascii: " "), count: 2 << 20).write(to: URL(fileURLWithPath: big))
        let tooLarge = try curl(
            ["-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(key)", "-H", "Content-Type: application/json",
             "--data-binary", "@\(big)", "\(https)/v1/parties"])
        XCTAssertEqual(tooLarge.stdout, "413")
        let traced = try curl(["-D", "-", "-o", "/dev/null", "-H", "X-Request-Id: deploy-test-42", "\(https)/healthz"])
        XCTAssertTrue(traced.stdout.lowercased().contains("x-request-id: deploy-test-42"), traced.stdout)

        // For each tenant, a customer and a monthly invoice since 1 January, through nginx.
        for key in keys {
            let party = try jsonID(curl(
                ["-H", "Authorization: Bearer \(key)", "-H", "Content-Type: application/json", "-d",
                 #"{"kind":"customer","name":"Globex","email":"ap@globex.test"}"#, "\(https)/v1/parties"]))
            _ = try jsonID(curl(
                ["-H", "Authorization: Bearer \(key)", "-H", "Content-Type: application/json", "-d",
                 #"{"party_id":"\#(party)","mode":"amount","amount":"49.90","description":"Maintenance","statement_reference":"Maintenance {RIMonth} {RIYear}","schedule":{"kind":"monthly","byMonthDay":1,"start":"2026-01-01"}}"#,
                 "\(https)/v1/recurring-invoices"]))
        }

        // Load through nginx, the two tenants in turn (one cluster each); the first front is stopped (SIGTERM, as
        // systemd stops it) once it has served some of it. `next` starts a transfer's own options in curl's config.
        let requests = 400
        let config = folder.appendingPathComponent("load.curl").path
        let lines = (0..<requests).map { index in
            ["header = \"Authorization: Bearer \(keys[index % 2])\"", "write-out = \"%{http_code}\\n\"",
             "cacert = \"\(certificate)\"", "url = \"\(https)/v1/parties?limit=5\"", "output = \"/dev/null\""]
                .joined(separator: "\n")
        }
        try lines.joined(separator: "\nnext\n").write(toFile: config, atomically: true, encoding: .utf8)
        let served0 = requestLines(fronts[0])
        let load = try TestProcess.start("/usr/bin/curl", ["-s", "--parallel", "--parallel-max", "4", "-K", config])
        try waitUntil("the first front served part of the load") { self.requestLines(fronts[0]) >= served0 + 40 }
        kill(fronts[0].pid, SIGTERM)
        let stopped = fronts[0].wait()
        processes.removeAll { $0.pid == fronts[0].pid }
        XCTAssertEqual(stopped.status, 0, "a front stops cleanly on SIGTERM: \(stopped.stderr)")
        let loadResult = load.wait()
        let codes = loadResult.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(codes.count, requests, loadResult.description)
        XCTAssertEqual(codes.filter { $0 != "200" }, [], "no error while a front stops: nginx fails over")
        // With the first front gone, the second answers everything (the load may have ended while the first drained).
        let servedBySecondBefore = requestLines(fronts[1])
        for index in 0..<6 {
            let after = try curl(
                ["-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(keys[index % 2])",
                 "\(https)/v1/parties?limit=5"])
            XCTAssertEqual(after.stdout, "200")
        }
        try waitUntil("the second front logged the requests after the first stopped") {
            self.requestLines(fronts[1]) >= servedBySecondBefore + 6
        }

        // Two workers as recur-worker.service runs them; the EOD posts each month once.
        let workerPath = try TestProcess.executable(named: "recur-worker")
        let workers = try (0..<2).map { _ in
            try TestProcess.start(workerPath, ["run", "--interval", "1", "--concurrency", "2"], environment: environment)
        }
        processes += workers
        let expected = try monthsFromJanuaryThroughYesterday()
        try waitUntil("the workers post \(expected) invoices for each tenant", seconds: 120) {
            keys.allSatisfy { ((try? self.invoiceCount(https, key: $0, certificate: certificate)) ?? -1) >= expected }
        }
        Thread.sleep(forTimeInterval: 3)  // a few more passes of both workers: nothing more to post
        for key in keys { XCTAssertEqual(try invoiceCount(https, key: key, certificate: certificate), expected) }
        for worker in workers {
            kill(worker.pid, SIGTERM)
            let result = worker.wait()
            processes.removeAll { $0.pid == worker.pid }
            XCTAssertEqual(result.status, 0, result.description)
        }
    }

    // MARK: - Helpers

    private func curl(_ arguments: [String]) throws -> TestProcess.Result {
        let certificate = folder.appendingPathComponent("cert.pem").path
        return try TestProcess.run("/usr/bin/curl", ["-s", "--max-time", "20", "--cacert", certificate] + arguments)
    }

    private func jsonID(_ result: TestProcess.Result) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return try XCTUnwrap(object?["id"] as? String, result.description)
    }

    private func invoiceCount(_ https: String, key: String, certificate: String) throws -> Int {
        let result = try curl(["-H", "Authorization: Bearer \(key)", "\(https)/v1/invoices?limit=200"])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return try XCTUnwrap(object?["data"] as? [Any], result.description).count
    }

    /// First-of-month dates from 2026-01-01 through yesterday (UTC, the tenant's zone): what the EOD must post.
    private func monthsFromJanuaryThroughYesterday() throws -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try XCTUnwrap(TimeZone(identifier: "UTC"))
        let yesterday = try XCTUnwrap(calendar.date(byAdding: .day, value: -1, to: Date()))
        let parts = calendar.dateComponents([.year, .month], from: yesterday)
        let year = try XCTUnwrap(parts.year), month = try XCTUnwrap(parts.month)
        return year < 2026 ? 0 : (year - 2026) * 12 + month
    }

    /// Request log lines a front has printed (RECUR_LOG=json: one per request).
    private func requestLines(_ front: TestProcess.Running) -> Int {
        front.standardOutputSoFar().split(separator: "\n").count
    }

    private func waitForPort(_ process: TestProcess.Running) throws -> Int {
        var port: Int?
        try waitUntil("recur-server announces its port") {
            let text = process.standardErrorSoFar()
            guard let range = text.range(of: "listening on http://127.0.0.1:") else { return false }
            port = Int(text[range.upperBound...].prefix { $0.isNumber })
            return port != nil
        }
        return try XCTUnwrap(port)
    }

    private func waitUntil(_ what: String, seconds: Double = 30, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTFail("timed out after \(seconds) s waiting until \(what)")
        throw HTTPTestClient.Failure(description: "timed out: \(what)")
    }

    /// `deploy/nginx/recur.conf` with the test's ports, certificate and paths, inside a minimal main configuration.
    private func writeNginxConfiguration(fronts: [Int], https: Int, http: Int, certificate: String, key: String) throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var site = try String(
            contentsOf: repository.appendingPathComponent("deploy/nginx/recur.conf"), encoding: .utf8)
        let replacements: [(String, String)] = [
            ("server 127.0.0.1:8081 ", "server 127.0.0.1:\(fronts[0]) "),
            ("server 127.0.0.1:8082 ", "server 127.0.0.1:\(fronts[1]) "),
            ("    listen 80;\n", "    listen 127.0.0.1:\(http);\n"),
            ("    listen [::]:80;\n", ""),
            ("    listen 443 ssl;\n", "    listen 127.0.0.1:\(https) ssl;\n"),
            ("    listen [::]:443 ssl;\n", ""),
            ("/etc/ssl/certs/recur.example.com.pem", certificate),
            ("/etc/ssl/private/recur.example.com.key", key),
        ]
        for (old, new) in replacements {
            XCTAssertTrue(site.contains(old), "deploy/nginx/recur.conf no longer contains \(old)")
            site = site.replacingOccurrences(of: old, with: new)
        }
        let prefix = folder.path
        try site.write(to: folder.appendingPathComponent("recur.conf"), atomically: true, encoding: .utf8)
        let main = """
            daemon off;
            worker_processes 1;
            pid \(prefix)/nginx.pid;
            error_log \(prefix)/error.log warn;
            \(getuid() == 0 ? "user root;" : "")
            events { worker_connections 256; }
            http {
                access_log \(prefix)/access.log;
                client_body_temp_path \(prefix)/tmp/body;
                proxy_temp_path \(prefix)/tmp/proxy;
                fastcgi_temp_path \(prefix)/tmp/fastcgi;
                uwsgi_temp_path \(prefix)/tmp/uwsgi;
                scgi_temp_path \(prefix)/tmp/scgi;
                include \(prefix)/recur.conf;
            }
            """
        try main.write(to: folder.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
    }
}
