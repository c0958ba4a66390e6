import Domain
import Foundation
import Postgres
import XCTest

@testable import Store

/// The chart of accounts: seeded system accounts, CRUD, archive instead of delete once used.
final class LedgerChartTests: XCTestCase {
    private var fixture: TenantSchemaFixture!

    override func setUpWithError() throws { fixture = try TenantSchemaFixture() }
    override func tearDown() {
        fixture?.assertLedgerBalances()
        fixture?.drop()
    }

    func testEveryTenantGetsTheDefaultChart() throws {
        let accounts = try fixture.transaction { try AccountRepository($0).list() }
        XCTAssertEqual(
            Set(accounts.compactMap(\.role)), Set(AccountRole.allCases))
        let byRole = Dictionary(uniqueKeysWithValues: accounts.compactMap { a in a.role.map { ($0, a.type) } })
        XCTAssertEqual(byRole[.accountsReceivable], .asset)
        XCTAssertEqual(byRole[.accountsPayable], .liability)
        XCTAssertEqual(byRole[.bank], .asset)
        XCTAssertEqual(byRole[.salesIncome], .income)
        XCTAssertEqual(byRole[.generalExpense], .expense)
        XCTAssertEqual(byRole[.taxPayable], .liability)
    }

    func testCreateGetUpdate() throws {
        try fixture.transaction { db in
            let accounts = AccountRepository(db)
            let created = try accounts.create(AccountDraft(code: "4100", name: "Consulting income", type: .income))
            XCTAssertEqual(try accounts.get(created.id), created)
            let updated = try accounts.update(created.id, AccountDraft(code: "4110", name: "Consulting", type: .income))
            XCTAssertEqual(updated.code, "4110")
            XCTAssertEqual(updated.name, "Consulting")
        }
    }

    func testInvalidFieldsAreNamed() throws {
        let error = try fixture.transaction { db in
            thrownError(try AccountRepository(db).create(AccountDraft(code: "-x y", name: " ", type: .asset)))
        }
        XCTAssertEqual((error as? LedgerError)?.violations.map(\.pointer), ["/code", "/name"])
    }

    func testDuplicateCodeIsAFieldConflict() throws {
        let error = try fixture.transaction { db in
            thrownError(try AccountRepository(db).create(AccountDraft(code: "1000", name: "Second bank", type: .asset)))
        }
        XCTAssertEqual((error as? LedgerError)?.violations.map(\.pointer), ["/code"])
    }

    func testUnknownIDIsNotFound() throws {
        let error = try fixture.transaction { db in thrownError(try AccountRepository(db).get(UUID())) }
        guard case .notFound? = error as? LedgerError else { return XCTFail("\(String(describing: error))") }
    }

    func testUnusedAccountCanBeDeleted() throws {
        try fixture.transaction { db in
            let accounts = AccountRepository(db)
            let created = try accounts.create(AccountDraft(code: "7000", name: "Misc", type: .expense))
            try accounts.delete(created.id)
            XCTAssertThrowsError(try accounts.get(created.id))
        }
    }

    func testUsedAccountMustBeArchivedNotDeleted() throws {
        try fixture.transaction { db in
            let accounts = AccountRepository(db)
            let expense = try accounts.create(AccountDraft(code: "7000", name: "Misc", type: .expense))
            let bank = try accounts.account(role: .bank)
            try JournalRepository(db).post(
                JournalEntryDraft(
                    date: CalendarDate(year: 2026, month: 1, day: 5)!, currency: .eur,
                    lines: [
                        JournalLineDraft(accountID: expense.id, side: .debit, amount: 10),
                        JournalLineDraft(accountID: bank.id, side: .credit, amount: 10),
                    ]))
            XCTAssertTrue(try accounts.isUsed(expense.id))
            guard case .conflict? = thrownError(try accounts.delete(expense.id)) as? LedgerError else {
                return XCTFail("a used account was deleted")
            }
            let archived = try accounts.setArchived(expense.id, true)
            XCTAssertTrue(archived.isArchived)
            XCTAssertFalse(try accounts.list().contains { $0.id == expense.id })
            XCTAssertTrue(try accounts.list(includeArchived: true).contains { $0.id == expense.id })
            guard case .conflict? = thrownError(try accounts.update(expense.id, AccountDraft(code: "7000", name: "Misc", type: .asset))) as? LedgerError
            else { return XCTFail("a used account changed type") }
        }
        fixture.assertLedgerBalances()
    }

    func testSystemAccountsCannotBeArchivedOrDeleted() throws {
        try fixture.transaction { db in
            let accounts = AccountRepository(db)
            let receivable = try accounts.account(role: .accountsReceivable)
            guard case .conflict? = thrownError(try accounts.setArchived(receivable.id, true)) as? LedgerError else {
                return XCTFail("archived a system account")
            }
            guard case .conflict? = thrownError(try accounts.delete(receivable.id)) as? LedgerError else {
                return XCTFail("deleted a system account")
            }
            // The savepoints kept the transaction usable, and the account is untouched.
            XCTAssertFalse(try accounts.get(receivable.id).isArchived)
        }
    }

    func testAnotherTenantsAccountIsNotFound() throws {
        let other = try TenantSchemaFixture()
        defer { other.drop() }
        let foreign = try other.transaction { try AccountRepository($0).create(AccountDraft(code: "9999", name: "Theirs", type: .equity)) }
        let error = try fixture.transaction { db in thrownError(try AccountRepository(db).get(foreign.id)) }
        guard case .notFound? = error as? LedgerError else { return XCTFail("\(String(describing: error))") }
    }
}
