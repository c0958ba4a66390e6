import Foundation
import HTTPServer
import TestSupport
import XCTest

/// Issue 24, finding 5: credit notes over HTTP — full, half, by lines, over-crediting, a paid invoice's customer
/// credit refunded or applied, and a gapless sequence under concurrent credits.
final class CreditNoteAPITests: TenantAPITestCase {

    /// A customer and an issued invoice: 2 × 50.00 at 20 % and 1 × 40.00 at 10 % → 100 + 20 + 40 + 4 = 164.00.
    private func issuedInvoice() throws -> (party: String, invoice: String) {
        let party = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"customer","name":"Acme"}"#, expect: 201)["id"] as? String)
        let draft = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","invoice_date":"2026-03-02","lines":[{"description":"Licence","quantity":"2","unit_price":"50.00","tax_rate":"20"},{"description":"Setup","quantity":"1","unit_price":"40.00","tax_rate":"10"}]}"#,
            expect: 201)
        let invoice = try XCTUnwrap(draft["id"] as? String)
        XCTAssertEqual(try call("POST", "/v1/invoices/\(invoice)/issue", expect: 200)["total"] as? String, "164.00")
        return (party, invoice)
    }



    func testCreditingHalfAnInvoiceReversesHalfOfEachLineAndHalvesTheOutstanding() throws {
        let (_, invoice) = try issuedInvoice()
        let note = try call(
            "POST", "/v1/invoices/\(invoice)/credit-notes", #"{"amount":"82.00","reason":"Half the order returned"}"#, expect: 201)
        XCTAssertEqual(note["number"] as? String, "CN-2026-000001")
        XCTAssertEqual(note["total"] as? String, "82.00")
        XCTAssertEqual(note["net_total"] as? String, "70.00")
        XCTAssertEqual(note["tax_total"] as? String, "12.00")
        XCTAssertEqual(note["customer_credit"] as? String, "0.00")
        let lines = try XCTUnwrap(note["lines"] as? [[String: Any]])
        XCTAssertEqual(lines.map { $0["net"] as? String }, ["50.00", "20.00"])
        XCTAssertEqual(lines.map { $0["tax"] as? String }, ["10.00", "2.00"])

        let income = try account(role: "sales_income"), tax = try account(role: "tax_payable")
        let receivable = try account(role: "accounts_receivable")
        XCTAssertEqual(
            try entryLines(try XCTUnwrap(note["entry_id"] as? String)),
            ["\(income) Dr 70.00", "\(receivable) Cr 82.00", "\(tax) Dr 12.00"].sorted())

        let after = try call("GET", "/v1/invoices/\(invoice)", expect: 200)
        XCTAssertEqual(after["credited"] as? String, "82.00")
        XCTAssertEqual(after["outstanding"] as? String, "82.00")
        XCTAssertEqual(after["status"] as? String, "issued")
        let listed = try call("GET", "/v1/credit-notes?invoice_id=\(invoice)", expect: 200)["data"] as? [Any]
        XCTAssertEqual(listed?.count, 1)
        XCTAssertEqual(try call("GET", "/v1/credit-notes/\(note["id"] as? String ?? "")", expect: 200)["total"] as? String, "82.00")
    }

    func testAFullCreditSettlesTheInvoiceAndItCannotBeVoidedOrCreditedAgain() throws {
        let (_, invoice) = try issuedInvoice()
        try call("POST", "/v1/invoices/\(invoice)/credit-notes", #"{"amount":"64.00"}"#, expect: 201)
        let rest = try call("POST", "/v1/invoices/\(invoice)/credit-notes", expect: 201)
        XCTAssertEqual(rest["total"] as? String, "100.00")
        XCTAssertEqual(rest["number"] as? String, "CN-2026-000002")
        let after = try call("GET", "/v1/invoices/\(invoice)", expect: 200)
        XCTAssertEqual(after["status"] as? String, "credited")
        XCTAssertEqual(after["credited"] as? String, "164.00")
        XCTAssertEqual(after["outstanding"] as? String, "0.00")
        XCTAssertEqual(problemPointers(try call("POST", "/v1/invoices/\(invoice)/credit-notes", #"{"amount":"0.01"}"#, expect: 422)), ["/amount"])
        try call("POST", "/v1/invoices/\(invoice)/void", expect: 409)
        let balances = try call("GET", "/v1/ledger/balances", expect: 200)["data"] as? [[String: Any]] ?? []
        XCTAssertEqual(Set(balances.compactMap { $0["net"] as? String }), ["0.00"], "everything reversed")
    }

    func testCreditingByLinesTakesQuantitiesAndAmountsOfTheNamedLines() throws {
        let (_, invoice) = try issuedInvoice()
        let note = try call(
            "POST", "/v1/invoices/\(invoice)/credit-notes",
            #"{"lines":[{"line_no":1,"quantity":"1"},{"line_no":2,"amount":"11.00"}]}"#, expect: 201)
        let lines = try XCTUnwrap(note["lines"] as? [[String: Any]])
        XCTAssertEqual(lines.map { $0["invoice_line_no"] as? Int }, [1, 2])
        XCTAssertEqual(lines.map { $0["net"] as? String }, ["50.00", "10.00"])
        XCTAssertEqual(lines.map { $0["tax"] as? String }, ["10.00", "1.00"])
        XCTAssertEqual(note["total"] as? String, "71.00")
        let refused = try call(
            "POST", "/v1/invoices/\(invoice)/credit-notes",
            #"{"lines":[{"line_no":1,"quantity":"1.5"},{"line_no":9,"quantity":"1"},{"line_no":2,"amount":"34.00"}]}"#, expect: 422)
        XCTAssertEqual(problemPointers(refused), ["/lines/0/quantity", "/lines/1/line_no", "/lines/2/amount"])
        XCTAssertEqual(try call("GET", "/v1/invoices/\(invoice)", expect: 200)["outstanding"] as? String, "93.00")
    }

    func testOverCreditingIsRefusedNamingTheField() throws {
        let (_, invoice) = try issuedInvoice()
        let refused = try call("POST", "/v1/invoices/\(invoice)/credit-notes", #"{"amount":"164.01"}"#, expect: 422)
        XCTAssertEqual(problemPointers(refused), ["/amount"])
        let detail = (refused["errors"] as? [[String: Any]])?.first?["detail"] as? String ?? ""
        XCTAssertTrue(detail.hasPrefix("exceeds what is left to credit of the invoice: 164"), detail)
        XCTAssertEqual(
            problemPointers(try call("POST", "/v1/invoices/\(invoice)/credit-notes", #"{"amount":"1.001"}"#, expect: 422)), ["/amount"])
        XCTAssertEqual(
            problemPointers(try call("POST", "/v1/invoices/\(invoice)/credit-notes", #"{"credit_date":"2026-03-01"}"#, expect: 422)),
            ["/credit_date"])
        XCTAssertEqual(try call("GET", "/v1/credit-note-numbering", expect: 200)["next_sequence_number"] as? Int, 1, "no number burnt")
    }

    func testCreditNotesAreNumberedInDateOrderAndNeverDatedInALockedPeriod() throws {
        let (_, invoice) = try issuedInvoice()
        let first = try call("POST", "/v1/invoices/\(invoice)/credit-notes", #"{"amount":"10.00","credit_date":"2026-03-20"}"#, expect: 201)
        XCTAssertEqual(first["credit_date"] as? String, "2026-03-20")
        // Before the last credit note's date: refused naming the earliest date; no number burnt.
        let early = try call("POST", "/v1/invoices/\(invoice)/credit-notes", #"{"amount":"10.00","credit_date":"2026-03-10"}"#, expect: 422)
        XCTAssertEqual(problemPointers(early), ["/credit_date"])
        let detail = (early["errors"] as? [[String: Any]])?.first?["detail"] as? String ?? ""
        XCTAssertEqual(detail, "is before 2026-03-20, the date of the last credit note number: the earliest allowed date is 2026-03-20")
        XCTAssertEqual(try call("GET", "/v1/credit-note-numbering", expect: 200)["next_sequence_number"] as? Int, 2)
        // The same day is fine.
        XCTAssertEqual(
            try call("POST", "/v1/invoices/\(invoice)/credit-notes", #"{"amount":"10.00","credit_date":"2026-03-20"}"#, expect: 201)["credit_date"]
                as? String, "2026-03-20")
        // A locked period: refused at the request's own field.
        XCTAssertEqual(try call("PATCH", "/v1/tenant", #"{"lock_date":"2026-03-31"}"#, expect: 200)["lock_date"] as? String, "2026-03-31")
        let locked = try call("POST", "/v1/invoices/\(invoice)/credit-notes", #"{"amount":"10.00","credit_date":"2026-03-25"}"#, expect: 422)
        XCTAssertEqual(problemPointers(locked), ["/credit_date"])
        let lockedDetail = (locked["errors"] as? [[String: Any]])?.first?["detail"] as? String ?? ""
        XCTAssertTrue(lockedDetail.hasPrefix("is on or before the lock date 2026-03-31"), lockedDetail)
        XCTAssertEqual(try call("GET", "/v1/credit-note-numbering", expect: 200)["next_sequence_number"] as? Int, 3, "no number burnt")
    }

    func testCreditOnAPaidInvoiceLeavesCustomerCreditThatIsRefundedOrApplied() throws {
        let (party, invoice) = try issuedInvoice()
        try call(
            "POST", "/v1/payments",
            #"{"party_id":"\#(party)","amount":"164.00","allocations":[{"invoice_id":"\#(invoice)","amount":"164.00"}]}"#, expect: 201)
        let note = try call("POST", "/v1/invoices/\(invoice)/credit-notes", #"{"amount":"82.00"}"#, expect: 201)
        XCTAssertEqual(note["customer_credit"] as? String, "82.00")
        XCTAssertEqual(try call("GET", "/v1/parties/\(party)", expect: 200)["credit_balance"] as? String, "82.00")
        let paid = try call("GET", "/v1/invoices/\(invoice)", expect: 200)
        XCTAssertEqual(paid["status"] as? String, "paid")
        XCTAssertEqual(paid["outstanding"] as? String, "0.00")

        // Refund 30.00 of it: a payment out, Dr receivable, Cr bank.
        let noteID = try XCTUnwrap(note["id"] as? String)
        XCTAssertEqual(
            problemPointers(try call("POST", "/v1/credit-notes/\(noteID)/refund", #"{"amount":"82.01"}"#, expect: 422)), ["/amount"])
        let refunded = try call("POST", "/v1/credit-notes/\(noteID)/refund", #"{"amount":"30.00","method":"bank_transfer"}"#, expect: 200)
        XCTAssertEqual(refunded["credit_left"] as? String, "52.00")
        let refund = try XCTUnwrap((refunded["uses"] as? [[String: Any]])?.first)
        let bank = try account(role: "bank"), receivable = try account(role: "accounts_receivable")
        XCTAssertEqual(try entryLines(try XCTUnwrap(refund["entry_id"] as? String)), ["\(bank) Cr 30.00", "\(receivable) Dr 30.00"].sorted())

        // Apply the remaining 52.00 to the next invoice of 120.00.
        let next = try XCTUnwrap(try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","lines":[{"description":"Renewal","quantity":"1","unit_price":"100.00","tax_rate":"20"}]}"#,
            expect: 201)["id"] as? String)
        try call("POST", "/v1/invoices/\(next)/issue", expect: 200)
        let applied = try call("POST", "/v1/invoices/\(next)/apply-credit", expect: 200)
        XCTAssertEqual(applied["credit_applied"] as? String, "52.00")
        XCTAssertEqual(applied["outstanding"] as? String, "68.00")
        XCTAssertEqual(try call("GET", "/v1/parties/\(party)", expect: 200)["credit_balance"] as? String, "0.00")
        try call("POST", "/v1/invoices/\(next)/apply-credit", expect: 409)
        try call("POST", "/v1/credit-notes/\(noteID)/refund", expect: 409)

        // The party's receivable: 164 + 120 − 164 − 82 + 30 + 0 (application moves it between documents) = 68.
        let balances = try call("GET", "/v1/ledger/balances", expect: 200)["data"] as? [[String: Any]] ?? []
        XCTAssertEqual(balances.first { $0["account_id"] as? String == receivable }?["net"] as? String, "68.00")
        try call(
            "POST", "/v1/payments",
            #"{"party_id":"\#(party)","amount":"68.00","allocations":[{"invoice_id":"\#(next)","amount":"68.00"}]}"#, expect: 201)
        XCTAssertEqual(try call("GET", "/v1/invoices/\(next)", expect: 200)["status"] as? String, "paid")
    }

    func testConcurrentCreditNotesKeepTheSequenceGapless() throws {
        let invoices = try (0..<4).map { _ in try issuedInvoice().invoice }
        let port = server.port, headers = auth
        let statuses = SharedList<Int>()
        // Twelve credits of 41.00 race over four invoices of 164.00: each takes exactly four; some collide on one.
        DispatchQueue.concurrentPerform(iterations: 20) { index in
            do {
                let own = try HTTPTestClient(port: port)
                let response = try own.json(
                    "POST", "/v1/invoices/\(invoices[index % 4])/credit-notes", #"{"amount":"41.00"}"#, headers: headers)
                statuses.append(response.status)
            } catch {
                statuses.append(-1)
            }
        }
        XCTAssertEqual(statuses.all.filter { $0 == 201 }.count, 16)
        XCTAssertEqual(statuses.all.filter { $0 == 422 }.count, 4)
        let notes = try call("GET", "/v1/credit-notes?limit=100", expect: 200)["data"] as? [[String: Any]] ?? []
        XCTAssertEqual(notes.compactMap { $0["sequence_number"] as? Int }.sorted(), Array(1...16))
        for invoice in invoices {
            XCTAssertEqual(try call("GET", "/v1/invoices/\(invoice)", expect: 200)["status"] as? String, "credited")
        }
    }
}
