import Foundation
import Domain
import Postgres
import Store
import StoreTestSupport
import TestSupport
import XCTest

/// `recur-admin` as operators run it: the built binary, spawned with DATABASE_URL and a private control schema
/// (RECUR_CONTROL_SCHEMA), checked through stdout, stderr and exit codes.
final class AdminCLITests: XCTestCase {
    private var binary = ""
    private var control = ""
    private var environment: [String: String?] = [:]

    override func setUpWithError() throws {
        binary = try TestProcess.executable(named: "recur-admin")
        control = TestDatabase.uniqueName("ctl_cli")
        environment = ["DATABASE_URL": try TestDatabase.url(), "RECUR_CONTROL_SCHEMA": control]
        let migrate = try admin("migrate")
        XCTAssertEqual(migrate.status, 0, "\(migrate)")
    }

    override func tearDown() {
        guard let connection = try? TestDatabase.connect(), let quoted = try? quoteIdentifier(control) else { return }
        if let rows = try? connection.query("SELECT DISTINCT schema_name FROM \(quoted).tenants") {
            for row in rows {
                if let name = try? row.decode(String.self, "schema_name"), let schema = try? quoteIdentifier(name) {
                    _ = try? connection.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE")
                }
            }
        }
        _ = try? connection.execute("DROP SCHEMA IF EXISTS \(quoted) CASCADE")
    }

    private func admin(_ arguments: String..., environment extra: [String: String?] = [:]) throws -> TestProcess.Result {
        try TestProcess.run(binary, arguments, environment: environment.merging(extra) { $1 })
    }

    private func json(_ result: TestProcess.Result) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    /// Exactly one line on stderr, in the documented form.
    private func assertOneErrorLine(
        _ result: TestProcess.Result, _ status: Int32, containing text: String, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertEqual(result.status, status, "\(result)", file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("recur-admin: error: "), result.stderr, file: file, line: line)
        XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.contains(text), result.stderr, file: file, line: line)
    }

    func testTenantDeliverySettingsAreShownChangedAndCheckedLikeTheAPI() throws {
        let slug = uniqueSlug("cli")
        XCTAssertEqual(try admin("tenant", "create", slug, "--name", "Mail", "--time-zone", "Europe/Paris", "--currency", "EUR").status, 0)
        let changed = try admin(
            "tenant", "delivery", slug, "--from-address", "billing@initiative.test", "--from-name", "Initiative",
            "--alert-recipients", "cfo@initiative.test, ops@initiative.test", "--overdue-days", "3,10", "--json")
        XCTAssertEqual(changed.status, 0, "\(changed)")
        let view = try XCTUnwrap(try json(changed) as? [String: Any])
        XCTAssertEqual(view["from_address"] as? String, "billing@initiative.test")
        XCTAssertEqual(view["from_name"] as? String, "Initiative")
        XCTAssertEqual(view["alert_recipients"] as? [String], ["cfo@initiative.test", "ops@initiative.test"])
        XCTAssertEqual(view["overdue_days"] as? [Int], [3, 10])
        XCTAssertEqual(view["subscription_ending_days"] as? [Int], [30, 7, 1], "untouched")

        // Refused by the same rules as PATCH /v1/tenant, naming the field; nothing changes.
        assertOneErrorLine(try admin("tenant", "delivery", slug, "--reply-to", "not an address"), 2, containing: "replyTo")
        assertOneErrorLine(try admin("tenant", "delivery", slug, "--overdue-days", "1,x"), 2, containing: "--overdue-days")
        let shown = try admin("tenant", "delivery", slug)
        XCTAssertEqual(shown.status, 0, "\(shown)")
        XCTAssertTrue(shown.stdout.contains("billing@initiative.test"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("reply_to                  -"), shown.stdout)
        // Cleared with an empty value.
        let cleared = try XCTUnwrap(try json(try admin("tenant", "delivery", slug, "--from-name", "", "--json")) as? [String: Any])
        XCTAssertNil(cleared["from_name"] as? String, "\(cleared)")
        assertOneErrorLine(try admin("tenant", "delivery", "no-such-tenant"), 3, containing: "no-such-tenant")
    }

    func testTenantDeliverySetsTheTenantsRelayWithASealedPasswordAndClearsIt() throws {
        let slug = uniqueSlug("cli")
        XCTAssertEqual(try admin("tenant", "create", slug, "--name", "Relay", "--time-zone", "Europe/Paris", "--currency", "EUR").status, 0)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("recur-relay-\(UUID().uuidString)")
        try Data("relay secret\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let relay = ["tenant", "delivery", slug, "--relay-url", "smtps://smtp.example.com:465", "--relay-username", "acme",
                     "--relay-password-file", file.path, "--json"]

        // Without the platform key the password is refused, saying what to set; nothing changes.
        assertOneErrorLine(
            try TestProcess.run(binary, relay, environment: environment.merging(["RECUR_SECRETS_KEY": nil]) { $1 }), 1,
            containing: "RECUR_SECRETS_KEY")
        let key = Data(repeating: 5, count: 32).base64EncodedString()
        let set = try TestProcess.run(binary, relay, environment: environment.merging(["RECUR_SECRETS_KEY": key]) { $1 })
        XCTAssertEqual(set.status, 0, "\(set)")
        XCTAssertFalse(set.stdout.contains("relay secret"), set.stdout)
        let shown = try XCTUnwrap((try json(set) as? [String: Any])?["relay"] as? [String: Any])
        XCTAssertEqual(shown["url"] as? String, "smtps://smtp.example.com:465")
        XCTAssertEqual(shown["password_set"] as? Bool, true)

        // Another option keeps the rest; a bad URL is refused naming the field.
        let tls = try XCTUnwrap((try json(try admin("tenant", "delivery", slug, "--relay-tls", "optional", "--json")) as? [String: Any])?["relay"] as? [String: Any])
        XCTAssertEqual(tls["tls"] as? String, "optional")
        XCTAssertEqual(tls["password_set"] as? Bool, true)
        assertOneErrorLine(try admin("tenant", "delivery", slug, "--relay-url", "smtp://smtp.example.com"), 2, containing: "relay/url")

        let cleared = try XCTUnwrap(try json(try admin("tenant", "delivery", slug, "--clear-relay", "--json")) as? [String: Any])
        XCTAssertNil(cleared["relay"] as? [String: Any], "\(cleared)")
    }

    func testTenantUpdateChangesNameZoneAndLegalIdentityUnderTheAPIRules() throws {
        let slug = uniqueSlug("cli")
        XCTAssertEqual(try admin("tenant", "create", slug, "--name", "Old", "--time-zone", "Europe/Paris", "--currency", "EUR").status, 0)
        let changed = try admin(
            "tenant", "update", slug, "--name", "Initiative SARL", "--time-zone", "America/Montreal", "--fiscal-year-start", "4",
            "--legal-name", "Initiative SARL", "--vat-id", "FR40303265045", "--iban", "FR76 3000 6000 0112 3456 7890 189",
            "--address-line1", "12 rue de la Paix", "--postal-code", "75002", "--city", "Paris", "--country", "FR", "--json")
        XCTAssertEqual(changed.status, 0, "\(changed)")
        let view = try XCTUnwrap(try json(changed) as? [String: Any])
        XCTAssertEqual(view["display_name"] as? String, "Initiative SARL")
        XCTAssertEqual(view["time_zone"] as? String, "America/Montreal")
        XCTAssertEqual(view["fiscal_year_start_month"] as? Int, 4)
        let legal = try XCTUnwrap(view["legal"] as? [String: Any])
        XCTAssertEqual(legal["vat_id"] as? String, "FR40303265045")
        XCTAssertEqual(legal["iban"] as? String, "FR7630006000011234567890189", "stored without spaces")
        XCTAssertEqual((legal["address"] as? [String: Any])?["city"] as? String, "Paris")

        // One field changes, the others stay; an empty value clears.
        let cleared = try XCTUnwrap(try json(try admin("tenant", "update", slug, "--vat-id", "", "--json")) as? [String: Any])
        let kept = try XCTUnwrap(cleared["legal"] as? [String: Any])
        XCTAssertTrue(kept["vat_id"] is NSNull, "\(kept)")
        XCTAssertEqual(kept["legal_name"] as? String, "Initiative SARL")
        XCTAssertEqual(cleared["display_name"] as? String, "Initiative SARL")

        // Refused by the API's rules, naming the field; nothing changes.
        assertOneErrorLine(try admin("tenant", "update", slug, "--time-zone", "Mars/Olympus"), 2, containing: "timeZone")
        assertOneErrorLine(try admin("tenant", "update", slug, "--iban", "FR7630006000011234567890188"), 2, containing: "iban")
        assertOneErrorLine(try admin("tenant", "update", slug, "--fiscal-year-start", "13"), 2, containing: "fiscalYearStartMonth")
        assertOneErrorLine(try admin("tenant", "update", slug, "--address-line1", ""), 2, containing: "--city")
        let shown = try admin("tenant", "update", slug)
        XCTAssertEqual(shown.status, 0, "\(shown)")
        XCTAssertTrue(shown.stdout.contains("America/Montreal"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("12 rue de la Paix, 75002 Paris, FR"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("FR7630006000011234567890189"), shown.stdout)
        assertOneErrorLine(try admin("tenant", "update", "no-such-tenant", "--name", "X"), 3, containing: "no-such-tenant")
    }

    func testTenantLifecycleThroughTheBinary() throws {
        let slug = uniqueSlug("cli")
        let created = try admin("tenant", "create", slug, "--name", "CLI Test", "--time-zone", "Europe/Berlin", "--currency", "EUR")
        XCTAssertEqual(created.status, 0, "\(created)")
        XCTAssertTrue(created.stdout.contains("created tenant \(slug)"))
        XCTAssertNotNil(created.stdout.range(of: #"rk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}"#, options: .regularExpression))

        let listed = try XCTUnwrap(try json(try admin("tenant", "list", "--json")) as? [[String: Any]])
        let entry = try XCTUnwrap(listed.first { $0["slug"] as? String == slug })
        XCTAssertEqual(entry["status"] as? String, "active")
        XCTAssertEqual(entry["time_zone"] as? String, "Europe/Berlin")
        XCTAssertEqual(entry["currency"] as? String, "EUR")
        XCTAssertEqual(entry["fiscal_year_start_month"] as? Int, 1)
        XCTAssertEqual(entry["schema_name"] as? String, "tenant_" + slug.replacingOccurrences(of: "-", with: "_"))
        XCTAssertTrue(entry.keys.contains("deleted_at"))
        XCTAssertTrue(try admin("tenant", "list").stdout.contains(slug))

        XCTAssertEqual(try admin("tenant", "suspend", slug).status, 0)
        let shown = try XCTUnwrap(try json(try admin("tenant", "show", slug, "--json")) as? [String: Any])
        XCTAssertEqual(shown["status"] as? String, "suspended")
        XCTAssertEqual(try admin("tenant", "resume", slug).status, 0)
        XCTAssertTrue(try admin("tenant", "show", slug).stdout.contains("active"))

        assertOneErrorLine(try admin("tenant", "delete", slug), 2, containing: "--confirm")
        assertOneErrorLine(try admin("tenant", "delete", slug, "--confirm", "other"), 2, containing: "--confirm")
        XCTAssertEqual(try admin("tenant", "show", slug).status, 0, "still there")
        let deleted = try admin("tenant", "delete", slug, "--confirm", slug)
        XCTAssertEqual(deleted.status, 0, "\(deleted)")
        assertOneErrorLine(try admin("tenant", "show", slug), 3, containing: "no tenant")
        assertOneErrorLine(try admin("tenant", "delete", slug, "--confirm", slug), 3, containing: "no tenant")
        XCTAssertFalse(try admin("tenant", "list").stdout.contains(slug))
        XCTAssertTrue(try admin("tenant", "list", "--include-deleted").stdout.contains(slug))
    }

    func testCreateRefusesDuplicatesAndInvalidInput() throws {
        let slug = uniqueSlug("dup")
        XCTAssertEqual(try admin("tenant", "create", slug, "--name", "One").status, 0)
        assertOneErrorLine(try admin("tenant", "create", slug, "--name", "Two"), 1, containing: "already exists")
        let listed = try XCTUnwrap(try json(try admin("tenant", "list", "--json")) as? [[String: Any]])
        XCTAssertEqual(listed.filter { $0["slug"] as? String == slug }.count, 1)

        assertOneErrorLine(try admin("tenant", "create", "Bad_Slug", "--name", "x"), 2, containing: "invalid slug")
        assertOneErrorLine(try admin("tenant", "create", "admin", "--name", "x"), 2, containing: "reserved")
        assertOneErrorLine(
            try admin("tenant", "create", uniqueSlug("tz"), "--name", "x", "--time-zone", "Mars/Base"), 2,
            containing: "time zone")
        assertOneErrorLine(
            try admin("tenant", "create", uniqueSlug("cur"), "--name", "x", "--currency", "XYZ"), 2, containing: "currency")
        assertOneErrorLine(
            try admin("tenant", "create", uniqueSlug("fy"), "--name", "x", "--fiscal-year-start-month", "13"), 2,
            containing: "1…12")
        assertOneErrorLine(try admin("tenant", "create", uniqueSlug("nm")), 2, containing: "--name")
    }

    func testKeysThroughTheBinary() throws {
        let slug = uniqueSlug("key")
        XCTAssertEqual(try admin("tenant", "create", slug, "--name", "Keys").status, 0)
        let issued = try XCTUnwrap(try json(try admin("key", "create", slug, "--label", "ci", "--json")) as? [String: Any])
        let key = try XCTUnwrap(issued["key"] as? String)
        let prefix = try XCTUnwrap(issued["prefix"] as? String)
        XCTAssertEqual(issued["label"] as? String, "ci")

        let keys = try XCTUnwrap(try json(try admin("key", "list", slug, "--json")) as? [[String: Any]])
        XCTAssertEqual(keys.map { $0["label"] as? String }, ["default", "ci"])
        XCTAssertFalse(try admin("key", "list", slug, "--json").stdout.contains(key), "keys are never listed")

        let rotated = try XCTUnwrap(try json(try admin("key", "rotate", slug, prefix, "--json")) as? [String: Any])
        let newKey = try XCTUnwrap(rotated["key"] as? String)
        XCTAssertEqual(rotated["label"] as? String, "ci")

        let service = APIKeyService(pool: try TestDatabase.pool(maxConnections: 1), control: try ControlSchema(control))
        XCTAssertEqual(try service.verify(key), .invalid)
        XCTAssertEqual(try service.verify(newKey).tenant?.slug, slug)

        let newPrefix = try XCTUnwrap(rotated["prefix"] as? String)
        XCTAssertEqual(try admin("key", "revoke", slug, newPrefix).status, 0)
        XCTAssertEqual(try service.verify(newKey), .invalid)
        assertOneErrorLine(try admin("key", "revoke", slug, "00000000"), 3, containing: "no key")
        assertOneErrorLine(try admin("key", "revoke", slug, "xyz"), 2, containing: "prefix")
        assertOneErrorLine(try admin("key", "list", "no-such-tenant"), 3, containing: "no tenant")
    }

    /// Issue 26: `key create --role`; the role is listed, kept by rotation, owner by default; a wrong one is a usage
    /// error.
    func testKeyRolesThroughTheBinary() throws {
        let slug = uniqueSlug("role")
        XCTAssertEqual(try admin("tenant", "create", slug, "--name", "Roles").status, 0)
        let viewer = try XCTUnwrap(try json(try admin("key", "create", slug, "--label", "dashboard", "--role", "viewer", "--json")) as? [String: Any])
        XCTAssertEqual(viewer["role"] as? String, "viewer")
        let plain = try admin("key", "create", slug, "--label", "plain")
        XCTAssertEqual(plain.status, 0, "\(plain)")
        XCTAssertTrue(plain.stdout.contains("(plain, owner)"), plain.stdout)

        let keys = try XCTUnwrap(try json(try admin("key", "list", slug, "--json")) as? [[String: Any]])
        XCTAssertEqual(keys.map { $0["role"] as? String }, ["owner", "viewer", "owner"], "the tenant's first key is its owner")
        let table = try admin("key", "list", slug)
        XCTAssertTrue(table.stdout.contains("ROLE"), table.stdout)
        XCTAssertTrue(table.stdout.contains("viewer"), table.stdout)

        let prefix = try XCTUnwrap(viewer["prefix"] as? String)
        let rotated = try XCTUnwrap(try json(try admin("key", "rotate", slug, prefix, "--json")) as? [String: Any])
        XCTAssertEqual(rotated["role"] as? String, "viewer", "rotation keeps the role")
        let service = APIKeyService(pool: try TestDatabase.pool(maxConnections: 1), control: try ControlSchema(control))
        guard case .valid(let access) = try service.verify(try XCTUnwrap(rotated["key"] as? String)) else {
            return XCTFail("the rotated key works")
        }
        XCTAssertEqual(access.role, .viewer)

        assertOneErrorLine(try admin("key", "create", slug, "--role", "admin"), 2, containing: "role")
        XCTAssertEqual(try XCTUnwrap(try json(try admin("key", "list", slug, "--json")) as? [[String: Any]]).count, 4, "nothing created")
    }

    func testUserAddThroughTheBinaryGeneratesOrReadsAPasswordKeptAsArgon2id() throws {
        let slug = uniqueSlug("user")
        XCTAssertEqual(try admin("tenant", "create", slug, "--name", "People").status, 0)
        let added = try XCTUnwrap(
            try json(try admin("user", "add", slug, "Owner@Example.com", "--role", "owner", "--json")) as? [String: Any])
        XCTAssertEqual(added["role"] as? String, "owner")
        let generated = try XCTUnwrap(added["password"] as? String)
        XCTAssertEqual(generated.count, 20)

        // The password from stdin (through a shell pipe: the binary reads its first line).
        let piped = try TestProcess.run(
            "/bin/sh", ["-c", #"printf '%s\n' "$PW" | "$BIN" user add "$SLUG" viewer@example.com --role viewer --password-stdin"#],
            environment: environment.merging(["PW": "correct horse battery", "BIN": binary, "SLUG": slug]) { $1 })
        XCTAssertEqual(piped.status, 0, "\(piped)")
        XCTAssertTrue(piped.stdout.contains("viewer@example.com (viewer)"), piped.stdout)
        XCTAssertFalse(piped.stdout.contains("password"), "no password printed when one was given")

        let pool = try TestDatabase.pool(maxConnections: 2)
        defer { pool.close() }
        let controlSchema = try ControlSchema(control)
        let sessions = SessionService(pool: pool, control: controlSchema)
        guard case .success(let login) = try sessions.login(tenant: slug, email: "owner@EXAMPLE.com", password: generated) else {
            return XCTFail("the generated password logs in (e-mail in any case)")
        }
        XCTAssertEqual(login.access.actor.kind, .user)
        XCTAssertEqual(login.access.role, .owner)
        guard case .success(let viewer) = try sessions.login(tenant: slug, email: "viewer@example.com", password: "correct horse battery") else {
            return XCTFail("the password read from stdin logs in")
        }
        XCTAssertEqual(viewer.access.role, .viewer)
        let tenant = try TenantService(pool: pool, migrations: MigrationSet(directory: URL(fileURLWithPath: "."), control: [], tenant: []), control: controlSchema).context(slug: slug)
        let hashes = try TenantDatabase(pool: pool, control: controlSchema).transaction(tenant) {
            try $0.query("SELECT password_hash FROM users ORDER BY id").map { try $0.decode(String.self, "password_hash") }
        }
        XCTAssertEqual(hashes.count, 2)
        XCTAssertTrue(hashes.allSatisfy { $0.hasPrefix("$argon2id$") }, "\(hashes)")

        assertOneErrorLine(try admin("user", "add", slug, "OWNER@example.com", "--role", "owner"), 1, containing: "already exists")
        assertOneErrorLine(try admin("user", "add", slug, "not-an-address", "--role", "owner"), 2, containing: "e-mail")
        let short = try TestProcess.run(
            "/bin/sh", ["-c", #"echo short | "$BIN" user add "$SLUG" a@example.com --password-stdin"#],
            environment: environment.merging(["BIN": binary, "SLUG": slug]) { $1 })
        assertOneErrorLine(short, 2, containing: "at least 12")
    }

    func testUserResetTOTPTurnsItOffSoThePasswordAloneLogsIn() throws {
        let slug = uniqueSlug("totp")
        XCTAssertEqual(try admin("tenant", "create", slug, "--name", "People").status, 0)
        let added = try XCTUnwrap(try json(try admin("user", "add", slug, "ann@example.com", "--json")) as? [String: Any])
        let password = try XCTUnwrap(added["password"] as? String)
        let pool = try TestDatabase.pool(maxConnections: 2)
        defer { pool.close() }
        let controlSchema = try ControlSchema(control)
        let tenant = try TenantService(pool: pool, migrations: MigrationSet(directory: URL(fileURLWithPath: "."), control: [], tenant: []), control: controlSchema).context(slug: slug)
        let secrets = try SecretBox(key: Array(repeating: 3, count: 32))
        let database = TenantDatabase(pool: pool, control: controlSchema)
        let enrolment = try database.transaction(tenant) {
            try UserRepository($0, control: controlSchema).startTOTP(userID: Int64(try XCTUnwrap(added["id"] as? Int)), tenant: tenant, secrets: secrets)
        }
        let userID = Int64(try XCTUnwrap(added["id"] as? Int))
        _ = try database.transaction(tenant) {
            try UserRepository($0, control: controlSchema).confirmTOTP(
                userID: userID, code: TOTP.code(secret: enrolment.secret, step: TOTP.step(at: Date())), tenant: tenant, secrets: secrets)
        }
        let sessions = SessionService(pool: pool, control: controlSchema)
        guard case .failure(.secondFactor) = try sessions.login(tenant: slug, email: "ann@example.com", password: password, secrets: secrets) else {
            return XCTFail("TOTP is on: the password alone is refused")
        }
        let reset = try admin("user", "reset-totp", slug, "ANN@example.com")
        XCTAssertEqual(reset.status, 0, "\(reset)")
        XCTAssertTrue(reset.stdout.contains("TOTP turned off"), reset.stdout)
        guard case .success = try sessions.login(tenant: slug, email: "ann@example.com", password: password, secrets: secrets) else {
            return XCTFail("the password alone logs in again")
        }
        XCTAssertTrue(try admin("user", "reset-totp", slug, "ann@example.com").stdout.contains("was not on"))
        assertOneErrorLine(try admin("user", "reset-totp", slug, "nobody@example.com"), 2, containing: "no user")
    }

    func testMigrateDryRunAndNoOp() throws {
        XCTAssertEqual(try admin("tenant", "create", uniqueSlug("mig"), "--name", "M").status, 0)
        let dryRun = try admin("migrate", "--dry-run")
        XCTAssertEqual(dryRun.status, 0, "\(dryRun)")
        XCTAssertTrue(dryRun.stdout.contains("0 of 1 tenant(s) behind"), dryRun.stdout)
        let run = try admin("migrate")
        XCTAssertEqual(run.status, 0, "\(run)")
        XCTAssertTrue(run.stdout.contains("1 total, 0 migrated"), run.stdout)
        XCTAssertEqual(run.stderr, "", "no progress line when stderr is not a terminal")
    }

    func testAnUnreachableDatabaseIsOneLineAndExitCode4() throws {
        let result = try admin("tenant", "list", environment: ["DATABASE_URL": "postgresql://recur:recur@127.0.0.1:1/recur"])
        assertOneErrorLine(result, 4, containing: "cannot connect")
        XCTAssertFalse(result.stderr.contains("recur:recur"), "no password in messages")
        assertOneErrorLine(try admin("migrate", environment: ["DATABASE_URL": nil]), 2, containing: "DATABASE_URL")
    }

    func testSpareSchemasAreBuiltUsedByCreateAndDropped() throws {
        let filled = try admin("tenant", "spares", "--fill", "2")
        XCTAssertEqual(filled.status, 0, "\(filled)")
        XCTAssertEqual(filled.stdout, "built 2 spare schemas\n2 spare schemas ready\n")
        let slug = uniqueSlug("spare")
        let created = try admin("tenant", "create", slug, "--name", "Spare", "--time-zone", "Europe/Paris", "--currency", "EUR")
        XCTAssertEqual(created.status, 0, "\(created)")
        XCTAssertEqual(try admin("tenant", "spares").stdout, "1 spare schemas ready\n")
        let key = try XCTUnwrap(created.stdout.split(separator: "\n").first { $0.contains("rk_") })
        XCTAssertFalse(key.isEmpty)
        XCTAssertEqual(try admin("tenant", "show", slug).status, 0)
        XCTAssertEqual(try admin("tenant", "spares", "--drop-all").stdout, "dropped 1 spare schemas\n")
        XCTAssertEqual(try admin("tenant", "spares").stdout, "0 spare schemas ready\n")
        assertOneErrorLine(try admin("tenant", "spares", "--fill", "5000"), 2, containing: "--fill")
    }

    func testHelpEverywhere() throws {
        let root = try admin("--help")
        XCTAssertEqual(root.status, 0)
        XCTAssertTrue(root.stdout.contains("EXIT CODES"))
        for command in [["tenant"], ["tenant", "create"], ["tenant", "list"], ["tenant", "show"], ["tenant", "suspend"],
            ["tenant", "resume"], ["tenant", "delete"], ["tenant", "spares"], ["key"], ["key", "create"], ["key", "list"], ["key", "revoke"],
            ["key", "rotate"], ["migrate"], ["schedule"], ["cluster"], ["cluster", "add"], ["cluster", "list"],
            ["cluster", "drain"]]
        {
            let result = try TestProcess.run(binary, command + ["--help"], environment: environment)
            XCTAssertEqual(result.status, 0, "\(command)")
            XCTAssertTrue(result.stdout.contains("USAGE: recur-admin \(command.joined(separator: " "))"), "\(command): \(result.stdout)")
        }
        assertOneErrorLine(try admin("tenant", "frobnicate"), 2, containing: "frobnicate")
    }

    func testClusterCommandsRefuseWhatTheDirectoryCannotTake() throws {
        let listed = try XCTUnwrap(try json(try admin("cluster", "list", "--json")) as? [[String: Any]])
        XCTAssertEqual(listed.map { $0["name"] as? String }, ["default"], "migration 0010 records DATABASE_URL's cluster")
        XCTAssertEqual(listed.first?["connection_configured"] as? Bool, true)
        assertOneErrorLine(try admin("cluster", "add", "Bad-Name"), 2, containing: "lower-case letter")
        assertOneErrorLine(try admin("cluster", "add", "eu9"), 2, containing: "RECUR_CLUSTER_EU9_URL")
        assertOneErrorLine(
            try admin("cluster", "add", "eu9", environment: ["RECUR_CLUSTER_EU9_URL": "postgresql://recur:recur@127.0.0.1:1/recur"]),
            4, containing: "eu9")
        assertOneErrorLine(try admin("cluster", "drain", "nosuch"), 3, containing: "nosuch")
        let slug = uniqueSlug("cli")
        assertOneErrorLine(try admin("tenant", "create", slug, "--name", "X", "--cluster", "nosuch"), 3, containing: "nosuch")
        XCTAssertEqual(try admin("cluster", "drain", "default").status, 0)
        assertOneErrorLine(try admin("tenant", "create", slug, "--name", "X"), 1, containing: "every cluster is drained")
        XCTAssertEqual(try admin("cluster", "drain", "default", "--undo").status, 0)
        let created = try admin("tenant", "create", slug, "--name", "X")
        XCTAssertEqual(created.status, 0, "\(created)")
        XCTAssertTrue(created.stdout.contains("cluster default"), created.stdout)
        let missingFile = try admin("cluster", "list", environment: ["RECUR_CLUSTERS_FILE": "/nonexistent/clusters"])
        assertOneErrorLine(missingFile, 2, containing: "RECUR_CLUSTERS_FILE")
    }

    func testScheduleIsAThinWrapper() throws {
        let result = try admin("schedule", "--rule", #"{"kind":"monthly","start":"2026-01-31"}"#, "--limit", "2")
        XCTAssertEqual(result.status, 0, "\(result)")
        XCTAssertEqual(result.stdout.split(separator: "\n").count, 2)
        XCTAssertTrue(result.stdout.contains(#""dueDate":"2026-02-28""#))
        assertOneErrorLine(try admin("schedule", "--rule", "{}"), 2, containing: "invalid rule")
        assertOneErrorLine(try admin("schedule", "--rule", #"{"kind":"daily","start":"2026-01-01"}"#, "--from", "soon"), 2, containing: "--from")
    }
}
