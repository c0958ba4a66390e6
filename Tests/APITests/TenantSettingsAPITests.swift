import API
import Foundation
import HTTPServer
import TestSupport
import XCTest

/// Issue 24, finding 8 (in part): a tenant changes its name, time zone, reminder offsets and the legal identity its
/// documents print with `PATCH /v1/tenant`; bad values are 422 naming the field with nothing stored; the currency
/// and fiscal-year start are fixed once anything is posted.
final class TenantSettingsAPITests: TenantAPITestCase {
    override class var tenantPrefix: String { "set" }

    private let legal = #"""
        {"legal_name":"Acme SAS","address":{"line1":"12 rue de la Paix","postal_code":"75002","city":"Paris","country":"FR"},
         "vat_id":"FR40303265045","registration_id":"303 265 045","iban":"FR76 3000 6000 0112 3456 7890 189","bic":"agrifrpp"}
        """#

    func testNameZoneRemindersAndLegalIdentityChangeTogether() throws {
        let before = try call("GET", "/v1/tenant", expect: 200)
        XCTAssertEqual((before["reminders"] as? [String: Any])?["overdue_days"] as? [Int], [1, 7, 14])
        XCTAssertEqual((before["legal"] as? [String: Any])?["iban"] as? NSNull, NSNull())

        let patched = try call(
            "PATCH", "/v1/tenant",
            #"{"name":"Acme SAS","time_zone":"Europe/Paris","reminders":{"overdue_days":[3,10]},"legal":\#(legal)}"#,
            expect: 200)
        XCTAssertEqual(patched["name"] as? String, "Acme SAS")
        XCTAssertEqual(patched["time_zone"] as? String, "Europe/Paris")
        let reminders = try XCTUnwrap(patched["reminders"] as? [String: Any])
        XCTAssertEqual(reminders["overdue_days"] as? [Int], [3, 10])
        XCTAssertEqual(reminders["task_due_days"] as? [Int], [1, 0], "untouched")
        let identity = try XCTUnwrap(patched["legal"] as? [String: Any])
        XCTAssertEqual(identity["iban"] as? String, "FR7630006000011234567890189")
        XCTAssertEqual(identity["bic"] as? String, "AGRIFRPP")
        XCTAssertEqual((identity["address"] as? [String: Any])?["city"] as? String, "Paris")
        let again = try call("GET", "/v1/tenant", expect: 200)
        XCTAssertEqual(again["name"] as? String, "Acme SAS")
        XCTAssertEqual((again["legal"] as? [String: Any])?["vat_id"] as? String, "FR40303265045")

        // The EOD reads the offsets the tenant set: +3 days, not +1.
        let party = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Globex"}"#, expect: 201)["id"] as? String)
        let draft = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","invoice_date":"2026-01-05","lines":[{"description":"Audit","quantity":"1","unit_price":"10.00"}]}"#,
            expect: 201)
        try call("POST", "/v1/invoices/\(try XCTUnwrap(draft["id"] as? String))/issue", expect: 200)
        _ = try client.runEOD(asOf: "2026-01-09", headers: auth)
        let offsets = try server.pool.withConnection {
            try $0.query(
                "SELECT (payload ->> 'reminder_offset_days')::int AS days FROM \(schema).notification_outbox WHERE kind = 'invoice_overdue'"
            ).map { try $0.decode(Int.self, "days") }
        }
        XCTAssertEqual(offsets, [3])
    }

    func testBadValuesAre422NamingTheFieldAndNothingIsStored() throws {
        let badLegal = legal.replacingOccurrences(of: "189", with: "188").replacingOccurrences(of: #""FR""#, with: #""fr""#)
        let problem = try call(
            "PATCH", "/v1/tenant",
            #"{"name":"Renamed","time_zone":"Mars/Olympus","reminders":{"overdue_days":[1,1]},"legal":\#(badLegal)}"#,
            expect: 422)
        XCTAssertEqual(
            Set(problemPointers(problem)),
            ["/time_zone", "/reminders/overdue_days", "/legal/iban", "/legal/address/country"])
        let after = try call("GET", "/v1/tenant", expect: 200)
        XCTAssertNotEqual(after["name"] as? String, "Renamed", "nothing stored")
        XCTAssertEqual((after["reminders"] as? [String: Any])?["overdue_days"] as? [Int], [1, 7, 14])
        try call("PATCH", "/v1/tenant", #"{"currency":"ABC"}"#, expect: 422)
        try call("PATCH", "/v1/tenant", #"{"colour":"red"}"#, expect: 422)
    }

    func testCurrencyAndFiscalYearAreFixedOnceAnythingIsPosted() throws {
        let changed = try call("PATCH", "/v1/tenant", #"{"currency":"USD","fiscal_year_start_month":4}"#, expect: 200)
        XCTAssertEqual(changed["currency"] as? String, "USD")
        XCTAssertEqual(changed["fiscal_year_start_month"] as? Int, 4)
        let party = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Globex"}"#, expect: 201)["id"] as? String)
        let draft = try call(
            "POST", "/v1/invoices", #"{"party_id":"\#(party)","lines":[{"description":"Audit","quantity":"1","unit_price":"10.00"}]}"#, expect: 201)
        try call("POST", "/v1/invoices/\(try XCTUnwrap(draft["id"] as? String))/issue", expect: 200)
        try call("PATCH", "/v1/tenant", #"{"currency":"EUR"}"#, expect: 409)
        try call("PATCH", "/v1/tenant", #"{"fiscal_year_start_month":1}"#, expect: 409)
        XCTAssertEqual(try call("PATCH", "/v1/tenant", #"{"currency":"USD","name":"Same currency"}"#, expect: 200)["name"] as? String, "Same currency")
    }
}
