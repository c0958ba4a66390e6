@testable import API
import Domain
import Foundation
import HTTPServer
import Postgres
import Store
import TestSupport
import XCTest

/// Issue 26, roles and the audit trail: every operation of the OpenAPI document refuses a role below its
/// requirement with 403 before any work (a viewer's empty POST is 403, not 422), lets the others through; every
/// successful write leaves one append-only audit event in its own transaction, with the actor, the operation, the
/// record and the body with its secrets redacted; refused, failed and rolled-back writes leave none.
final class RolesAndAuditAPITests: XCTestCase, TenantAPICalls {
    private var server: APITestServer!
    private var tenant: CreatedTenant!
    var client: HTTPTestClient!
    var auth: [String: String] = [:]
    private var keys: [Role: IssuedAPIKey] = [:]

    override func setUpWithError() throws {
        server = try APITestServer(secrets: try SecretBox(key: [UInt8](repeating: 7, count: 32)))
        tenant = try server.makeTenant("roles")
        auth = ["Authorization": "Bearer \(tenant.apiKey.key)"]
        client = try server.client()
        for role in Role.allCases {
            keys[role] = try server.environment.keys.create(slug: tenant.tenant.slug, label: "\(role.rawValue)-key", role: role)
        }
    }

    override func tearDown() { server?.stop() }

    private func header(_ role: Role) -> [String: String] {
        ["Authorization": "Bearer \(keys[role]!.key)"]
    }

    /// The audit events of the tenant, newest first, read with SQL (not through the API under test).
    private func auditRows(where condition: String = "true", _ parameters: [any PostgresEncodable] = []) throws -> [PostgresRow] {
        try server.environment.tenants.transaction(tenant.tenant.context) { connection in
            Array(try connection.query(
                "SELECT id, actor_type, actor_id, actor_label, role, action, method, path, resource_type, resource_id, status, request_id, changes::text AS changes FROM audit_events WHERE \(condition) ORDER BY occurred_at DESC, id DESC",
                parameters))
        }
    }

    // MARK: Roles

    /// The decisions, written out here by hand: which operations are the owner's, which writes a viewer may call,
    /// which reads a viewer may not. Every other GET is a viewer's, every other write an accountant's.
    private static let ownerOperations: Set<String> = [
        "updateTenant", "replaceDocumentTemplate", "updateInvoiceNumbering", "updateCreditNoteNumbering",
        "createWebhookEndpoint", "updateWebhookEndpoint", "deleteWebhookEndpoint", "rotateWebhookSecret",
        "redeliverWebhook", "replaceEmailTemplate", "resetEmailTemplate",
        "listUsers", "getUser", "createUser", "updateUser", "resendUserInvitation",
    ]
    private static let viewerWrites: Set<String> = [
        "previewRecurringInvoiceDraft", "previewEmailTemplate", "deleteCurrentSession", "revokeAllSessions",
        "startTOTPEnrolment", "confirmTOTPEnrolment", "disableTOTP",
    ]
    private static let accountantReads: Set<String> = ["listAuditEvents", "getAuditEvent"]

    func testTheRoleTableFollowsTheRuleAndItsListedExceptions() throws {
        for operation in RecurAPI.operations {
            let requirement = APIPermissions.requirement(of: operation)
            let name = "\(operation.method) \(operation.path) (\(operation.operationID))"
            guard operation.requiresAuth else {
                XCTAssertEqual(requirement, .anyone, name)
                continue
            }
            let isRead = operation.method == "GET"
            let expected: Role
            if Self.ownerOperations.contains(operation.operationID) {
                expected = .owner
            } else if Self.viewerWrites.contains(operation.operationID) {
                expected = .viewer
            } else if Self.accountantReads.contains(operation.operationID) {
                expected = .accountant
            } else {
                expected = isRead ? .viewer : .accountant
            }
            XCTAssertEqual(requirement, .role(expected), name)
        }
        // A route added later is covered by the rule without an edit.
        XCTAssertEqual(APIPermissions.ruleRole(method: "GET", path: "/v1/reports/profit-and-loss"), .viewer)
        XCTAssertEqual(APIPermissions.ruleRole(method: "POST", path: "/v1/reports/anything"), .accountant)
        XCTAssertEqual(APIPermissions.ruleRole(method: "PUT", path: "/v1/tenant/something-new"), .owner)
        XCTAssertEqual(APIPermissions.ruleRole(method: "POST", path: "/v1/tenants"), .accountant, "a prefix matches whole segments")
    }

    /// Every operation × every role: below the requirement → 403 problem+json at once (an empty body, which the
    /// handler would refuse with 422, never reaches it); at or above → anything but 401/403 and no server error.
    /// Allowed writes get random ids (404) or a malformed body (400), so nothing is changed.
    func testEveryOperationRefusesRolesBelowItsRequirementBeforeAnyWork() throws {
        var checked = 0
        for operation in RecurAPI.operations {
            let path = operation.path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                segment.hasPrefix(":") ? UUID().uuidString.lowercased() : String(segment)
            }.joined(separator: "/")
            let required: Role? = if case .role(let role) = APIPermissions.requirement(of: operation) { role } else { nil }
            for role in Role.allCases {
                let name = "\(role.rawValue): \(operation.method) \(path) (\(operation.operationID))"
                let isWrite = operation.method != "GET"
                if let required, !role.includes(required) {
                    let response = try client.request(
                        operation.method, path, headers: header(role), body: isWrite ? [] : nil)
                    XCTAssertEqual(response.status, 403, "\(name): \(response.text)")
                    XCTAssertEqual(response.json?["type"] as? String, "https://recur.dev/problems/forbidden-role", name)
                    XCTAssertTrue((response.json?["detail"] as? String ?? "").contains(operation.operationID), name)
                } else {
                    let response = isWrite
                        ? try client.json(operation.method, path, "{", headers: header(role))
                        : try client.request(operation.method, path, headers: header(role))
                    XCTAssertFalse([401, 403].contains(response.status), "\(name): \(response.status) \(response.text)")
                    XCTAssertLessThan(response.status, 500, "\(name): \(response.text)")
                }
                checked += 1
            }
        }
        XCTAssertEqual(checked, RecurAPI.operations.count * 3)
        XCTAssertTrue(try auditRows().isEmpty, "refused and failed calls leave no audit event")
    }

    func testAViewerKeyReadsButCannotWrite() throws {
        let viewer = header(.viewer)
        XCTAssertEqual(try client.request("GET", "/v1/parties", headers: viewer).status, 200)
        XCTAssertEqual(try client.request("GET", "/v1/tenant", headers: viewer).status, 200)
        let refused = try client.json("POST", "/v1/parties", #"{"kind":"customer","name":"Dupont SARL"}"#, headers: viewer)
        XCTAssertEqual(refused.status, 403, refused.text)
        XCTAssertEqual(refused.headers["content-type"], "application/problem+json")
        let parties = try client.request("GET", "/v1/parties", headers: viewer).json?["data"] as? [Any]
        XCTAssertEqual(parties?.count, 0, "nothing was created")
        XCTAssertEqual(try client.request("GET", "/v1/audit-events", headers: viewer).status, 403)
        // An accountant writes the books but not the settings.
        let accountant = header(.accountant)
        XCTAssertEqual(try client.json("POST", "/v1/parties", #"{"kind":"customer","name":"Dupont SARL"}"#, headers: accountant).status, 201)
        XCTAssertEqual(try client.json("PATCH", "/v1/tenant", #"{"name":"Renamed"}"#, headers: accountant).status, 403)
        XCTAssertEqual(try client.json("PATCH", "/v1/tenant", #"{"name":"Renamed"}"#, headers: header(.owner)).status, 200)
    }

    // MARK: Audit trail

    func testWritesAreAuditedWithActorActionResourceAndRedactedSecrets() throws {
        let accountant = try XCTUnwrap(keys[.accountant])
        let created = try client.json(
            "POST", "/v1/parties", #"{"kind":"customer","name":"Dupont SARL"}"#,
            headers: header(.accountant).merging(["X-Request-Id": "audit-create-1"]) { $1 })
        XCTAssertEqual(created.status, 201, created.text)
        let partyID = try XCTUnwrap(created.json?["id"] as? String)

        let rows = try auditRows()
        XCTAssertEqual(rows.count, 1)
        let row = try XCTUnwrap(rows.first)
        XCTAssertEqual(try row.decode(String.self, "actor_type"), "api_key")
        XCTAssertEqual(try row.decode(Int64.self, "actor_id"), accountant.info.id)
        XCTAssertEqual(try row.decode(String.self, "actor_label"), "rk_\(accountant.info.prefix) accountant-key")
        XCTAssertEqual(try row.decode(String.self, "role"), "accountant")
        XCTAssertEqual(try row.decode(String.self, "action"), "createParty")
        XCTAssertEqual(try row.decode(String.self, "method"), "POST")
        XCTAssertEqual(try row.decode(String.self, "resource_type"), "parties")
        XCTAssertEqual(try row.decode(String?.self, "resource_id"), partyID, "the id of what the 201 created")
        XCTAssertEqual(try row.decode(Int.self, "status"), 201)
        XCTAssertEqual(try row.decode(String.self, "request_id"), "audit-create-1")
        let changes = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try row.decode(String.self, "changes").utf8)) as? [String: Any])
        XCTAssertEqual(changes["name"] as? String, "Dupont SARL")

        // A path id names the record; the owner's relay password and a webhook's fields reach the trail redacted.
        _ = try client.json("POST", "/v1/parties/\(partyID)/archive", "{}", headers: header(.accountant))
        let password = "s3cret-relay-\(UUID().uuidString)"
        let relay = try client.json(
            "PATCH", "/v1/tenant",
            #"{"delivery":{"relay":{"url":"smtps://mail.example.com:465","username":"billing","password":"\#(password)","tls":"optional"}}}"#,
            headers: header(.owner))
        XCTAssertEqual(relay.status, 200, relay.text)
        let events = try auditRows()
        XCTAssertEqual(events.count, 3)
        let archive = try XCTUnwrap(events.first { (try? $0.decode(String.self, "action")) == "archiveParty" })
        XCTAssertEqual(try archive.decode(String?.self, "resource_id"), partyID)
        let everything = try events.map { try $0.decode(String?.self, "changes") ?? "" }.joined()
        XCTAssertFalse(everything.contains(password), "a password never reaches the trail")
        let event = try XCTUnwrap(events.first { (try? $0.decode(String.self, "action")) == "updateTenant" })
        XCTAssertEqual(try event.decode(String.self, "role"), "owner")
        XCTAssertEqual(try event.decode(String.self, "resource_type"), "tenant")
        XCTAssertNil(try event.decode(String?.self, "resource_id"))
        XCTAssertTrue(try event.decode(String.self, "changes").contains(#""password": "[redacted]""#))
        XCTAssertTrue(try event.decode(String.self, "changes").contains("billing"), "other fields are kept")
        // Reads are not audited.
        _ = try call("GET", "/v1/parties", expect: 200)
        XCTAssertEqual(try auditRows().count, events.count)
    }

    /// `POST /v1/eod-runs` writes control tables outside the tenant transaction: it is audited right after, with the
    /// run's id; the document states each operation's requirement.
    func testAnEODRunStartedThroughTheAPIIsAuditedAndRequirementsArePublished() throws {
        let run = try client.runEOD(asOf: CalendarDate.today(in: tenant.tenant.context.timeZone).description, headers: header(.accountant))
        let runID = try XCTUnwrap(run["id"] as? String)
        let events = try auditRows(where: "action = 'createEODRun'")
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(try events.first?.decode(String?.self, "resource_id"), runID)
        XCTAssertEqual(try events.first?.decode(String.self, "resource_type"), "eod-runs")
        XCTAssertEqual(try events.first?.decode(Int.self, "status"), 202)
        XCTAssertEqual(try events.first?.decode(String.self, "role"), "accountant")

        let document = try XCTUnwrap(try client.request("GET", "/openapi.json").json?["paths"] as? [String: Any])
        let tenantPath = try XCTUnwrap(document["/v1/tenant"] as? [String: Any])
        XCTAssertEqual((tenantPath["patch"] as? [String: Any])?["x-required-role"] as? String, "owner")
        XCTAssertEqual((tenantPath["get"] as? [String: Any])?["x-required-role"] as? String, "viewer")
        XCTAssertEqual(((document["/v1/invoices"] as? [String: Any])?["post"] as? [String: Any])?["x-required-role"] as? String, "accountant")
        XCTAssertNil(((document["/healthz"] as? [String: Any])?["get"] as? [String: Any])?["x-required-role"])
    }

    func testRedactionAndTheSizeCapAreApplied() throws {
        let redacted = try XCTUnwrap(AuditTrail.changes(Array(#"{"a":{"Password":"x","list":[{"secret":"y"}]},"smtp_password":null,"note":"ok"}"#.utf8)))
        let value = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(redacted.utf8)) as? [String: Any])
        let inner = try XCTUnwrap(value["a"] as? [String: Any])
        XCTAssertEqual(inner["Password"] as? String, "[redacted]")
        XCTAssertEqual((inner["list"] as? [[String: Any]])?.first?["secret"] as? String, "[redacted]")
        XCTAssertTrue(value["smtp_password"] is NSNull, "null says removed: no secret")
        XCTAssertEqual(value["note"] as? String, "ok")

        let big = #"{"notes":""# + String(repeating: "x", count: AuditTrail.maximumChangesBytes) + #"","name":"n"}"#
        let capped = try XCTUnwrap(AuditTrail.changes(Array(big.utf8)))
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(capped.utf8)) as? [String: Any])
        XCTAssertEqual(summary["truncated"] as? Bool, true)
        XCTAssertEqual(summary["bytes"] as? Int, big.utf8.count)
        XCTAssertEqual(summary["fields"] as? [String], ["notes", "name"])
        XCTAssertLessThan(capped.utf8.count, 200)
        XCTAssertNil(AuditTrail.changes([]))
        // What jsonb would refuse is made storable: an exponent beyond numeric's range, U+0000.
        let odd = try XCTUnwrap(AuditTrail.changes(Array(#"{"n":1e999999,"s":"a\u0000b","m":12.50}"#.utf8)))
        XCTAssertEqual(odd, #"{"n":"1e999999","s":"ab","m":12.50}"#)
        let stored = try server.environment.tenants.transaction(tenant.tenant.context) {
            try $0.query("SELECT ($1::text)::jsonb::text AS j", [odd]).first?.decode(String.self, "j")
        }
        XCTAssertEqual(stored, #"{"m": 12.50, "n": "1e999999", "s": "ab"}"#)
    }

    func testTheDatabaseRefusesToChangeOrRemoveAuditEvents() throws {
        _ = try call("POST", "/v1/parties", #"{"kind":"customer","name":"Kept"}"#, expect: 201)
        XCTAssertEqual(try auditRows().count, 1)
        for statement in ["UPDATE audit_events SET action = 'forged'", "DELETE FROM audit_events", "TRUNCATE audit_events"] {
            XCTAssertThrowsError(try server.environment.tenants.transaction(tenant.tenant.context) { try $0.execute(statement) }, statement) { error in
                XCTAssertEqual((error as? PostgresError)?.serverError?.constraint, "audit_events_append_only", "\(statement): \(error)")
            }
        }
        let row = try XCTUnwrap(try auditRows().first)
        XCTAssertEqual(try row.decode(String.self, "action"), "createParty")
    }

    func testFailedRefusedAndRolledBackWritesLeaveNoEvent() throws {
        // 422: the handler refused the body.
        let invalid = try client.json("POST", "/v1/parties", #"{"kind":"customer","name":""}"#, headers: auth)
        XCTAssertEqual(invalid.status, 422, invalid.text)
        // 404: nothing to act on.
        XCTAssertEqual(try client.json("POST", "/v1/invoices/\(UUID().uuidString.lowercased())/void", "{}", headers: auth).status, 404)
        // 403: refused by role.
        XCTAssertEqual(try client.json("POST", "/v1/parties", #"{"kind":"customer","name":"X"}"#, headers: header(.viewer)).status, 403)
        XCTAssertTrue(try auditRows().isEmpty)

        // A write whose handler succeeded but whose transaction cannot commit (a journal entry without lines fails
        // the ledger's deferred balance check at COMMIT): the write and its audit event vanish together.
        let handler = server.environment.tenantHandler { r in
            let id = try r.connection.query(
                "INSERT INTO journal_entries (entry_date, currency, source_type) VALUES (current_date, 'EUR', 'manual') RETURNING id")
                .first?.decode(UUID.self, "id")
            return Response.json(status: .created) { w in w.object { w in w.key("id"); w.string(id?.uuidString.lowercased() ?? "") } }
        }
        let request = Request(
            method: .post, path: "/v1/journal-entries", headers: HTTPHeaders([("Authorization", "Bearer \(tenant.apiKey.key)")]),
            body: Array("{}".utf8), requestID: "rolled-back-1")
        let status = (try? handler(request))?.status.code
        XCTAssertNotEqual(status, 201, "the commit failed")
        XCTAssertTrue(try auditRows(where: "request_id = $1", ["rolled-back-1"]).isEmpty)
        let entries = try server.environment.tenants.transaction(tenant.tenant.context) {
            try $0.query("SELECT count(*)::int AS n FROM journal_entries").first?.decode(Int.self, "n")
        }
        XCTAssertEqual(entries, 0)

        // The same hook with a commit that succeeds records the event (the rolled-back case is not vacuous).
        let good = server.environment.tenantHandler { _ in Response.json(status: .created) { w in w.object { w in w.key("id"); w.string("x-1") } } }
        let ok = Request(
            method: .post, path: "/v1/journal-entries", headers: HTTPHeaders([("Authorization", "Bearer \(tenant.apiKey.key)")]),
            body: Array(#"{"memo":"m"}"#.utf8), requestID: "committed-1")
        XCTAssertEqual(try good(ok).status.code, 201)
        let kept = try auditRows(where: "request_id = $1", ["committed-1"])
        XCTAssertEqual(kept.count, 1)
        XCTAssertEqual(try kept.first?.decode(String.self, "action"), "createJournalEntry")
        XCTAssertEqual(try kept.first?.decode(String?.self, "resource_id"), "x-1")

        // An idempotent replay changes nothing and records nothing more.
        let first = try client.json("POST", "/v1/parties", #"{"kind":"customer","name":"Once"}"#, headers: auth.merging(["Idempotency-Key": "k-1"]) { $1 })
        let again = try client.json("POST", "/v1/parties", #"{"kind":"customer","name":"Once"}"#, headers: auth.merging(["Idempotency-Key": "k-1"]) { $1 })
        XCTAssertEqual([first.status, again.status], [201, 201])
        XCTAssertEqual(try auditRows(where: "action = 'createParty'").count, 1)
    }

    func testAuditEventsAreListedWithFiltersAndPagesAndReadOneByOne() throws {
        var partyIDs: [String] = []
        for name in ["A", "B", "C"] {
            partyIDs.append(try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"customer","name":"\#(name)"}"#, expect: 201)["id"] as? String))
        }
        _ = try client.json("POST", "/v1/parties/\(partyIDs[0])/archive", "{}", headers: header(.accountant))
        let owner = tenant.apiKey.info

        let all = try call("GET", "/v1/audit-events", expect: 200)
        let data = try XCTUnwrap(all["data"] as? [[String: Any]])
        XCTAssertEqual(data.map { $0["action"] as? String }, ["archiveParty", "createParty", "createParty", "createParty"])
        XCTAssertTrue(all["next_cursor"] is NSNull)
        let actor = try XCTUnwrap(data.last?["actor"] as? [String: Any])
        XCTAssertEqual(actor["type"] as? String, "api_key")
        XCTAssertEqual((actor["id"] as? NSNumber)?.int64Value, owner.id)
        XCTAssertEqual(actor["role"] as? String, "owner")

        let byAction = try call("GET", "/v1/audit-events?action=archiveParty", expect: 200)["data"] as? [[String: Any]]
        XCTAssertEqual(byAction?.map { $0["resource_id"] as? String }, [partyIDs[0]])
        let byResource = try call("GET", "/v1/audit-events?resource_type=parties&resource_id=\(partyIDs[0])", expect: 200)["data"] as? [[String: Any]]
        XCTAssertEqual(byResource?.count, 2)
        let byActor = try call("GET", "/v1/audit-events?actor_type=api_key&actor_id=\(keys[.accountant]!.info.id)", expect: 200)["data"] as? [[String: Any]]
        XCTAssertEqual(byActor?.map { $0["action"] as? String }, ["archiveParty"])
        let today = CalendarDate.today(in: tenant.tenant.context.timeZone).description
        let tomorrow = CalendarDate.today(in: tenant.tenant.context.timeZone).adding(days: 1).description
        XCTAssertEqual((try call("GET", "/v1/audit-events?from=\(today)&to=\(today)", expect: 200)["data"] as? [Any])?.count, 4)
        XCTAssertEqual((try call("GET", "/v1/audit-events?from=\(tomorrow)", expect: 200)["data"] as? [Any])?.count, 0)
        XCTAssertEqual(
            (try call("GET", "/v1/audit-events?from=\(tomorrow)&to=\(today)", expect: 200)["data"] as? [Any])?.count, 0,
            "an empty range is empty, as in every other list")

        // Pages of one follow each other without gaps or repeats.
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try call("GET", "/v1/audit-events?limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""), expect: 200)
            seen += (page["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            cursor = page["next_cursor"] as? String
        } while cursor != nil
        XCTAssertEqual(seen, data.compactMap { $0["id"] as? String })

        let id = try XCTUnwrap(data.first?["id"] as? String)
        let one = try call("GET", "/v1/audit-events/\(id)", expect: 200)
        XCTAssertEqual(one["action"] as? String, "archiveParty")
        XCTAssertEqual(one["path"] as? String, "/v1/parties/\(partyIDs[0])/archive")
        _ = try call("GET", "/v1/audit-events/\(UUID().uuidString)", expect: 404)
        _ = try call("GET", "/v1/audit-events/not-an-id", expect: 404)

        for bad in ["actor_id=0", "actor_id=x", "actor_type=robot", "from=2026-13-01", "to=tomorrow", "limit=0", "cursor=bogus"] {
            let problem = try call("GET", "/v1/audit-events?\(bad)", expect: 422)
            XCTAssertFalse(problemPointers(problem).isEmpty, bad)
        }
        XCTAssertEqual(try client.request("GET", "/v1/audit-events/\(id)", headers: header(.viewer)).status, 403)
        XCTAssertEqual(try client.request("GET", "/v1/audit-events/\(id)", headers: header(.accountant)).status, 200)
    }
}
