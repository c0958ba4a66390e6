import Foundation
import HTTPServer
import Postgres
import TestSupport
import XCTest

/// Issue 27 (tenant migration 0058, control 0023): the per-document summary keeps the lines filed under no party and
/// no invoice or expense on control accounts only — a bank account's deposits no longer add into one row every
/// posting locks —, and an account that a party makes a control account later gets those lines' row built from the
/// journal, so the ageing's `unallocated` still ties out to the account.
final class ControlAccountSummariesAPITests: TenantAPITestCase {

    private func entry(_ date: String, debit: String, credit: String, _ amount: String) throws {
        try call(
            "POST", "/v1/journal-entries",
            #"{"date":"\#(date)","currency":"EUR","memo":"Manual","lines":[{"account_id":"\#(debit)","debit":"\#(amount)"},{"account_id":"\#(credit)","credit":"\#(amount)"}]}"#,
            expect: 201)
    }

    /// The account's row of lines filed under no party and no document, as "debit/credit/lines", or nil.
    private func unfiledRow(_ account: String) throws -> String? {
        try server.pool.withConnection { db in
            try db.query(
                """
                SELECT trim_scale(debit)::text || '/' || trim_scale(credit)::text || '/' || line_count AS row FROM \(schema).ledger_document_balances
                WHERE account_id = $1::uuid AND party_id IS NULL AND document_type IS NULL AND document_id IS NULL
                """, [account]
            ).first.map { try $0.decode(String.self, "row") }
        }
    }

    /// The AR ageing's balance of `account` and the report's unallocated total.
    private func ageing(_ account: String) throws -> (balance: Decimal?, unallocated: Decimal?) {
        let report = try call("GET", "/v1/reports/ar-ageing?as_of=2026-06-30", expect: 200)
        let accounts = report["accounts"] as? [[String: Any]] ?? []
        let balance = (accounts.first { $0["id"] as? String == account }?["balance"] as? String).flatMap { Decimal(string: $0) }
        let unallocated = ((report["total"] as? [String: Any])?["unallocated"] as? String).flatMap { Decimal(string: $0) }
        return (balance, unallocated)
    }

    func testUnfiledLinesAreSummedOnControlAccountsOnlyAndFollowThePartiesControlAccounts() throws {
        let bank = try account(role: "bank"), receivable = try account(role: "accounts_receivable")
        let capital = try XCTUnwrap(
            try call("POST", "/v1/accounts", #"{"code":"3000","name":"Share capital","type":"equity"}"#, expect: 201)["id"] as? String)
        let intercompany = try XCTUnwrap(
            try call("POST", "/v1/accounts", #"{"code":"1150","name":"Intercompany","type":"asset"}"#, expect: 201)["id"] as? String)

        // Unfiled lines: on the bank (never a control account), on 1150 (not one yet) and on the receivable (always one).
        try entry("2026-01-10", debit: bank, credit: capital, "1000.00")
        try entry("2026-01-11", debit: intercompany, credit: capital, "100.00")
        try entry("2026-01-12", debit: receivable, credit: capital, "7.00")
        XCTAssertNil(try unfiledRow(bank), "a bank account keeps no row of unfiled lines")
        XCTAssertNil(try unfiledRow(intercompany))
        XCTAssertEqual(try unfiledRow(receivable), "7/0/1")
        XCTAssertNil(try ageing(intercompany).balance, "not a control account: not in the ageing")
        XCTAssertEqual(try ageing(intercompany).unallocated, 7)

        // A customer makes 1150 a control account: its row is built from the journal, and kept from then on.
        let party = try XCTUnwrap(
            try call("POST", "/v1/parties", #"{"kind":"customer","name":"Sister Co","control_account_id":"\#(intercompany)"}"#, expect: 201)["id"]
                as? String)
        XCTAssertEqual(try unfiledRow(intercompany), "100/0/1")
        try entry("2026-02-01", debit: intercompany, credit: capital, "30.00")
        try entry("2026-02-02", debit: capital, credit: intercompany, "5.00")
        XCTAssertEqual(try unfiledRow(intercompany), "130/5/3")
        XCTAssertEqual(try ageing(intercompany).balance, 125)
        XCTAssertEqual(try ageing(intercompany).unallocated, 125 + 7, "the unfiled lines of both control accounts")
        XCTAssertNil(try unfiledRow(bank))

        // A second customer on 1150, then the first moved to the receivable: 1150 stays a control account.
        let second = try XCTUnwrap(
            try call("POST", "/v1/parties", #"{"kind":"customer","name":"Sister Two","control_account_id":"\#(intercompany)"}"#, expect: 201)["id"]
                as? String)
        try call("PATCH", "/v1/parties/\(party)", #"{"control_account_id":"\#(receivable)"}"#, expect: 200)
        XCTAssertEqual(try unfiledRow(intercompany), "130/5/3")
        // The last one moved: the row goes (the ageing no longer reads 1150), and lines posted meanwhile are not kept.
        try call("PUT", "/v1/parties/\(second)", #"{"kind":"customer","name":"Sister Two"}"#, expect: 200)
        XCTAssertNil(try unfiledRow(intercompany))
        XCTAssertNil(try ageing(intercompany).balance)
        try entry("2026-03-01", debit: intercompany, credit: capital, "11.00")
        XCTAssertNil(try unfiledRow(intercompany))
        // Named again: rebuilt from every line, those of the gap included.
        try call("PATCH", "/v1/parties/\(second)", #"{"control_account_id":"\#(intercompany)"}"#, expect: 200)
        XCTAssertEqual(try unfiledRow(intercompany), "141/5/4")
        XCTAssertEqual(try ageing(intercompany).balance, 136)

        // The summary equals the raw lines' grouping for every account with unfiled lines.
        let mismatches = try server.pool.withConnection { db in
            try db.query(
                """
                WITH raw AS (
                    SELECT l.account_id, e.currency, sum(l.debit) AS debit, sum(l.credit) AS credit, count(*) AS line_count
                    FROM \(schema).journal_lines l JOIN \(schema).journal_entries e ON e.id = l.entry_id
                    JOIN \(schema).accounts a ON a.id = l.account_id
                    WHERE a.type IN ('asset', 'liability') AND l.party_id IS NULL
                      AND (l.document_type IS NULL OR l.document_type NOT IN ('invoice', 'expense'))
                      AND (a.role IN ('accountsReceivable', 'accountsPayable')
                           OR a.id IN (SELECT control_account_id FROM \(schema).parties))
                    GROUP BY 1, 2
                ), summary AS (
                    SELECT account_id, currency, debit, credit, line_count FROM \(schema).ledger_document_balances
                    WHERE party_id IS NULL AND document_type IS NULL AND document_id IS NULL
                )
                SELECT count(*)::int AS n FROM ((TABLE raw EXCEPT TABLE summary) UNION ALL (TABLE summary EXCEPT TABLE raw)) d
                """)[0].decode(Int.self, "n")
        }
        XCTAssertEqual(mismatches, 0)
    }
}
