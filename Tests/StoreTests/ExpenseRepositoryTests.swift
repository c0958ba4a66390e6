import Domain
import Foundation
import Postgres
import XCTest

@testable import Store

final class ExpenseRepositoryTests: XCTestCase {
    private var fixture: TenantSchemaFixture!

    override func setUpWithError() throws { fixture = try TenantSchemaFixture(prefix: "exp") }
    override func tearDown() {
        fixture?.assertLedgerBalances()
        fixture?.drop()
    }

    private let today = ExpenseBuilder.today

    func testUnpaidExpensePostsExpenseAgainstPayableThenPayingClearsIt() throws {
        try fixture.transaction { db in
            let build = ExpenseBuilder(db: db)
            let vendor = try build.vendor()
            let category = try build.category()
            let repository = ExpenseRepository(db)
            let expense = try repository.create(
                ExpenseDraft(
                    vendorID: vendor.id, categoryID: category.id, amount: ExactDecimal("49.90")!, date: today,
                    department: "Marketing", project: "Launch", reference: "INV-77"))
            XCTAssertEqual(expense.status, .unpaid)
            XCTAssertEqual(expense.amount, Money(ExactDecimal("49.90")!, .eur))
            let entry = try JournalRepository(db).get(expense.entryID)
            XCTAssertEqual(entry.sourceType, "expense")
            XCTAssertEqual(entry.lines.map(\.side), [.debit, .credit])
            XCTAssertEqual(entry.lines.map(\.accountID), [category.expenseAccountID, vendor.controlAccountID])
            XCTAssertEqual(try build.balance(category.expenseAccountID), ExactDecimal("49.90"))
            XCTAssertEqual(try build.balance(try build.account(.accountsPayable)), ExactDecimal("-49.90"))
            // The expense line carries the budget dimensions; the payable line does not.
            let dimensions = try db.query(
                "SELECT line_no, department, project FROM journal_lines WHERE entry_id = $1 ORDER BY line_no", [expense.entryID]
            ).map { (try $0.decode(String?.self, "department"), try $0.decode(String?.self, "project")) }
            XCTAssertEqual(dimensions.map(\.0), ["Marketing", nil])
            XCTAssertEqual(dimensions.map(\.1), ["Launch", nil])

            let paid = try repository.pay(expense.id, on: today.adding(days: 5))
            XCTAssertEqual(paid.status, .paid)
            XCTAssertEqual(paid.paidOn, today.adding(days: 5))
            let payment = try JournalRepository(db).get(try XCTUnwrap(paid.paymentEntryID))
            XCTAssertEqual(payment.lines.map(\.accountID), [vendor.controlAccountID, try build.account(.bank)])
            XCTAssertEqual(payment.lines.map(\.side), [.debit, .credit])
            XCTAssertEqual(try build.balance(try build.account(.accountsPayable)), .zero)
            XCTAssertEqual(try build.balance(try build.account(.bank)), ExactDecimal("-49.90"))
            XCTAssertEqual(ledgerError(thrownError(try repository.pay(expense.id, on: self.today)))?.category, .conflict)
        }
    }

    func testPaidExpenseCreditsBankAndReversalNetsEveryAccountToZero() throws {
        try fixture.transaction { db in
            let build = ExpenseBuilder(db: db)
            let vendor = try build.vendor()
            let category = try build.category()
            let repository = ExpenseRepository(db)
            let paidAtOnce = try repository.create(
                ExpenseDraft(vendorID: vendor.id, categoryID: category.id, amount: 120, date: today, project: "P1", paid: true))
            XCTAssertEqual(paidAtOnce.status, .paid)
            XCTAssertEqual(try JournalRepository(db).get(paidAtOnce.entryID).lines.map(\.accountID),
                           [category.expenseAccountID, try build.account(.bank)])
            let paidLater = try repository.create(
                ExpenseDraft(vendorID: vendor.id, categoryID: category.id, amount: ExactDecimal("30.05")!, date: today, project: "P1"))
            _ = try repository.pay(paidLater.id, on: today)

            for expense in [paidAtOnce, paidLater] {
                let reversed = try repository.reverse(expense.id, on: today.adding(days: 1))
                XCTAssertEqual(reversed.status, .reversed)
                XCTAssertNotNil(reversed.reversalEntryID)
                XCTAssertEqual(ledgerError(thrownError(try repository.reverse(expense.id, on: self.today)))?.category, .conflict)
            }
            for account in [category.expenseAccountID, try build.account(.bank), try build.account(.accountsPayable)] {
                XCTAssertEqual(try build.balance(account), .zero)
            }
            // Per project too: actuals by dimension net to zero after the reversal.
            let project = try db.query("SELECT coalesce(sum(debit) - sum(credit), 0) AS net FROM journal_lines WHERE project = 'P1'")
            XCTAssertEqual(try project[0].decode(ExactDecimal.self, "net"), .zero)
            XCTAssertEqual(try db.query("SELECT count(*) AS n FROM journal_lines WHERE project = 'P1'")[0].decode(Int.self, "n"), 4)
        }
    }

    func testValidationNamesEveryField() throws {
        try fixture.transaction { db in
            let build = ExpenseBuilder(db: db)
            let customer = try PartyRepository(db).create(PartyDraft(kind: .customer, name: "Buyer"), defaultCurrency: .eur)
            let error = ledgerError(
                thrownError(
                    try ExpenseRepository(db).create(
                        ExpenseDraft(
                            vendorID: customer.id, categoryID: UUID(), amount: ExactDecimal("-1.001")!, date: self.today,
                            department: " ", notes: "ok\nline two", bankAccountID: UUID()))))
            XCTAssertEqual(
                Set(error?.violations.map(\.path) ?? []), ["vendorId", "categoryId", "amount", "department", "bankAccountId"])
            let vendor = try build.vendor()
            let category = try build.category()
            let wrongCurrency = ledgerError(
                thrownError(
                    try ExpenseRepository(db).create(
                        ExpenseDraft(vendorID: vendor.id, categoryID: category.id, amount: 1, currency: .usd, date: self.today))))
            XCTAssertEqual(wrongCurrency?.violations.map(\.path), ["currency"])
            let badAccount = ledgerError(
                thrownError(
                    try ExpenseCategoryRepository(db).create(
                        ExpenseCategoryDraft(name: "Bad", expenseAccountID: try build.account(.bank)))))
            XCTAssertEqual(badAccount?.violations.map(\.path), ["expenseAccountId"])
            XCTAssertEqual(
                ledgerError(thrownError(try ExpenseCategoryRepository(db).create(ExpenseCategoryDraft(name: "Software"))))?
                    .violations.map(\.path), ["name"])
        }
    }

    func testListFiltersCombine() throws {
        try fixture.transaction { db in
            let build = ExpenseBuilder(db: db)
            let cloud = try build.vendor("CloudCo")
            let landlord = try build.vendor("Landlord")
            let software = try build.category("Software", accountCode: "6100")
            let rent = try build.category("Rent", accountCode: "6200")
            let repository = ExpenseRepository(db)
            func add(_ vendor: Party, _ category: ExpenseCategory, _ day: Int, project: String?, paid: Bool) throws -> Expense {
                try repository.create(
                    ExpenseDraft(
                        vendorID: vendor.id, categoryID: category.id, amount: 10,
                        date: CalendarDate(year: 2026, month: 3, day: day)!, department: "Ops", project: project, paid: paid))
            }
            let a = try add(cloud, software, 1, project: "A", paid: false)
            let b = try add(cloud, software, 15, project: "B", paid: true)
            let c = try add(landlord, rent, 20, project: "A", paid: false)
            _ = try repository.reverse(c.id, on: today)
            func ids(_ filter: ExpenseFilter) throws -> Set<UUID> { Set(try repository.list(filter).items.map(\.id)) }
            XCTAssertEqual(try ids(ExpenseFilter(vendorID: cloud.id)), [a.id, b.id])
            XCTAssertEqual(try ids(ExpenseFilter(categoryID: rent.id)), [c.id])
            XCTAssertEqual(try ids(ExpenseFilter(project: "A")), [a.id, c.id])
            XCTAssertEqual(try ids(ExpenseFilter(department: "Ops", from: CalendarDate(year: 2026, month: 3, day: 10))), [b.id, c.id])
            XCTAssertEqual(try ids(ExpenseFilter(paid: false)), [a.id], "reversed expenses are neither paid nor unpaid")
            XCTAssertEqual(try ids(ExpenseFilter(paid: true)), [b.id])
            XCTAssertEqual(try ids(ExpenseFilter(status: .reversed)), [c.id])
            let first = try repository.list(page: PageRequest(limit: 2))
            XCTAssertEqual(first.items.count, 2)
            let second = try repository.list(page: PageRequest(limit: 2, after: first.next))
            XCTAssertEqual(second.items.count, 1)
            XCTAssertNil(second.next)
        }
    }

    func testRecordedExpenseNeverChanges() throws {
        try fixture.transaction { db in
            let build = ExpenseBuilder(db: db)
            let expense = try ExpenseRepository(db).create(
                ExpenseDraft(vendorID: try build.vendor().id, categoryID: try build.category().id, amount: 5, date: today))
            let error = thrownError(try db.transaction { try $0.query("UPDATE expenses SET amount = 6 WHERE id = $1", [expense.id]) })
            XCTAssertEqual((error as? PostgresError)?.constraintName, "expenses_final")
        }
    }
}
