import Foundation
import HTTPServer
import TestSupport
import XCTest

/// Issue 27: bank accounts, statement import (CAMT.053, OFX, CSV) all-or-nothing and idempotent, suggestions,
/// reconciliation to invoices or an account, and unreconciliation, over HTTP against the real database.
final class BankingAPITests: TenantAPITestCase {

    private func bankAccount(_ extra: String = "") throws -> String {
        try XCTUnwrap(
            try call("POST", "/v1/bank-accounts", #"{"name":"Main account","iban":"DE89 3704 0044 0532 0130 00","bic":"COBADEFFXXX"\#(extra)}"#, expect: 201)["id"] as? String)
    }

    @discardableResult
    private func upload(_ account: String, _ body: [UInt8], type: String, expect status: Int, file: StaticString = #filePath, line: UInt = #line)
        throws -> [String: Any]
    {
        let response = try client.request(
            "POST", "/v1/bank-accounts/\(account)/statements", headers: auth.merging(["Content-Type": type]) { _, new in new }, body: body)
        XCTAssertEqual(response.status, status, response.text, file: file, line: line)
        return response.json ?? [:]
    }

    private func lines(_ account: String, unreconciled: Bool = false) throws -> [[String: Any]] {
        try XCTUnwrap(try call("GET", "/v1/bank-accounts/\(account)/lines?limit=200\(unreconciled ? "&unreconciled=true" : "")", expect: 200)["data"] as? [[String: Any]])
    }

    func testBankAccountsAreValidatedAndKeepTheirCSVMapping() throws {
        let invalid = try call("POST", "/v1/bank-accounts", #"{"name":"X","iban":"DE89370400440532013001","bic":"NOPE"}"#, expect: 422)
        XCTAssertEqual(problemPointers(invalid), ["/bic", "/iban"])
        XCTAssertEqual(problemPointers(try call("POST", "/v1/bank-accounts", #"{"name":"X"}"#, expect: 422)), ["/iban"])
        let id = try bankAccount()
        let account = try call("GET", "/v1/bank-accounts/\(id)", expect: 200)
        XCTAssertEqual(account["iban"] as? String, "DE89370400440532013000")
        XCTAssertEqual(account["ledger_account_id"] as? String, try self.account(role: "bank"))
        XCTAssertEqual(account["currency"] as? String, "EUR")
        let taken = try call("POST", "/v1/bank-accounts", #"{"name":"Second","account_number":"12345"}"#, expect: 422)
        XCTAssertEqual(problemPointers(taken), ["/ledger_account_id"], "the system bank account is tied to the first")
        let badMapping = try call(
            "PUT", "/v1/bank-accounts/\(id)", #"{"name":"Main","iban":"DE89370400440532013000","csv_mapping":{"date_column":1,"date_format":"QQ"}}"#,
            expect: 422)
        XCTAssertEqual(problemPointers(badMapping), ["/csv_mapping/amount_column", "/csv_mapping/date_format"])
        let updated = try call(
            "PUT", "/v1/bank-accounts/\(id)",
            #"{"name":"Main","iban":"DE89370400440532013000","csv_mapping":{"date_column":1,"amount_column":3,"description_column":2}}"#, expect: 200)
        let mapping = try XCTUnwrap(updated["csv_mapping"] as? [String: Any])
        XCTAssertEqual(mapping["delimiter"] as? String, ";")
        XCTAssertEqual(mapping["amount_column"] as? Int, 3)
        XCTAssertEqual((try call("GET", "/v1/bank-accounts", expect: 200)["data"] as? [Any])?.count, 1)
    }

    func testCAMT053ImportsEveryStatementOnceAndAReimportAddsNothing() throws {
        let account = try bankAccount()
        let file = Array(BankStatementFiles.multiStatementCAMT().utf8)
        let first = try upload(account, file, type: "application/xml", expect: 201)
        XCTAssertEqual(first["statements"] as? Int, 2)
        XCTAssertEqual(first["lines_added"] as? Int, 5, "1 + a batch of 2 + a fee; a reversal; the pending entry left out")
        XCTAssertEqual(first["lines_skipped"] as? Int, 0)
        XCTAssertEqual(first["closing_balance"] as? String, "1411.50")
        let again = try upload(account, file, type: "application/xml", expect: 201)
        XCTAssertEqual(again["lines_added"] as? Int, 0)
        XCTAssertEqual(again["lines_skipped"] as? Int, 5)
        let listed = try lines(account)
        XCTAssertEqual(listed.count, 5)
        XCTAssertEqual(listed.map { $0["booking_date"] as? String }.first, "2026-03-20", "latest booking first")
        let reversal = try XCTUnwrap(listed.first { $0["is_reversal"] as? Bool == true })
        XCTAssertEqual(reversal["amount"] as? String, "-50.00")
        XCTAssertEqual(
            Set(listed.compactMap { $0["bank_reference"] as? String }), ["BANKREF-1", "BANKREF-2#1", "BANKREF-2#2", "BANKREF-3", "BANKREF-4"])
        // Σ of the lines = closing − opening, computed apart: 164 + 100 + 200 − 2.50 − 50 = 411.50.
        let sum = listed.compactMap { ($0["amount"] as? String).flatMap { Decimal(string: $0) } }.reduce(0, +)
        XCTAssertEqual(sum, Decimal(string: "411.50"))
    }

    /// A `multipart/form-data` body (RFC 7578) with a preamble, the parts given, and the close delimiter.
    private func form(_ parts: [(name: String, filename: String?, type: String?, body: [UInt8])], boundary: String = "recur-Bank 7MA4YWxk") -> [UInt8] {
        var out = Array("This is the preamble, ignored.\r\n".utf8)
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { head += "; filename=\"\(filename)\"" }
            head += "\r\n" + (part.type.map { "Content-Type: \($0)\r\n" } ?? "") + "\r\n"
            out += Array(head.utf8) + part.body + Array("\r\n".utf8)
        }
        return out + Array("--\(boundary)--\r\n".utf8)
    }

    func testAMultipartUploadImportsLikeARawBodyAndRefusesAnythingButOneFile() throws {
        let account = try bankAccount()
        let multipart = #"multipart/form-data; boundary="recur-Bank 7MA4YWxk""#
        let camt = Array(BankStatementFiles.multiStatementCAMT().utf8)
        let first = try upload(account, form([("file", "statement.xml", "application/xml", camt)]), type: multipart, expect: 201)
        XCTAssertEqual(first["format"] as? String, "camt053")
        XCTAssertEqual(first["lines_added"] as? Int, 5)
        let byName = try upload(account, form([("file", "march.OFX", nil, BankStatementFiles.ofx1)]), type: multipart, expect: 201)
        XCTAssertEqual(byName["format"] as? String, "ofx", "told by the file name")
        XCTAssertEqual(byName["lines_added"] as? Int, 2)
        let byContent = try upload(
            account, form([("file", nil, "application/octet-stream", Array(BankStatementFiles.ofx2.utf8))]), type: multipart, expect: 201)
        XCTAssertEqual(byContent["format"] as? String, "ofx", "told by the <?OFX header")
        XCTAssertEqual(byContent["lines_added"] as? Int, 2)
        XCTAssertEqual(try upload(account, form([("file", "again.xml", "text/xml", camt)]), type: multipart, expect: 201)["lines_skipped"] as? Int, 5)

        // Refused, nothing imported: no file part, another part, two files, a file of another type, a bad boundary.
        let missing = try upload(account, form([("note", nil, nil, Array("hello".utf8))]), type: multipart, expect: 422)
        XCTAssertEqual(Set(problemPointers(missing)), ["/file", "/note"])
        XCTAssertEqual(
            problemPointers(try upload(account, form([("file", "a.xml", nil, camt), ("file", "b.xml", nil, camt)]), type: multipart, expect: 422)),
            ["/file"])
        XCTAssertEqual(
            problemPointers(try upload(account, form([("file", "a.txt", "text/plain", camt)]), type: multipart, expect: 422)), ["/file"])
        try upload(account, form([("file", "a.xml", nil, camt)]), type: "multipart/form-data", expect: 400)
        try upload(account, form([("file", "a.xml", nil, camt)]), type: "multipart/form-data; boundary=other", expect: 400)
        let unclosed = Array(form([("file", "a.xml", nil, camt)]).dropLast(30))
        try upload(account, unclosed, type: multipart, expect: 400)
        let tooLong = "multipart/form-data; boundary=" + String(repeating: "b", count: 71)
        try upload(account, form([("file", "a.xml", nil, camt)], boundary: String(repeating: "b", count: 71)), type: tooLong, expect: 400)
        let malformedCAMT = try upload(
            account, form([("file", "bad.xml", "application/xml", Array(BankStatementFiles.billionLaughs.utf8))]), type: multipart, expect: 422)
        XCTAssertEqual(problemPointers(malformedCAMT), [""])
        XCTAssertEqual(try lines(account).count, 9)
    }

    func testAFileWhoseBalancesDisagreeOrThatIsMalformedImportsNothing() throws {
        let account = try bankAccount()
        let unbalanced = BankStatementFiles.multiStatementCAMT().replacingOccurrences(of: "1411.50", with: "1411.00")
        let problem = try upload(account, Array(unbalanced.utf8), type: "application/xml", expect: 422)
        XCTAssertTrue((problem["errors"] as? [[String: Any]])?.first?["detail"].map { "\($0)".contains("Stmt[2]/Bal") } == true, "\(problem)")
        XCTAssertEqual(try lines(account).count, 0, "the first statement, which balanced, is not imported either")
        let truncated = Array(BankStatementFiles.multiStatementCAMT().utf8.dropLast(40))
        let malformed = try upload(account, truncated, type: "application/xml", expect: 422)
        XCTAssertTrue("\(malformed)".contains("line "), "\(malformed)")
        try upload(account, Array("a,b".utf8), type: "text/csv", expect: 422)  // no saved mapping
        try upload(account, Array("{}".utf8), type: "application/json", expect: 415)
        try upload(account, [], type: "application/xml", expect: 422)
        XCTAssertEqual(try lines(account).count, 0)
    }

    func testAStatementOfAnotherAccountOrCurrencyIsRefused() throws {
        let account = try bankAccount()
        let otherIBAN = BankStatementFiles.camt053([
            BankStatementFiles.statement(
                id: "S", opening: "0", closing: "5.00", entries: [BankStatementFiles.entry("5.00", "CRDT", date: "2026-03-02", reference: "R1")],
                iban: BankStatementFiles.customerIBAN)
        ])
        let wrongAccount = try upload(account, Array(otherIBAN.utf8), type: "application/xml", expect: 422)
        XCTAssertTrue("\(wrongAccount)".contains("Stmt[1]/Acct"), "\(wrongAccount)")
        let dollars = BankStatementFiles.ofx2.replacingOccurrences(of: "<CURDEF>EUR</CURDEF>", with: "<CURDEF>USD</CURDEF>")
        let wrongCurrency = try upload(account, Array(dollars.utf8), type: "application/x-ofx", expect: 422)
        XCTAssertTrue("\(wrongCurrency)".contains("USD"), "\(wrongCurrency)")
        XCTAssertEqual(try lines(account).count, 0)
        try call("POST", "/v1/bank-accounts/\(account)/archive", expect: 200)
        try upload(account, Array(BankStatementFiles.ofx2.utf8), type: "application/x-ofx", expect: 409)
    }

    func testHostileXMLAndOversizedFilesAreRefusedWithoutHarm() throws {
        let account = try bankAccount()
        for file in [BankStatementFiles.billionLaughs, BankStatementFiles.externalEntity] {
            let started = Date()
            let problem = try upload(account, Array(file.utf8), type: "application/xml", expect: 422)
            XCTAssertTrue("\(problem)".contains("DOCTYPE"), "\(problem)")
            XCTAssertFalse("\(problem)".contains("root:"), "no file content leaks")
            XCTAssertLessThan(Date().timeIntervalSince(started), 2)
            try upload(account, Array(file.utf8), type: "application/x-ofx", expect: 422)
        }
        // Past the server's body limit (1 MiB by default): 413 before any parsing.
        // Only the head is sent: the server answers from the declared length, before reading a byte of the body.
        let fields = [("Authorization", auth["Authorization"] ?? ""), ("Content-Type", "application/xml"), ("Content-Length", "52428800")]
        let response = try client.request("POST", "/v1/bank-accounts/\(account)/statements", fields: fields)
        XCTAssertEqual(response.status, 413)
        client = try server.client()  // the server closes the connection after a 413
        XCTAssertEqual(try lines(account).count, 0)
        XCTAssertEqual(try call("GET", "/v1/bank-accounts/\(account)", expect: 200)["name"] as? String, "Main account")
    }

    func testOFX1And2AndAFrenchCSVImportIdempotently() throws {
        let account = try bankAccount(
            #","csv_mapping":{"delimiter":";","decimal_separator":",","date_format":"DD/MM/YYYY","header_rows":1,"date_column":1,"description_column":2,"debit_column":3,"credit_column":4,"reference_column":5}"#)
        XCTAssertEqual(try upload(account, BankStatementFiles.ofx1, type: "application/x-ofx", expect: 201)["lines_added"] as? Int, 2)
        XCTAssertEqual(try upload(account, Array(BankStatementFiles.ofx2.utf8), type: "application/x-ofx", expect: 201)["lines_added"] as? Int, 2)
        XCTAssertEqual(try upload(account, BankStatementFiles.ofx1, type: "application/x-ofx", expect: 201)["lines_skipped"] as? Int, 2)
        let csv = Array(BankStatementFiles.frenchCSV.utf8)
        let imported = try upload(account, csv, type: "text/csv; charset=utf-8", expect: 201)
        XCTAssertEqual(imported["lines_added"] as? Int, 4, "the two identical coffees are two lines")
        let again = try upload(account, csv, type: "text/csv", expect: 201)
        XCTAssertEqual(again["lines_added"] as? Int, 0)
        XCTAssertEqual(again["lines_skipped"] as? Int, 4)
        let listed = try lines(account)
        XCTAssertEqual(listed.count, 8)
        let amounts = Set(listed.compactMap { $0["amount"] as? String })
        XCTAssertTrue(amounts.isSuperset(of: ["1234.56", "-89.90", "-3.20", "164.00", "-4.20", "-12.50", "250.00"]), "\(amounts)")
        XCTAssertTrue(listed.contains { $0["description"] as? String == "CAFE / Café crème" })
        XCTAssertTrue(listed.contains { $0["description"] as? String == "Boulangerie & Co" })
    }

    func testSuggestionRanksTheReferencedInvoiceAndReconcilingPaysItUntilUnreconciled() throws {
        // Two invoices of the same total (3 × 40.00 = 120.00): only the reference tells them apart.
        let other = try issuedInvoice(party: "Beta GmbH", quantity: 3, price: "40.00")
        let paid = try issuedInvoice(party: "Acme SARL", quantity: 3, price: "40.00")
        let account = try bankAccount()
        let file = BankStatementFiles.camt053([
            BankStatementFiles.statement(
                id: "S1", opening: "0.00", closing: "117.50",
                entries: [
                    BankStatementFiles.entry("120.00", "CRDT", date: "2026-03-20", reference: "PAY-1", transactions: [
                        BankStatementFiles.transaction(debtor: "ACME", debtorIBAN: BankStatementFiles.customerIBAN, unstructured: "Facture \(paid.number)")
                    ]),
                    BankStatementFiles.entry("2.50", "DBIT", date: "2026-03-21", reference: "FEE-1", info: "Frais"),
                ])
        ])
        try upload(account, Array(file.utf8), type: "application/xml", expect: 201)
        let open = try lines(account, unreconciled: true)
        let credit = try XCTUnwrap(open.first { $0["amount"] as? String == "120.00" })
        let suggestions = try XCTUnwrap(credit["suggestions"] as? [[String: Any]])
        XCTAssertEqual(suggestions.first?["invoice_id"] as? String, paid.id)
        XCTAssertEqual(suggestions.first?["reasons"] as? [String], ["invoice_number", "exact_amount", "party_name", "date_near"])
        XCTAssertEqual(suggestions.dropFirst().first?["invoice_id"] as? String, other.id)
        let lineID = try XCTUnwrap(credit["id"] as? String)

        let tooMuch = try call(
            "POST", "/v1/bank-lines/\(lineID)/reconcile", #"{"allocations":[{"invoice_id":"\#(paid.id)","amount":"100.00"}]}"#, expect: 422)
        XCTAssertEqual(problemPointers(tooMuch), ["/allocations"])
        let reconciled = try call(
            "POST", "/v1/bank-lines/\(lineID)/reconcile", #"{"allocations":[{"invoice_id":"\#(paid.id)","amount":"120.00"}]}"#, expect: 200)
        XCTAssertEqual(reconciled["reconciled"] as? Bool, true)
        let paymentID = try XCTUnwrap(reconciled["payment_id"] as? String)
        let invoice = try call("GET", "/v1/invoices/\(paid.id)", expect: 200)
        XCTAssertEqual(invoice["status"] as? String, "paid")
        XCTAssertEqual(invoice["outstanding"] as? String, "0.00")
        let payment = try call("GET", "/v1/payments/\(paymentID)", expect: 200)
        XCTAssertEqual(payment["date"] as? String, "2026-03-20")
        XCTAssertEqual(payment["reference"] as? String, "PAY-1")
        try call("POST", "/v1/bank-lines/\(lineID)/reconcile", #"{"account_id":"\#(try self.account(role: "sales_income"))"}"#, expect: 409)
        XCTAssertEqual(try lines(account, unreconciled: true).count, 1)

        let undone = try call("POST", "/v1/bank-lines/\(lineID)/unreconcile", #"{"date":"2026-03-25"}"#, expect: 200)
        XCTAssertEqual(undone["reconciled"] as? Bool, false)
        XCTAssertEqual(undone["payment_id"] as? String, nil)
        let reopened = try call("GET", "/v1/invoices/\(paid.id)", expect: 200)
        XCTAssertEqual(reopened["status"] as? String, "issued")
        XCTAssertEqual(reopened["outstanding"] as? String, "120.00")
        XCTAssertNotNil(try call("GET", "/v1/payments/\(paymentID)", expect: 200)["reversal_entry_id"] as? String)
        try call("POST", "/v1/bank-lines/\(lineID)/unreconcile", expect: 409)
    }

    func testOneLinePaysTwoInvoicesPartlyAndAFeeGoesToAnAccount() throws {
        let first = try issuedInvoice(party: "Acme SARL", quantity: 2, price: "50.00")  // 100.00
        let party = first.party
        let draft = try call(
            "POST", "/v1/invoices",
            #"{"party_id":"\#(party)","invoice_date":"2026-03-03","lines":[{"description":"More","quantity":"1","unit_price":"80.00"}]}"#, expect: 201)
        let second = try XCTUnwrap(draft["id"] as? String)
        try call("POST", "/v1/invoices/\(second)/issue", expect: 200)
        let account = try bankAccount()
        let file = BankStatementFiles.camt053([
            BankStatementFiles.statement(
                id: "S1", opening: "0.00", closing: "147.50",
                entries: [
                    BankStatementFiles.entry("150.00", "CRDT", date: "2026-03-20", reference: "PAY-2"),
                    BankStatementFiles.entry("2.50", "DBIT", date: "2026-03-21", reference: "FEE-2", info: "Frais"),
                ])
        ])
        try upload(account, Array(file.utf8), type: "application/xml", expect: 201)
        let listed = try lines(account)
        let credit = try XCTUnwrap(listed.first { $0["amount"] as? String == "150.00" }?["id"] as? String)
        let fee = try XCTUnwrap(listed.first { $0["amount"] as? String == "-2.50" }?["id"] as? String)
        // 100.00 settles the first, 50.00 of the second's 80.00: 30.00 left.
        try call(
            "POST", "/v1/bank-lines/\(credit)/reconcile",
            #"{"allocations":[{"invoice_id":"\#(first.id)","amount":"100.00"},{"invoice_id":"\#(second)","amount":"50.00"}]}"#, expect: 200)
        XCTAssertEqual(try call("GET", "/v1/invoices/\(first.id)", expect: 200)["status"] as? String, "paid")
        let partly = try call("GET", "/v1/invoices/\(second)", expect: 200)
        XCTAssertEqual(partly["status"] as? String, "partially_paid")
        XCTAssertEqual(partly["outstanding"] as? String, "30.00")

        let expense = try self.account(role: "general_expense")
        let bank = try self.account(role: "bank")
        let reconciledFee = try call("POST", "/v1/bank-lines/\(fee)/reconcile", #"{"account_id":"\#(expense)","memo":"Bank fees"}"#, expect: 200)
        let entry = try XCTUnwrap(reconciledFee["entry_id"] as? String)
        XCTAssertEqual(try entryLines(entry), ["\(bank) Cr 2.50", "\(expense) Dr 2.50"].sorted())
        let moneyOut = try call(
            "POST", "/v1/bank-lines/\(fee)/unreconcile", expect: 200)
        XCTAssertEqual(moneyOut["entry_id"] as? String, nil)
        let invalid = try call("POST", "/v1/bank-lines/\(fee)/reconcile", #"{"allocations":[{"invoice_id":"\#(second)","amount":"2.50"}]}"#, expect: 422)
        XCTAssertEqual(problemPointers(invalid), ["/allocations"], "money out pays no customer invoice")
        XCTAssertEqual(problemPointers(try call("POST", "/v1/bank-lines/\(fee)/reconcile", "{}", expect: 422)), ["/allocations"])
        try call("POST", "/v1/bank-lines/\(UUID().uuidString)/reconcile", #"{"account_id":"\#(expense)"}"#, expect: 404)
    }

    func testMoneyOutPaysAnUnpaidExpenseUntilUnreconciled() throws {
        let vendor = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"vendor","name":"Energie SA"}"#, expect: 201)["id"] as? String)
        let category = try XCTUnwrap(try call("POST", "/v1/expense-categories", #"{"name":"Energy"}"#, expect: 201)["id"] as? String)
        let expense = try XCTUnwrap(
            try call(
                "POST", "/v1/expenses", #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"89.90","date":"2026-03-01"}"#,
                expect: 201)["id"] as? String)
        let account = try bankAccount(
            #","csv_mapping":{"delimiter":";","decimal_separator":",","date_column":1,"description_column":2,"debit_column":3,"credit_column":4,"reference_column":5}"#)
        try upload(account, Array(BankStatementFiles.frenchCSV.utf8), type: "text/csv", expect: 201)
        let listed = try lines(account)
        let edf = try XCTUnwrap(listed.first { $0["amount"] as? String == "-89.90" }?["id"] as? String)
        let coffee = try XCTUnwrap(listed.first { $0["amount"] as? String == "-3.20" }?["id"] as? String)
        XCTAssertEqual(
            problemPointers(try call("POST", "/v1/bank-lines/\(coffee)/reconcile", #"{"expense_id":"\#(expense)"}"#, expect: 422)), ["/expense_id"],
            "3.20 does not pay 89.90")
        let both = try call(
            "POST", "/v1/bank-lines/\(edf)/reconcile", #"{"expense_id":"\#(expense)","account_id":"\#(try self.account(role: "bank"))"}"#, expect: 422)
        XCTAssertEqual(problemPointers(both), ["/account_id"])
        let reconciled = try call("POST", "/v1/bank-lines/\(edf)/reconcile", #"{"expense_id":"\#(expense)"}"#, expect: 200)
        XCTAssertEqual(reconciled["expense_id"] as? String, expense)
        let paid = try call("GET", "/v1/expenses/\(expense)", expect: 200)
        XCTAssertEqual(paid["status"] as? String, "paid")
        XCTAssertEqual(paid["paid_on"] as? String, "2026-03-05", "the booking date")
        let bank = try self.account(role: "bank")
        XCTAssertEqual(try movements(bank), ["0.00", "89.90"])
        // Unreconciling undoes the payment in one transaction: its entry reversed, the expense unpaid again.
        let undone = try call("POST", "/v1/bank-lines/\(edf)/unreconcile", #"{"date":"2026-03-12"}"#, expect: 200)
        XCTAssertEqual(undone["reconciled"] as? Bool, false)
        XCTAssertTrue(undone["expense_id"] is NSNull)
        let unpaid = try call("GET", "/v1/expenses/\(expense)", expect: 200)
        XCTAssertEqual(unpaid["status"] as? String, "unpaid")
        XCTAssertTrue(unpaid["paid_on"] is NSNull)
        XCTAssertEqual(try movements(bank), ["89.90", "89.90"], "the payment and its reversal are in the ledger")
        XCTAssertEqual(try lines(account, unreconciled: true).count, 4)
        try call("POST", "/v1/bank-lines/\(edf)/unreconcile", expect: 409)
        // Paid again by the same line; a date in a locked period undoes nothing; then undone and reversed.
        try call("POST", "/v1/bank-lines/\(edf)/reconcile", #"{"expense_id":"\#(expense)"}"#, expect: 200)
        XCTAssertEqual(try call("GET", "/v1/expenses/\(expense)", expect: 200)["status"] as? String, "paid")
        try call("PATCH", "/v1/tenant", #"{"lock_date":"2026-03-10"}"#, expect: 200)
        XCTAssertEqual(
            problemPointers(try call("POST", "/v1/bank-lines/\(edf)/unreconcile", #"{"date":"2026-03-06"}"#, expect: 422)), ["/date"])
        XCTAssertEqual(try call("GET", "/v1/expenses/\(expense)", expect: 200)["status"] as? String, "paid")
        XCTAssertEqual(try lines(account, unreconciled: true).count, 3)
        try call("POST", "/v1/bank-lines/\(edf)/unreconcile", #"{"date":"2026-03-12"}"#, expect: 200)
        XCTAssertEqual(try call("POST", "/v1/expenses/\(expense)/reverse", #"{"reversed_on":"2026-03-13"}"#, expect: 200)["status"] as? String, "reversed")
        XCTAssertEqual(try movements(bank), ["179.80", "179.80"])
        try call("POST", "/v1/bank-lines/\(edf)/reconcile", #"{"expense_id":"\#(expense)"}"#, expect: 422)
    }

    /// The debit and credit totals of a ledger account in the trial balance at the end of 2026.
    private func movements(_ account: String) throws -> [String] {
        let rows = try XCTUnwrap(try call("GET", "/v1/reports/trial-balance?as_of=2026-12-31", expect: 200)["data"] as? [[String: Any]])
        guard let row = rows.first(where: { $0["kind"] as? String == "account" && $0["account_id"] as? String == account }) else { return [] }
        return [row["debit"] as? String ?? "?", row["credit"] as? String ?? "?"]
    }

    /// Auto-reconcile decides every line as the one-line path would, in booking order: a second payment of an invoice
    /// the first one paid and a line in a locked period are left for a person; the payment it writes is the one
    /// POST /v1/bank-lines/{id}/reconcile writes (dated the booking date, its reference, one allocation).
    /// The lines go in by `COPY` (docs/banking.md, "Import by COPY"): text with COPY's own characters (a tab, a
    /// backslash, `\N`, a quoted line break) comes back as the file had it, a line twice in the file is two lines, a
    /// line the account has is skipped, and a NUL character (which PostgreSQL's text cannot hold) imports nothing (422).
    func testTheImportKeepsTextAsWrittenAndSkipsTheLinesTheAccountHas() throws {
        let account = try bankAccount(
            #","csv_mapping":{"delimiter":";","decimal_separator":",","date_format":"DD/MM/YYYY","header_rows":1,"date_column":1,"description_column":2,"debit_column":3,"credit_column":4,"reference_column":5}"#)
        let header = "Date;Libellé;Débit;Crédit;Référence\n"
        let odd = "02/03/2026;\"VIR\tA \\N B\\ \"\"q\"\"\nsuite\";;10,00;R\\1\n"
        let coffee = "05/03/2026;CB CAFE;3,20;;\n"
        let imported = try upload(account, Array((header + odd + coffee + coffee).utf8), type: "text/csv", expect: 201)
        XCTAssertEqual(imported["lines_added"] as? Int, 3)
        let listed = try lines(account)
        let line = try XCTUnwrap(listed.first { $0["amount"] as? String == "10.00" })
        XCTAssertEqual(line["description"] as? String, "VIR\tA \\N B\\ \"q\"\nsuite")
        XCTAssertEqual(line["reference"] as? String, "R\\1")
        XCTAssertEqual(listed.filter { $0["description"] as? String == "CB CAFE" }.count, 2)
        let overlap = try upload(account, Array((header + odd + "06/03/2026;CB BOULANGERIE;1,10;;\n").utf8), type: "text/csv", expect: 201)
        XCTAssertEqual(overlap["lines_added"] as? Int, 1)
        XCTAssertEqual(overlap["lines_skipped"] as? Int, 1)
        let nul = try upload(account, Array((header + "07/03/2026;CB \u{0}X;2,00;;\n" + "08/03/2026;CB Y;2,00;;\n").utf8), type: "text/csv", expect: 422)
        XCTAssertTrue("\(nul)".contains("statement line 1") && "\(nul)".contains("NUL"), "\(nul)")
        let second = try upload(account, Array((header + "08/03/2026;CB Y;2,00;;\n" + "09/03/2026;CB Z;2,00;;R\u{0}1\n").utf8), type: "text/csv", expect: 422)
        XCTAssertTrue("\(second)".contains("statement line 2"), "\(second)")
        XCTAssertEqual(try lines(account).count, 4, "nothing of the refused file")
    }

    func testAutoReconcileSettlesAnInvoiceOnceAndLeavesLockedLines() throws {
        let acme = try issuedInvoice(party: "Acme SARL", quantity: 3, price: "40.00")  // 120.00
        let account = try bankAccount()
        try call("POST", "/v1/bank-rules", #"{"description_contains":"FRAIS","account_id":"\#(try self.account(role: "general_expense"))"}"#, expect: 201)
        let file = BankStatementFiles.camt053([
            BankStatementFiles.statement(
                id: "S1", opening: "0.00", closing: "237.50",
                entries: [
                    BankStatementFiles.entry("2.50", "DBIT", date: "2026-03-05", reference: "F-1", info: "Frais de tenue de compte"),
                    BankStatementFiles.entry("120.00", "CRDT", date: "2026-03-20", reference: "A-1", transactions: [
                        BankStatementFiles.transaction(debtor: "ACME SARL", unstructured: "Facture \(acme.number)")
                    ]),
                    BankStatementFiles.entry("120.00", "CRDT", date: "2026-03-21", reference: "A-2", transactions: [
                        BankStatementFiles.transaction(debtor: "ACME SARL", unstructured: "Facture \(acme.number) (again)")
                    ]),
                ])
        ])
        try upload(account, Array(file.utf8), type: "application/xml", expect: 201)
        try call("PATCH", "/v1/tenant", #"{"lock_date":"2026-03-10"}"#, expect: 200)
        let result = try call("POST", "/v1/bank-accounts/\(account)/auto-reconcile", expect: 200)
        XCTAssertEqual(result["by_match"] as? Int, 1)
        XCTAssertEqual(result["by_rule"] as? Int, 0, "the fee is booked in the locked period")
        XCTAssertEqual(result["remaining"] as? Int, 2)
        let invoice = try call("GET", "/v1/invoices/\(acme.id)", expect: 200)
        XCTAssertEqual(invoice["status"] as? String, "paid")
        XCTAssertEqual(invoice["amount_paid"] as? String, "120.00")
        let left = try lines(account, unreconciled: true)
        XCTAssertEqual(Set(left.compactMap { $0["bank_reference"] as? String }), ["F-1", "A-2"])
        let matched = try XCTUnwrap(try lines(account).first { $0["bank_reference"] as? String == "A-1" })
        let paymentID = try XCTUnwrap(matched["payment_id"] as? String)
        let payments = try XCTUnwrap(try call("GET", "/v1/payments?party_id=\(acme.party)", expect: 200)["data"] as? [[String: Any]])
        let payment = try XCTUnwrap(payments.first)
        XCTAssertEqual(payments.count, 1)
        XCTAssertEqual(payment["id"] as? String, paymentID)
        XCTAssertEqual(payment["date"] as? String ?? payment["payment_date"] as? String, "2026-03-20")
        XCTAssertEqual(payment["amount"] as? String, "120.00")
        XCTAssertEqual(payment["reference"] as? String, "A-1", "the bank's reference (the line has no other)")
        XCTAssertEqual((payment["allocations"] as? [[String: Any]])?.first?["invoice_id"] as? String, acme.id)
        // The set-based payment is an ordinary one: unreconciling reverses it and the invoice is owed again.
        try call("POST", "/v1/bank-lines/\(try XCTUnwrap(matched["id"] as? String))/unreconcile", #"{"date":"2026-03-25"}"#, expect: 200)
        XCTAssertEqual(try call("GET", "/v1/invoices/\(acme.id)", expect: 200)["status"] as? String, "issued")
        let again = try call("POST", "/v1/bank-accounts/\(account)/auto-reconcile", expect: 200)
        XCTAssertEqual(again["by_match"] as? Int, 1, "now the earliest open line pays it")
        XCTAssertEqual(Set(try lines(account, unreconciled: true).compactMap { $0["bank_reference"] as? String }), ["F-1", "A-2"])
    }

    func testARulesPartyIsNamedOnTheEntriesItPosts() throws {
        let bankVendor = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"vendor","name":"Banque Populaire"}"#, expect: 201)["id"] as? String)
        let expense = try self.account(role: "general_expense")
        let unknown = try call(
            "POST", "/v1/bank-rules", #"{"description_contains":"FRAIS","account_id":"\#(expense)","party_id":"\#(UUID().uuidString)"}"#, expect: 422)
        XCTAssertEqual(problemPointers(unknown), ["/party_id"])
        let rule = try call(
            "POST", "/v1/bank-rules", #"{"description_contains":"FRAIS","account_id":"\#(expense)","party_id":"\#(bankVendor)"}"#, expect: 201)
        XCTAssertEqual(rule["party_id"] as? String, bankVendor)
        let account = try bankAccount()
        let file = BankStatementFiles.camt053([
            BankStatementFiles.statement(
                id: "S1", opening: "10.00", closing: "7.50",
                entries: [BankStatementFiles.entry("2.50", "DBIT", date: "2026-03-21", reference: "F-1", info: "Frais de tenue de compte")])
        ])
        try upload(account, Array(file.utf8), type: "application/xml", expect: 201)
        XCTAssertEqual(try call("POST", "/v1/bank-accounts/\(account)/auto-reconcile", expect: 200)["by_rule"] as? Int, 1)
        let entryID = try XCTUnwrap(try lines(account).first?["entry_id"] as? String)
        let entry = try call("GET", "/v1/journal-entries/\(entryID)", expect: 200)
        let entryLines = try XCTUnwrap(entry["lines"] as? [[String: Any]])
        XCTAssertEqual(entryLines.count, 2)
        XCTAssertEqual(Set(entryLines.compactMap { $0["party_id"] as? String }), [bankVendor])
        XCTAssertEqual(Set(entryLines.compactMap { $0["account_id"] as? String }), [expense, try self.account(role: "bank")])
    }

    func testSeveralLinesPayOneInvoiceInOneCallOrNothing() throws {
        let acme = try issuedInvoice(party: "Acme SARL", quantity: 3, price: "100.00")  // 300.00
        let account = try bankAccount()
        let file = BankStatementFiles.camt053([
            BankStatementFiles.statement(
                id: "S1", opening: "0.00", closing: "347.50",
                entries: [
                    BankStatementFiles.entry("100.00", "CRDT", date: "2026-03-20", reference: "P-1"),
                    BankStatementFiles.entry("200.00", "CRDT", date: "2026-03-25", reference: "P-2"),
                    BankStatementFiles.entry("50.00", "CRDT", date: "2026-03-26", reference: "P-3"),
                    BankStatementFiles.entry("2.50", "DBIT", date: "2026-03-27", reference: "F-1", info: "Frais"),
                ])
        ])
        try upload(account, Array(file.utf8), type: "application/xml", expect: 201)
        var id = [String: String]()
        for line in try lines(account) { id[line["bank_reference"] as? String ?? ""] = line["id"] as? String }
        let p1 = try XCTUnwrap(id["P-1"]), p2 = try XCTUnwrap(id["P-2"]), p3 = try XCTUnwrap(id["P-3"]), fee = try XCTUnwrap(id["F-1"])
        func batch(_ invoice: String, _ lines: [String], expect status: Int) throws -> [String: Any] {
            let list = lines.map { "\"\($0)\"" }.joined(separator: ",")
            return try call("POST", "/v1/bank-lines/reconcile", #"{"invoice_id":"\#(invoice)","line_ids":[\#(list)]}"#, expect: status)
        }
        XCTAssertEqual(problemPointers(try batch(acme.id, [p1, p2, p3], expect: 422)), ["/line_ids"], "350.00 is more than 300.00")
        XCTAssertEqual(
            problemPointers(try batch(acme.id, [p1, fee, p1, UUID().uuidString.lowercased()], expect: 422)),
            ["/line_ids/1", "/line_ids/2", "/line_ids/3"])
        XCTAssertEqual(problemPointers(try batch(UUID().uuidString.lowercased(), [p1], expect: 422)), ["/invoice_id"])
        XCTAssertEqual(problemPointers(try call("POST", "/v1/bank-lines/reconcile", #"{"invoice_id":"\#(acme.id)","line_ids":[]}"#, expect: 422)), ["/line_ids"])
        XCTAssertEqual(try lines(account, unreconciled: true).count, 4, "nothing reconciled")
        let done = try XCTUnwrap(try batch(acme.id, [p2, p1], expect: 200)["data"] as? [[String: Any]])
        XCTAssertEqual(done.map { $0["id"] as? String }, [p2, p1])
        XCTAssertEqual(done.map { $0["reconciled"] as? Bool }, [true, true])
        XCTAssertEqual(Set(done.compactMap { $0["payment_id"] as? String }).count, 2, "a payment per line")
        let invoice = try call("GET", "/v1/invoices/\(acme.id)", expect: 200)
        XCTAssertEqual(invoice["status"] as? String, "paid")
        XCTAssertEqual(invoice["amount_paid"] as? String, "300.00")
        XCTAssertEqual((try call("GET", "/v1/payments?party_id=\(acme.party)", expect: 200)["data"] as? [Any])?.count, 2)
        XCTAssertEqual(problemPointers(try batch(acme.id, [p3], expect: 422)), ["/invoice_id"], "paid now")
    }

    func testRulesAndAutoReconcileTakeOnlyConfidentMatches() throws {
        let acme = try issuedInvoice(party: "Acme SARL", quantity: 3, price: "40.00")  // 120.00
        let beta = try issuedInvoice(party: "Beta GmbH", quantity: 1, price: "75.00")  // 75.00
        let account = try bankAccount()
        let expense = try self.account(role: "general_expense"), income = try self.account(role: "sales_income")
        XCTAssertEqual(problemPointers(try call("POST", "/v1/bank-rules", #"{"description_contains":"x"}"#, expect: 422)), ["/account_id"])
        try call("POST", "/v1/bank-rules", #"{"description_contains":"FRAIS","account_id":"\#(expense)","memo":"Bank fees"}"#, expect: 201)
        let interest = try call(
            "POST", "/v1/bank-rules", #"{"bank_account_id":"\#(account)","description_contains":"intérêts","account_id":"\#(income)"}"#, expect: 201)
        XCTAssertEqual((try call("GET", "/v1/bank-rules?bank_account_id=\(account)", expect: 200)["data"] as? [Any])?.count, 2)
        let file = BankStatementFiles.camt053([
            BankStatementFiles.statement(
                id: "S1", opening: "0.00", closing: "202.50",
                entries: [
                    BankStatementFiles.entry("120.00", "CRDT", date: "2026-03-20", reference: "A-1", transactions: [
                        BankStatementFiles.transaction(debtor: "ACME", unstructured: "Facture \(acme.number)")
                    ]),
                    BankStatementFiles.entry("75.00", "CRDT", date: "2026-03-20", reference: "B-1", transactions: [
                        BankStatementFiles.transaction(debtor: "Beta GmbH", unstructured: "Virement")
                    ]),
                    BankStatementFiles.entry("2.50", "DBIT", date: "2026-03-21", reference: "F-1", info: "Frais de tenue de compte"),
                    BankStatementFiles.entry("10.00", "CRDT", date: "2026-03-31", reference: "I-1", info: "INTERETS CREDITEURS"),
                ])
        ])
        try upload(account, Array(file.utf8), type: "application/xml", expect: 201)
        let first = try call("POST", "/v1/bank-accounts/\(account)/auto-reconcile", expect: 200)
        XCTAssertEqual(first["by_rule"] as? Int, 2, "fees and interest")
        XCTAssertEqual(first["by_match"] as? Int, 1, "the invoice named in the text, exact amount, its party")
        XCTAssertEqual(first["remaining"] as? Int, 1, "75.00 from Beta: amount and name only, below 90")
        XCTAssertEqual(try call("GET", "/v1/invoices/\(acme.id)", expect: 200)["status"] as? String, "paid")
        XCTAssertEqual(try call("GET", "/v1/invoices/\(beta.id)", expect: 200)["status"] as? String, "issued")
        let second = try call("POST", "/v1/bank-accounts/\(account)/auto-reconcile", #"{"min_score":40}"#, expect: 200)
        XCTAssertEqual(second["by_match"] as? Int, 1)
        XCTAssertEqual(second["remaining"] as? Int, 0)
        XCTAssertEqual(try call("GET", "/v1/invoices/\(beta.id)", expect: 200)["status"] as? String, "paid")
        XCTAssertEqual(try lines(account, unreconciled: true).count, 0)
        XCTAssertEqual(problemPointers(try call("POST", "/v1/bank-accounts/\(account)/auto-reconcile", #"{"min_score":0}"#, expect: 422)), ["/min_score"])
        // Every movement reconciled: the books say what the bank says (120 + 75 − 2.50 + 10 = 202.50).
        let register = try call("GET", "/v1/bank-accounts/\(account)/register", expect: 200)
        XCTAssertEqual(register["statement_balance"] as? String, "202.50")
        XCTAssertEqual(register["statement_date"] as? String, "2026-03-31")
        XCTAssertEqual(register["ledger_balance"] as? String, "202.50")
        XCTAssertEqual(register["difference"] as? String, "0.00")
        XCTAssertEqual(register["unreconciled"] as? Int, 0)
        XCTAssertEqual(register["lines_total"] as? String, "202.50")
        let ruleID = try XCTUnwrap(interest["id"] as? String)
        try call("DELETE", "/v1/bank-rules/\(ruleID)", expect: 204)
        try call("DELETE", "/v1/bank-rules/\(ruleID)", expect: 404)
    }

    /// The confidence auto-reconcile needs is the bank account's setting (default 90, 1–100, named when wrong); a
    /// run's min_score overrides it for that run only.
    func testTheBankAccountsConfidenceIsWhatAutoReconcileNeeds() throws {
        for bad in ["0", "101", "\"high\"", "9.5"] {
            let refused = try call(
                "POST", "/v1/bank-accounts", #"{"name":"X","account_number":"1","auto_reconcile_min_score":\#(bad)}"#, expect: 422)
            XCTAssertEqual(problemPointers(refused), ["/auto_reconcile_min_score"], bad)
        }
        let beta = try issuedInvoice(party: "Beta GmbH", quantity: 1, price: "75.00")  // 75.00
        let gamma = try issuedInvoice(party: "Gamma SA", quantity: 1, price: "60.00")  // 60.00
        let account = try bankAccount()
        XCTAssertEqual(try call("GET", "/v1/bank-accounts/\(account)", expect: 200)["auto_reconcile_min_score"] as? Int, 90)
        let file = BankStatementFiles.camt053([
            BankStatementFiles.statement(
                id: "S1", opening: "0.00", closing: "135.00",
                entries: [
                    BankStatementFiles.entry("75.00", "CRDT", date: "2026-03-20", reference: "B-1", transactions: [
                        BankStatementFiles.transaction(debtor: "Beta GmbH", unstructured: "Virement")
                    ]),
                    BankStatementFiles.entry("60.00", "CRDT", date: "2026-03-21", reference: "G-1", transactions: [
                        BankStatementFiles.transaction(debtor: "Gamma SA", unstructured: "Virement")
                    ]),
                ])
        ])
        try upload(account, Array(file.utf8), type: "application/xml", expect: 201)
        let confident = try call("POST", "/v1/bank-accounts/\(account)/auto-reconcile", expect: 200)
        XCTAssertEqual(confident["by_match"] as? Int, 0, "amount and name only score under the default 90")
        let lowered = try call(
            "PUT", "/v1/bank-accounts/\(account)", #"{"name":"Main account","iban":"DE89370400440532013000","auto_reconcile_min_score":40}"#,
            expect: 200)
        XCTAssertEqual(lowered["auto_reconcile_min_score"] as? Int, 40)
        let overridden = try call("POST", "/v1/bank-accounts/\(account)/auto-reconcile", #"{"min_score":95}"#, expect: 200)
        XCTAssertEqual(overridden["by_match"] as? Int, 0, "the run's own min_score wins")
        let settled = try call("POST", "/v1/bank-accounts/\(account)/auto-reconcile", expect: 200)
        XCTAssertEqual(settled["by_match"] as? Int, 2, "the account's 40")
        XCTAssertEqual(settled["remaining"] as? Int, 0)
        XCTAssertEqual(try call("GET", "/v1/invoices/\(beta.id)", expect: 200)["status"] as? String, "paid")
        XCTAssertEqual(try call("GET", "/v1/invoices/\(gamma.id)", expect: 200)["status"] as? String, "paid")
        let replaced = try call("PUT", "/v1/bank-accounts/\(account)", #"{"name":"Main account","iban":"DE89370400440532013000"}"#, expect: 200)
        XCTAssertEqual(replaced["auto_reconcile_min_score"] as? Int, 90, "a replacement without it is the default again")
        let nulled = try call(
            "PUT", "/v1/bank-accounts/\(account)", #"{"name":"Main account","iban":"DE89370400440532013000","auto_reconcile_min_score":null}"#,
            expect: 200)
        XCTAssertEqual(nulled["auto_reconcile_min_score"] as? Int, 90, "null is the default")
    }

    /// Money out is suggested the unpaid expenses it may pay (reference, exact amount, vendor, date), best first;
    /// money in, paid expenses and other amounts are not; reconciling the suggestion pays the expense.
    func testMoneyOutIsSuggestedUnpaidExpensesAndReconcilingOnePaysIt() throws {
        let energie = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"vendor","name":"Energie SA"}"#, expect: 201)["id"] as? String)
        let papeterie = try XCTUnwrap(try call("POST", "/v1/parties", #"{"kind":"vendor","name":"Papeterie Martin"}"#, expect: 201)["id"] as? String)
        let category = try XCTUnwrap(try call("POST", "/v1/expense-categories", #"{"name":"Overheads"}"#, expect: 201)["id"] as? String)
        func expense(_ vendor: String, _ amount: String, _ date: String, reference: String? = nil) throws -> String {
            let referenceField = reference.map { #","reference":"\#($0)""# } ?? ""
            return try XCTUnwrap(
                try call(
                    "POST", "/v1/expenses",
                    #"{"vendor_id":"\#(vendor)","category_id":"\#(category)","amount":"\#(amount)","date":"\#(date)"\#(referenceField)}"#,
                    expect: 201)["id"] as? String)
        }
        let invoiced = try expense(energie, "89.90", "2026-03-01", reference: "E-2026-0042")
        let sameAmount = try expense(papeterie, "89.90", "2026-01-10")
        let paid = try expense(energie, "89.90", "2026-03-02")
        try call("POST", "/v1/expenses/\(paid)/pay", #"{"paid_on":"2026-03-03"}"#, expect: 200)
        let account = try bankAccount(
            #","csv_mapping":{"delimiter":";","decimal_separator":",","date_column":1,"description_column":2,"debit_column":3,"credit_column":4}"#)
        let csv = """
            Date;Libellé;Débit;Crédit
            05/03/2026;PRLV ENERGIE SA FACT E-2026-0042;89,90;
            06/03/2026;CB CAFE;3,20;
            07/03/2026;VIR RECU;;89,90

            """
        try upload(account, Array(csv.utf8), type: "text/csv", expect: 201)
        let listed = try lines(account)
        let debit = try XCTUnwrap(listed.first { $0["amount"] as? String == "-89.90" })
        let suggested = try XCTUnwrap(debit["expense_suggestions"] as? [[String: Any]])
        XCTAssertEqual(suggested.compactMap { $0["expense_id"] as? String }, [invoiced, sameAmount], "the paid one is not offered")
        XCTAssertEqual(suggested.first?["vendor_name"] as? String, "Energie SA")
        XCTAssertEqual(suggested.first?["reference"] as? String, "E-2026-0042")
        XCTAssertEqual(suggested.first?["amount"] as? String, "89.90")
        XCTAssertEqual(suggested.first?["expense_date"] as? String, "2026-03-01")
        XCTAssertGreaterThanOrEqual(suggested.first?["score"] as? Int ?? 0, 95, "reference 50 + exact amount 30 + vendor 15 + date")
        XCTAssertEqual(suggested.last?["score"] as? Int, 30, "the exact amount alone (booked 54 days after the expense)")
        XCTAssertEqual(Set(suggested.first?["reasons"] as? [String] ?? []), ["invoice_number", "exact_amount", "party_name", "date_near"])
        XCTAssertEqual(suggested.last?["reasons"] as? [String], ["exact_amount"])
        XCTAssertEqual((debit["suggestions"] as? [Any])?.count, 0, "money out pays no customer invoice")
        let coffee = try XCTUnwrap(listed.first { $0["amount"] as? String == "-3.20" })
        XCTAssertEqual((coffee["expense_suggestions"] as? [Any])?.count, 0)
        let credit = try XCTUnwrap(listed.first { $0["amount"] as? String == "89.90" })
        XCTAssertEqual((credit["expense_suggestions"] as? [Any])?.count, 0, "money in pays no expense")
        let reconciled = try call(
            "POST", "/v1/bank-lines/\(try XCTUnwrap(debit["id"] as? String))/reconcile", #"{"expense_id":"\#(invoiced)"}"#, expect: 200)
        XCTAssertEqual(reconciled["expense_id"] as? String, invoiced)
        XCTAssertEqual((reconciled["expense_suggestions"] as? [Any])?.count, 0)
        let expenseNow = try call("GET", "/v1/expenses/\(invoiced)", expect: 200)
        XCTAssertEqual(expenseNow["status"] as? String, "paid")
        XCTAssertEqual(expenseNow["paid_on"] as? String, "2026-03-05")
        XCTAssertEqual(try call("GET", "/v1/expenses/\(sameAmount)", expect: 200)["status"] as? String, "unpaid")
    }
}
