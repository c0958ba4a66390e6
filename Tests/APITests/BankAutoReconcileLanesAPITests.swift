import Foundation
import HTTPServer
import TestSupport
import XCTest

/// Issue 27: auto-reconcile in lanes (docs/banking.md, "Auto-reconcile in lanes"). Chunks of two lines written on
/// two connections at once, each committed by itself, decide and post what the whole run in one transaction does:
/// the same lines reconciled by the same rules and invoices, an invoice paid only by the first line that names it
/// even when the second is in another chunk (another lane), the same balances.
extension BankingAPITests {
    func testAutoReconcileInLanesPostsWhatOneTransactionPosts() throws {
        // This class's server: chunks of 5,000 lines, so the run is one chunk in the request's own transaction.
        let inOne = try laneScenario()
        var inLanes: LaneOutcome?
        try onLanesServer(chunkLines: 2) { _ in inLanes = try laneScenario() }

        XCTAssertEqual(inLanes, inOne)
        // A pool of one connection has none to spare for lanes: the run keeps to the request's transaction.
        var onOneConnection: LaneOutcome?
        try onLanesServer(chunkLines: 2, maxConnections: 1) { server in
            XCTAssertEqual(server.environment.autoReconcileLanes, 1)
            onOneConnection = try laneScenario()
        }
        XCTAssertEqual(onOneConnection, inOne)
        XCTAssertEqual(inOne.counts, [3, 6, 2], "by rule, by match, remaining")
        XCTAssertEqual(inOne.statuses, ["paid", "paid", "paid", "paid", "paid", "paid"])
        XCTAssertEqual(inOne.left, ["B-2", "X-1"], "the second payment of B (another chunk) and the unknown transfer")
        XCTAssertEqual(inOne.register, ["ledger_balance": "416.00", "unreconciled": "2", "unreconciled_total": "92.00"])
        XCTAssertEqual(inOne.trial, ["balanced": "true", "bank": "416.00", "receivable": "0.00"])
    }

    /// A person reconciles a line by hand while auto-reconcile runs in lanes (chunks of one line): whichever takes the
    /// line first, it is reconciled once, every invoice is paid once, and the ledger balances — the lanes read the
    /// lines and invoices without locks and check them again under their chunk's locks.
    func testALineReconciledByHandDuringTheLanesIsPaidOnce() throws {
        try onLanesServer(chunkLines: 1) { lanes in try handDuringTheLanes(lanes) }
    }

    private func handDuringTheLanes(_ lanes: APITestServer) throws {
        let invoices = try (0..<16).map { try issuedInvoice(party: "Client \($0)", quantity: 1, price: "\(100 + $0).00") }
        let account = try XCTUnwrap(
            try call("POST", "/v1/bank-accounts", #"{"name":"Main","iban":"DE89 3704 0044 0532 0130 00"}"#, expect: 201)["id"] as? String)
        let entries = invoices.enumerated().map { index, invoice in
            BankStatementFiles.entry("\(100 + index).00", "CRDT", date: "2026-03-\(10 + index)", reference: "P-\(index)", transactions: [
                BankStatementFiles.transaction(debtor: "Client \(index)", unstructured: "Facture \(invoice.number)")
            ])
        }
        let file = BankStatementFiles.camt053([BankStatementFiles.statement(id: "S1", opening: "0.00", closing: "1720.00", entries: entries)])
        let uploaded = try client.request(
            "POST", "/v1/bank-accounts/\(account)/statements", headers: auth.merging(["Content-Type": "application/xml"]) { _, new in new },
            body: Array(file.utf8))
        XCTAssertEqual(uploaded.status, 201, uploaded.text)
        let listed = try XCTUnwrap(try call("GET", "/v1/bank-accounts/\(account)/lines?limit=50", expect: 200)["data"] as? [[String: Any]])
        let last = try XCTUnwrap(listed.first { $0["bank_reference"] as? String == "P-15" }?["id"] as? String)

        // The last line is lane 2's last chunk: the hand's reconciliation, sent once a first chunk is committed, usually
        // lands after the run has read the line unreconciled and before that chunk locks it.
        let port = lanes.port, headers = auth, invoice = invoices[15].id
        let outcomes = SharedList<String>()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            do {
                let own = try HTTPTestClient(port: port)
                if index == 0 {
                    let response = try own.json("POST", "/v1/bank-accounts/\(account)/auto-reconcile", "{}", headers: headers)
                    outcomes.append("auto \(response.status) \(response.json?["by_match"] as? Int ?? -1)")
                } else {
                    // Once the lanes have committed a chunk, the run has read every line: the race is for its chunk.
                    let deadline = ContinuousClock.now + .seconds(10)
                    while ContinuousClock.now < deadline,
                          (try own.request("GET", "/v1/bank-accounts/\(account)/register", headers: headers).json?["unreconciled"] as? Int ?? 16) == 16 {
                        Thread.sleep(forTimeInterval: 0.005)
                    }
                    let response = try own.json(
                        "POST", "/v1/bank-lines/\(last)/reconcile", #"{"allocations":[{"invoice_id":"\#(invoice)","amount":"115.00"}]}"#,
                        headers: headers)
                    outcomes.append("hand \(response.status)")
                }
            } catch {
                outcomes.append("error \(error)")
            }
        }
        let all = outcomes.all
        let auto = try XCTUnwrap(all.first { $0.hasPrefix("auto ") })
        let hand = try XCTUnwrap(all.first { $0.hasPrefix("hand ") })
        // Either the hand took the line (and auto-reconcile matched the other 15) or auto-reconcile did (the hand's
        // call then finds the line reconciled or the invoice paid).
        XCTAssertTrue(
            (hand == "hand 200" && auto == "auto 200 15") || (hand != "hand 200" && auto == "auto 200 16"), "\(all)")
        XCTAssertTrue(["hand 200", "hand 409", "hand 422"].contains(hand), "\(all)")
        for (index, invoice) in invoices.enumerated() {
            let read = try call("GET", "/v1/invoices/\(invoice.id)", expect: 200)
            XCTAssertEqual(read["status"] as? String, "paid", "invoice \(index)")
            XCTAssertEqual(read["amount_paid"] as? String, "\(100 + index).00", "paid once: invoice \(index)")
            let payments = try XCTUnwrap(try call("GET", "/v1/payments?party_id=\(invoice.party)", expect: 200)["data"] as? [[String: Any]])
            XCTAssertEqual(payments.count, 1, "one payment: invoice \(index)")
        }
        let register = try call("GET", "/v1/bank-accounts/\(account)/register", expect: 200)
        XCTAssertEqual(register["unreconciled"] as? Int, 0)
        XCTAssertEqual(register["ledger_balance"] as? String, "1720.00")
    }

    /// Runs `body` against a server whose auto-reconcile writes chunks of `chunkLines` lines on two lanes, with this
    /// test's client and a new tenant's key on it.
    private func onLanesServer(chunkLines: Int, maxConnections: Int = 8, _ body: (APITestServer) throws -> Void) throws {
        let lanes = try APITestServer(maxConnections: maxConnections, autoReconcileLanes: 2, autoReconcileChunkLines: chunkLines)
        let saved = (client, auth)
        defer {
            (client, auth) = saved
            lanes.stop()
        }
        client = try lanes.client()
        auth = ["Authorization": "Bearer \(try lanes.makeTenant().apiKey.key)"]
        try body(lanes)
    }

    struct LaneOutcome: Equatable {
        var counts: [Int]
        var statuses: [String]
        var left: Set<String>
        var register: [String: String]
        var trial: [String: String]
    }

    /// Six invoices, three fees and eleven lines (one invoice named twice, one unknown transfer), auto-reconciled.
    private func laneScenario() throws -> LaneOutcome {
        try call("POST", "/v1/bank-rules", #"{"description_contains":"FRAIS","account_id":"\#(try self.account(role: "general_expense"))"}"#, expect: 201)
        let customers = [("Acme", 3, "40.00"), ("Bolt", 1, "75.00"), ("Cole", 2, "30.00"), ("Dane", 1, "45.00"), ("Eris", 3, "30.00"), ("Gale", 1, "33.00")]
        let invoices = try customers.map { try issuedInvoice(party: $0.0, quantity: $0.1, price: $0.2) }
        let account = try XCTUnwrap(
            try call("POST", "/v1/bank-accounts", #"{"name":"Main","iban":"DE89 3704 0044 0532 0130 00"}"#, expect: 201)["id"] as? String)
        func paying(_ index: Int, _ amount: String, _ day: Int, _ reference: String) -> String {
            BankStatementFiles.entry(amount, "CRDT", date: "2026-03-\(day)", reference: reference, transactions: [
                BankStatementFiles.transaction(debtor: customers[index].0, unstructured: "Facture \(invoices[index].number)")
            ])
        }
        func fee(_ amount: String, _ day: Int, _ reference: String) -> String {
            BankStatementFiles.entry(amount, "DBIT", date: "2026-03-\(day)", reference: reference, info: "Frais de tenue de compte")
        }
        let entries = [
            fee("2.50", 10, "F-1"), paying(0, "120.00", 11, "A-1"), paying(1, "75.00", 12, "B-1"), fee("1.50", 13, "F-2"),
            paying(2, "60.00", 14, "C-1"), paying(1, "75.00", 15, "B-2"), paying(3, "45.00", 16, "D-1"),
            BankStatementFiles.entry("17.00", "CRDT", date: "2026-03-17", reference: "X-1", info: "Virement inconnu"),
            paying(4, "90.00", 18, "E-1"), fee("3.00", 19, "F-3"), paying(5, "33.00", 20, "G-1"),
        ]
        let file = BankStatementFiles.camt053([BankStatementFiles.statement(id: "S1", opening: "0.00", closing: "508.00", entries: entries)])
        let uploaded = try client.request(
            "POST", "/v1/bank-accounts/\(account)/statements", headers: auth.merging(["Content-Type": "application/xml"]) { _, new in new },
            body: Array(file.utf8))
        XCTAssertEqual(uploaded.status, 201, uploaded.text)

        let result = try call("POST", "/v1/bank-accounts/\(account)/auto-reconcile", expect: 200)
        let statuses = try invoices.map { try call("GET", "/v1/invoices/\($0.id)", expect: 200)["status"] as? String ?? "?" }
        let left = try XCTUnwrap(
            try call("GET", "/v1/bank-accounts/\(account)/lines?unreconciled=true", expect: 200)["data"] as? [[String: Any]])
        let register = try call("GET", "/v1/bank-accounts/\(account)/register", expect: 200)
        let trial = try XCTUnwrap(try call("GET", "/v1/reports/trial-balance?as_of=2026-03-31", expect: 200)["data"] as? [[String: Any]])
            .filter { $0["kind"] as? String == "account" }
        func total(_ key: String) -> Decimal { trial.reduce(0) { $0 + (Decimal(string: $1[key] as? String ?? "") ?? 0) } }
        func balance(_ role: String) throws -> String {
            let id = try self.account(role: role)
            return trial.first { $0["account_id"] as? String == id }?["balance"] as? String ?? "0.00"
        }
        return LaneOutcome(
            counts: ["by_rule", "by_match", "remaining"].map { result[$0] as? Int ?? -1 },
            statuses: statuses,
            left: Set(left.compactMap { $0["bank_reference"] as? String }),
            register: [
                "ledger_balance": register["ledger_balance"] as? String ?? "?", "unreconciled": "\(register["unreconciled"] as? Int ?? -1)",
                "unreconciled_total": register["unreconciled_total"] as? String ?? "?",
            ],
            trial: ["balanced": "\(total("debit") == total("credit"))", "bank": try balance("bank"), "receivable": try balance("accounts_receivable")])
    }
}
