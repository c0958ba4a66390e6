import API
import Foundation
import HTTPServer
import Postgres
import Store
import TestSupport
import XCTest

/// Issue 23, per-tenant relay: `PATCH /v1/tenant` `delivery.relay` sets the tenant's own SMTP relay; its password is
/// write-only and stored sealed with the platform key; bad values are 422 naming the field; without the key a
/// password is refused (409) and nothing is stored.
final class TenantRelayAPITests: XCTestCase, TenantAPICalls {
    private var server: APITestServer!
    var client: HTTPTestClient!
    var auth: [String: String] = [:]
    private var schema = ""
    private var tenantID: Int64 = 0
    private let secrets = try! SecretBox(key: [UInt8](repeating: 42, count: 32))

    private func start(withKey: Bool) throws {
        server = try APITestServer(secrets: withKey ? secrets : nil)
        let created = try server.makeTenant("relay")
        schema = created.tenant.context.quotedSchemaName
        tenantID = created.tenant.context.id
        auth = ["Authorization": "Bearer \(created.apiKey.key)"]
        client = try server.client()
    }

    override func tearDown() { server?.stop() }

    private let relay = #"{"url":"smtps://smtp.example.com:465","username":"acme","password":"hunter2 hunter2","tls":"optional"}"#

    private func storedDelivery() throws -> String {
        try server.pool.withConnection {
            try $0.query("SELECT value::text AS v FROM \(schema).tenant_settings WHERE key = 'delivery.settings'")
                .first?.decode(String.self, "v") ?? ""
        }
    }

    func testTheRelayIsShownWithoutItsPasswordWhichIsStoredSealed() throws {
        try start(withKey: true)
        let patched = try call("PATCH", "/v1/tenant", #"{"delivery":{"from_address":"billing@acme.test","relay":\#(relay)}}"#, expect: 200)
        let shown = try XCTUnwrap((patched["delivery"] as? [String: Any])?["relay"] as? [String: Any])
        XCTAssertEqual(shown["url"] as? String, "smtps://smtp.example.com:465")
        XCTAssertEqual(shown["username"] as? String, "acme")
        XCTAssertEqual(shown["password_set"] as? Bool, true)
        XCTAssertEqual(shown["tls"] as? String, "optional")
        XCTAssertNil(shown["password"])
        let got = try client.request("GET", "/v1/tenant", headers: auth)
        XCTAssertFalse(got.text.contains("hunter2"), got.text)
        XCTAssertTrue(got.text.contains(#""password_set":true"#), got.text)

        // At rest: sealed, opened only with the platform key for this tenant.
        let stored = try storedDelivery()
        XCTAssertFalse(stored.contains("hunter2"), stored)
        let sealed = try XCTUnwrap(try stored.firstMatch(of: /"sealed_password": ?"(v1:[^"]+)"/).map { String($0.1) })
        XCTAssertEqual(try secrets.open(sealed, for: TenantSettingsRepository.relayPasswordPurpose(tenantID)), "hunter2 hunter2")
    }

    func testChangingTheSenderKeepsTheRelayAndItsPasswordAndNullGoesBackToThePlatform() throws {
        try start(withKey: true)
        try call("PATCH", "/v1/tenant", #"{"delivery":{"relay":\#(relay)}}"#, expect: 200)
        let sealed = try storedDelivery().firstMatch(of: /"sealed_password": ?"(v1:[^"]+)"/).map { String($0.1) }
        XCTAssertNotNil(sealed)

        let renamed = try call("PATCH", "/v1/tenant", #"{"delivery":{"from_name":"Acme"}}"#, expect: 200)
        let kept = try XCTUnwrap((renamed["delivery"] as? [String: Any])?["relay"] as? [String: Any])
        XCTAssertEqual(kept["password_set"] as? Bool, true)

        // A new URL without a password keeps the stored one.
        let moved = try call(
            "PATCH", "/v1/tenant", #"{"delivery":{"relay":{"url":"smtp://mail.acme.test:587","username":"acme"}}}"#, expect: 200)
        let movedRelay = try XCTUnwrap((moved["delivery"] as? [String: Any])?["relay"] as? [String: Any])
        XCTAssertEqual(movedRelay["url"] as? String, "smtp://mail.acme.test:587")
        XCTAssertEqual(movedRelay["tls"] as? String, "required", "the default")
        XCTAssertEqual(movedRelay["password_set"] as? Bool, true)
        XCTAssertEqual(try storedDelivery().firstMatch(of: /"sealed_password": ?"(v1:[^"]+)"/).map { String($0.1) }, sealed)

        let removed = try call(
            "PATCH", "/v1/tenant", #"{"delivery":{"relay":{"url":"smtp://mail.acme.test:587","username":"acme","password":null}}}"#,
            expect: 200)
        XCTAssertEqual(((removed["delivery"] as? [String: Any])?["relay"] as? [String: Any])?["password_set"] as? Bool, false)

        let platform = try call("PATCH", "/v1/tenant", #"{"delivery":{"relay":null}}"#, expect: 200)
        XCTAssertTrue((platform["delivery"] as? [String: Any])?["relay"] is NSNull)
        XCTAssertFalse(try storedDelivery().contains("sealed_password"))
    }

    func testBadRelayValuesAre422NamingTheFieldAndNothingIsStored() throws {
        try start(withKey: true)
        for (url, why) in [
            ("http://smtp.example.com:25", "scheme"), ("smtp://smtp.example.com", "no port"), ("smtp://smtp.example.com:0", "port 0"),
            ("smtp://smtp.example.com:65536", "port too big"), ("smtp://smtp.example.com:587/x", "path"),
            ("smtp://smtp.example.com:587?a=b", "query"), ("smtp://:587", "no host"), ("smtp://user@smtp.example.com:587", "userinfo"),
            ("smtp://" + String(repeating: "a", count: 500) + ".test:587", "too long"),
        ] {
            let problem = try call("PATCH", "/v1/tenant", #"{"delivery":{"relay":{"url":"\#(url)"}}}"#, expect: 422)
            XCTAssertEqual(problemPointers(problem), ["/delivery/relay/url"], why)
        }
        let many = try call(
            "PATCH", "/v1/tenant",
            #"{"delivery":{"relay":{"url":"smtp://ok.test:587","username":"\#(String(repeating: "u", count: 201))","password":"\#(String(repeating: "p", count: 501))"}}}"#,
            expect: 422)
        XCTAssertEqual(problemPointers(many), ["/delivery/relay/password", "/delivery/relay/username"])
        let tls = try call("PATCH", "/v1/tenant", #"{"delivery":{"relay":{"url":"smtp://ok.test:587","tls":"sometimes"}}}"#, expect: 422)
        XCTAssertEqual(problemPointers(tls), ["/delivery/relay/tls"])
        let noUser = try call("PATCH", "/v1/tenant", #"{"delivery":{"relay":{"url":"smtp://ok.test:587","password":"x"}}}"#, expect: 422)
        XCTAssertEqual(problemPointers(noUser), ["/delivery/relay/username"])
        let noURL = try call("PATCH", "/v1/tenant", #"{"delivery":{"relay":{"username":"acme"}}}"#, expect: 422)
        XCTAssertEqual(problemPointers(noURL), ["/delivery/relay/url"])
        XCTAssertEqual(try storedDelivery(), "", "nothing stored")
    }

    func testAPasswordWithoutTheSecretsKeyIsRefusedSayingWhatTheOperatorMustSet() throws {
        try start(withKey: false)
        let problem = try call("PATCH", "/v1/tenant", #"{"delivery":{"relay":\#(relay)}}"#, expect: 409)
        XCTAssertTrue((problem["detail"] as? String)?.contains("RECUR_SECRETS_KEY") == true, "\(problem)")
        XCTAssertEqual(try storedDelivery(), "", "nothing stored")
        // Without a password the relay needs no key.
        let open = try call("PATCH", "/v1/tenant", #"{"delivery":{"relay":{"url":"smtp://relay.acme.test:25","tls":"optional"}}}"#, expect: 200)
        XCTAssertEqual(((open["delivery"] as? [String: Any])?["relay"] as? [String: Any])?["password_set"] as? Bool, false)
    }

    func testTheDocumentDescribesTheRelayAndNeverAPassword() throws {
        try start(withKey: true)
        let document = try client.request("GET", "/openapi.json")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(document.text.utf8)) as? [String: Any])
        let schemas = try XCTUnwrap((json["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let update = try XCTUnwrap((schemas["TenantRelayUpdate"] as? [String: Any])?["properties"] as? [String: Any])
        XCTAssertEqual((update["password"] as? [String: Any])?["writeOnly"] as? Bool, true)
        XCTAssertEqual((update["password"] as? [String: Any])?["maxLength"] as? Int, 500)
        XCTAssertEqual((update["username"] as? [String: Any])?["maxLength"] as? Int, 200)
        let pattern = try XCTUnwrap((update["url"] as? [String: Any])?["pattern"] as? String)
        let regex = try NSRegularExpression(pattern: pattern)
        func matches(_ text: String) -> Bool { regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil }
        XCTAssertTrue(matches("smtps://smtp.example.com:465"))
        XCTAssertTrue(matches("smtp://[::1]:587"))
        XCTAssertFalse(matches("smtp://smtp.example.com:65536"))
        XCTAssertFalse(matches("smtp://smtp.example.com:587/path"))
        let shown = try XCTUnwrap((schemas["TenantRelay"] as? [String: Any])?["properties"] as? [String: Any])
        XCTAssertNil(shown["password"])
        XCTAssertNotNil(shown["password_set"])
    }
}
