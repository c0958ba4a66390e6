import Foundation
import HTTPServer
import TestSupport
import XCTest

/// Issue 27: auto-reconcile's payments share journal entries (one per booking date and receivable account;
/// docs/banking.md, "Payments share an entry"). Each payment is still its own lines of that entry: unreconciling
/// one reverses only its lines (and takes its amount off the deposit's one bank line), owes only its invoice again, and the ledger and its reports stay balanced and tied.
extension BankingAPITests {
    func testUnreconcilingOnePaymentOfASharedEntryReversesOnlyItsLines() throws {
        let acme = try issuedInvoice(party: "Acme SARL", quantity: 3, price: "40.00")  // 120.00
        let bolt = try issuedInvoice(party: "Bolt GmbH", quantity: 1, price: "75.00")
        let cole = try issuedInvoice(party: "Cole Ltd", quantity: 2, price: "30.00")  // 60.00, booked a day later
        let account = try XCTUnwrap(
            try call("POST", "/v1/bank-accounts", #"{"name":"Main","iban":"DE89 3704 0044 0532 0130 00"}"#, expect: 201)["id"] as? String)
        func paying(_ invoice: (id: String, number: String, party: String), _ amount: String, _ date: String, _ reference: String, _ payer: String) -> String {
            BankStatementFiles.entry(amount, "CRDT", date: date, reference: reference, transactions: [
                BankStatementFiles.transaction(debtor: payer, unstructured: "Facture \(invoice.number)")
            ])
        }
        let file = BankStatementFiles.camt053([
            BankStatementFiles.statement(
                id: "S1", opening: "0.00", closing: "255.00",
                entries: [
                    paying(acme, "120.00", "2026-03-20", "A-1", "ACME SARL"), paying(bolt, "75.00", "2026-03-20", "B-1", "BOLT GMBH"),
                    paying(cole, "60.00", "2026-03-21", "C-1", "COLE LTD"),
                ])
        ])
        let uploaded = try client.request(
            "POST", "/v1/bank-accounts/\(account)/statements", headers: auth.merging(["Content-Type": "application/xml"]) { _, new in new },
            body: Array(file.utf8))
        XCTAssertEqual(uploaded.status, 201, uploaded.text)
        XCTAssertEqual(try call("POST", "/v1/bank-accounts/\(account)/auto-reconcile", expect: 200)["by_match"] as? Int, 3)

        let bank = try self.account(role: "bank")
        let receivable = try self.account(role: "accounts_receivable")
        let payments = try Dictionary(uniqueKeysWithValues: [acme, bolt, cole].map { invoice in
            (invoice.id, try XCTUnwrap((try call("GET", "/v1/payments?party_id=\(invoice.party)", expect: 200)["data"] as? [[String: Any]])?.first))
        })
        let entry = try XCTUnwrap(payments[acme.id]?["entry_id"] as? String)
        XCTAssertEqual(payments[bolt.id]?["entry_id"] as? String, entry, "one entry for the day's payments to one receivable")
        XCTAssertNotEqual(payments[cole.id]?["entry_id"] as? String, entry, "another day, another entry")
        // One bank line for the day's deposit (no party), then each payment's receivable credit with its party.
        XCTAssertEqual(try entryLines(entry), ["\(bank) Dr 195.00", "\(receivable) Cr 120.00", "\(receivable) Cr 75.00"].sorted())
        let shared = try call("GET", "/v1/journal-entries/\(entry)", expect: 200)
        XCTAssertEqual(shared["date"] as? String, "2026-03-20")
        let parties = (shared["lines"] as? [[String: Any]] ?? []).map { $0["party_id"] as? String ?? "-" }
        XCTAssertEqual(parties.first, "-")
        XCTAssertEqual(parties.dropFirst().sorted(), [acme.party, bolt.party].sorted())
        func ledgerBalance() throws -> String? {
            try call("GET", "/v1/bank-accounts/\(account)/register", expect: 200)["ledger_balance"] as? String
        }
        XCTAssertEqual(try ledgerBalance(), "255.00")

        // Unreconciling Acme's line reverses its credit and takes its 120.00 off the bank: Acme owes again, Bolt and
        // Cole stay paid.
        let line = try XCTUnwrap(
            (try call("GET", "/v1/bank-accounts/\(account)/lines", expect: 200)["data"] as? [[String: Any]])?
                .first { $0["bank_reference"] as? String == "A-1" }?["id"] as? String)
        try call("POST", "/v1/bank-lines/\(line)/unreconcile", #"{"date":"2026-03-25"}"#, expect: 200)
        let reversal = try XCTUnwrap(try call("GET", "/v1/payments/\(try XCTUnwrap(payments[acme.id]?["id"] as? String))", expect: 200)["reversal_entry_id"] as? String)
        XCTAssertEqual(try entryLines(reversal), ["\(bank) Cr 120.00", "\(receivable) Dr 120.00"].sorted())
        XCTAssertEqual(try call("GET", "/v1/journal-entries/\(reversal)", expect: 200)["date"] as? String, "2026-03-25")
        let statuses = try [acme, bolt, cole].map { try call("GET", "/v1/invoices/\($0.id)", expect: 200) }
        XCTAssertEqual(statuses.map { $0["status"] as? String }, ["issued", "paid", "paid"])
        XCTAssertEqual(statuses.map { $0["amount_paid"] as? String }, ["0.00", "75.00", "60.00"])
        XCTAssertEqual(try call("GET", "/v1/invoices/\(acme.id)", expect: 200)["outstanding"] as? String, "120.00")
        XCTAssertEqual(try ledgerBalance(), "135.00", "the bank's ledger balance less exactly Acme's payment")
        // The same payment cannot be reversed twice.
        try call("POST", "/v1/bank-lines/\(line)/unreconcile", #"{"date":"2026-03-26"}"#, expect: 409)

        // The reports: balanced, the bank holds what stays reconciled, the receivable and the ageing only Acme's invoice.
        let trial = try XCTUnwrap(try call("GET", "/v1/reports/trial-balance?as_of=2026-03-31", expect: 200)["data"] as? [[String: Any]])
        let accounts = trial.filter { $0["kind"] as? String == "account" }
        func total(_ key: String) -> Decimal { accounts.reduce(0) { $0 + (Decimal(string: $1[key] as? String ?? "") ?? 0) } }
        XCTAssertEqual(total("debit"), total("credit"))
        func balance(_ id: String) -> String? { accounts.first { $0["account_id"] as? String == id }?["balance"] as? String }
        XCTAssertEqual(balance(bank), "135.00")
        XCTAssertEqual(balance(receivable), "120.00")
        let ageing = try call("GET", "/v1/reports/ar-ageing?as_of=2026-03-31", expect: 200)
        XCTAssertEqual((ageing["total"] as? [String: Any])?["total"] as? String, "120.00")
        XCTAssertEqual((ageing["data"] as? [[String: Any]])?.compactMap { $0["party_id"] as? String }, [acme.party])

        // Auto-reconcile pays Acme's invoice again from its line, in a new entry.
        XCTAssertEqual(try call("POST", "/v1/bank-accounts/\(account)/auto-reconcile", expect: 200)["by_match"] as? Int, 1)
        XCTAssertEqual(try call("GET", "/v1/invoices/\(acme.id)", expect: 200)["status"] as? String, "paid")
        let ageingAfter = try call("GET", "/v1/reports/ar-ageing?as_of=2026-03-31", expect: 200)
        XCTAssertEqual((ageingAfter["total"] as? [String: Any])?["total"] as? String, "0.00")
    }
}

extension BankingAPITests {
    /// An issued invoice of one line without tax dated 2026-03-02: total = quantity × price.
    func issuedInvoice(party name: String, quantity: Int, price: String) throws -> (id: String, number: String, party: String) {
        let party = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"customer","name":"\#(name)"}"#, expect: 201)["id"] as? String)
        let draft = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","invoice_date":"2026-03-02","lines":[{"description":"Service","quantity":"\#(quantity)","unit_price":"\#(price)"}]}"#,
            expect: 201)
        let id = try XCTUnwrap(draft["id"] as? String)
        let issued = try call("POST", "/v1/invoices/\(id)/issue", expect: 200)
        return (id, try XCTUnwrap(issued["number"] as? String), party)
    }
}
