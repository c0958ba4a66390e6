import API
import Domain
import EOD
import Foundation
import HTTPServer
import Store
import TestSupport
import XCTest

/// Issue 21: enum values are snake_case on the wire, in and out, in the OpenAPI document and in the messages that
/// list them; the camelCase spelling of before is a 422 naming the field.
final class WireCaseAPITests: TenantAPITestCase {
    override class var tenantPrefix: String { "wire" }

    /// The problem's one error: its pointer and detail.
    private func refused(
        _ method: String, _ path: String, _ body: String? = nil, file: StaticString = #filePath, line: UInt = #line
    ) throws -> (pointer: String, detail: String) {
        let problem = try call(method, path, body, expect: 422, file: file, line: line)
        let errors = problem["errors"] as? [[String: Any]] ?? []
        XCTAssertEqual(errors.count, 1, "\(problem)", file: file, line: line)
        return (errors.first?["pointer"] as? String ?? "", errors.first?["detail"] as? String ?? "")
    }

    func testValuesAreSnakeCaseInAndOut() throws {
        let party = try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201)
        let partyID = try XCTUnwrap(party["id"] as? String)
        let draft = try call(
            "POST", "/v1/invoices", #"{"party_id":"\#(partyID)","lines":[{"description":"Audit","quantity":"1","unit_price":"100.00"}]}"#,
            expect: 201)
        let invoiceID = try XCTUnwrap(draft["id"] as? String)
        try call("POST", "/v1/invoices/\(invoiceID)/issue", expect: 200)

        let payment = try call(
            "POST", "/v1/payments",
            #"{"party_id":"\#(partyID)","amount":"40.00","method":"direct_debit","allocations":[{"invoice_id":"\#(invoiceID)","amount":"40.00"}]}"#,
            expect: 201)
        XCTAssertEqual(payment["method"] as? String, "direct_debit")
        let byDefault = try call(
            "POST", "/v1/payments",
            #"{"party_id":"\#(partyID)","amount":"10.00","allocations":[{"invoice_id":"\#(invoiceID)","amount":"10.00"}]}"#,
            expect: 201)
        XCTAssertEqual(byDefault["method"] as? String, "bank_transfer")
        XCTAssertEqual(try call("GET", "/v1/invoices/\(invoiceID)", expect: 200)["status"] as? String, "partially_paid")
        let open = try call("GET", "/v1/invoices?status=partially_paid", expect: 200)
        XCTAssertEqual((open["data"] as? [[String: Any]])?.map { $0["id"] as? String }, [invoiceID])

        let paymentID = try XCTUnwrap(byDefault["id"] as? String)
        try call("POST", "/v1/payments/\(paymentID)/reverse", expect: 200)
        let entries = try call("GET", "/v1/journal-entries", expect: 200)["data"] as? [[String: Any]] ?? []
        XCTAssertEqual(entries.first?["source_type"] as? String, "payment_reversal")

        let roles = (try call("GET", "/v1/accounts", expect: 200)["data"] as? [[String: Any]] ?? []).compactMap { $0["role"] as? String }
        XCTAssertEqual(
            Set(roles), ["accounts_receivable", "accounts_payable", "bank", "sales_income", "general_expense", "tax_payable"])

        try call("GET", "/v1/tasks?link_type=sales_order&link_id=\(UUID())", expect: 200)
        let setup = try call(
            "POST", "/v1/recurring-invoices",
            #"{"party_id":"\#(partyID)","mode":"amount","amount":"10.00","description":"Support","statement_reference":"{RIMonth}","schedule":{"kind":"fiscal_period_end","period":"half_year","start":"2026-01-01"}}"#,
            expect: 201)
        let schedule = try XCTUnwrap(setup["schedule"] as? [String: Any])
        XCTAssertEqual(schedule["kind"] as? String, "fiscal_period_end")
        XCTAssertEqual(schedule["period"] as? String, "half_year")
    }

    func testTheCamelCaseSpellingOfBeforeIs422NamingTheField() throws {
        let party = try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201)
        let partyID = try XCTUnwrap(party["id"] as? String)

        let status = try refused("GET", "/v1/invoices?status=partiallyPaid")
        XCTAssertEqual(status.pointer, "/status")
        XCTAssertEqual(status.detail, "must be one of draft, issued, partially_paid, paid, credited, void")

        let method = try refused(
            "POST", "/v1/payments",
            #"{"party_id":"\#(partyID)","amount":"1.00","method":"bankTransfer","allocations":[{"invoice_id":"\#(UUID())","amount":"1.00"}]}"#)
        XCTAssertEqual(method.pointer, "/method")
        XCTAssertEqual(method.detail, "must be one of bank_transfer, card, cash, check, direct_debit, other")

        let link = try refused("POST", "/v1/tasks", #"{"title":"Call","link":{"type":"salesOrder","id":"\#(UUID())"}}"#)
        XCTAssertEqual(link.pointer, "/link/type")
        XCTAssertEqual(link.detail, "must be one of party, invoice, sales_order, expense")
        XCTAssertEqual(try refused("GET", "/v1/tasks?link_type=salesOrder&link_id=\(UUID())").pointer, "/link_type")

        let kind = try refused(
            "POST", "/v1/recurring-invoices",
            #"{"party_id":"\#(partyID)","mode":"amount","amount":"10.00","description":"Support","statement_reference":"{RIMonth}","schedule":{"kind":"mixerpDuration","everyDays":45,"start":"2016-01-01"}}"#)
        XCTAssertEqual(kind.pointer, "/schedule/kind")
        XCTAssertTrue(kind.detail.contains(#""mixerp_duration""#), kind.detail)
        let period = try refused(
            "POST", "/v1/recurring-invoices",
            #"{"party_id":"\#(partyID)","mode":"amount","amount":"10.00","description":"Support","statement_reference":"{RIMonth}","schedule":{"kind":"fiscal_period_end","period":"halfYear","start":"2026-01-01"}}"#)
        XCTAssertEqual(period.pointer, "/schedule/period")
    }

    /// No enum or const in the document is camelCase (currency codes are capitals only).
    func testTheOpenAPIDocumentListsOnlySnakeCaseValues() throws {
        let document = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(try client.request("GET", "/openapi.json").body)) as? [String: Any])
        var values: [String] = []
        func collect(_ node: Any) {
            if let object = node as? [String: Any] {
                for (key, value) in object {
                    if key == "enum", let list = value as? [Any] { values += list.compactMap { $0 as? String } }
                    if key == "const", let text = value as? String { values.append(text) }
                    collect(value)
                }
            } else if let array = node as? [Any] {
                array.forEach(collect)
            }
        }
        collect(document)
        XCTAssertTrue(values.contains("partially_paid"))
        XCTAssertTrue(values.contains("mixerp_same_calendar_date"))
        let camel = values.filter { $0.range(of: "[a-z][A-Z]", options: .regularExpression) != nil }
        XCTAssertEqual(camel, [])
    }
}

/// Every enum on the wire (Domain's and the store's): each case reads back from its snake_case spelling only.
final class WireEnumTests: XCTestCase {
    private func check<T: WireEnum & Equatable>(_ type: T.Type, file: StaticString = #filePath, line: UInt = #line) {
        for value in T.allCases {
            XCTAssertEqual(T(wireValue: value.wireValue), value, "\(T.self).\(value)", file: file, line: line)
            XCTAssertNotNil(
                value.wireValue.range(of: "^[a-z][a-z0-9]*(_[a-z0-9]+)*$", options: .regularExpression),
                "\(T.self).\(value) is spelled \(value.wireValue)", file: file, line: line)
            if value.rawValue != value.wireValue {
                XCTAssertNil(T(wireValue: value.rawValue), "\(T.self) reads \(value.rawValue)", file: file, line: line)
            }
        }
    }

    func testEveryCaseReadsBackFromItsWireSpellingOnly() {
        check(InvoiceStatus.self)
        check(Weekday.self)
        check(FiscalPeriod.self)
        check(Schedule.Kind.self)
        check(BudgetScope.self)
        check(BudgetControlAction.self)
        check(BudgetLineKind.self)
        check(BudgetCheckPeriod.self)
        check(RecurringState.self)
        check(ExpenseStatus.self)
        check(PaymentMethod.self)
        check(PartyKind.self)
        check(SalesOrderStatus.self)
        check(ItemKind.self)
        check(AccountType.self)
        check(AccountRole.self)
        check(TenantStatus.self)
        check(TaskStatus.self)
        check(TaskLink.Kind.self)
        check(EODRun.Status.self)
        check(EODRun.RequestedBy.self)
        XCTAssertEqual(AccountRole.accountsReceivable.wireValue, "accounts_receivable")
        XCTAssertEqual(PaymentMethod.wireValues, ["bank_transfer", "card", "cash", "check", "direct_debit", "other"])
    }
}
