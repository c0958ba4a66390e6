import Domain
import Foundation
import Postgres
import XCTest

@testable import Store

/// Parties and items: defaults, validation, archiving.
final class InvoicingMastersTests: XCTestCase {
    private var fixture: TenantSchemaFixture!

    override func setUpWithError() throws { fixture = try TenantSchemaFixture() }
    override func tearDown() {
        fixture?.assertLedgerBalances()
        fixture?.drop()
    }

    func testPartiesGetTheirKindsControlAccountAndTheBaseCurrency() throws {
        try fixture.transaction { db in
            let parties = PartyRepository(db)
            let customer = try parties.create(PartyDraft(kind: .customer, name: "Acme"), defaultCurrency: .usd)
            let vendor = try parties.create(PartyDraft(kind: .vendor, name: "Paper Co", paymentTermsDays: 45), defaultCurrency: .usd)
            XCTAssertEqual(customer.controlAccountID, try AccountRepository(db).account(role: .accountsReceivable).id)
            XCTAssertEqual(vendor.controlAccountID, try AccountRepository(db).account(role: .accountsPayable).id)
            XCTAssertEqual(customer.currency, .usd)
            XCTAssertEqual(vendor.paymentTermsDays, 45)
            XCTAssertEqual(try parties.get(customer.id), customer)
            XCTAssertEqual(try parties.list(kind: .vendor).items.map(\.id), [vendor.id])
        }
    }

    func testControlAccountOverrideMustFitTheKind() throws {
        try fixture.transaction { db in
            let accounts = AccountRepository(db)
            let parties = PartyRepository(db)
            let special = try accounts.create(AccountDraft(code: "1210", name: "Receivable, group", type: .asset))
            let customer = try parties.create(
                PartyDraft(kind: .customer, name: "Group Co", controlAccountID: special.id), defaultCurrency: .eur)
            XCTAssertEqual(customer.controlAccountID, special.id)
            let wrongType = thrownError(
                try parties.create(
                    PartyDraft(kind: .customer, name: "X", controlAccountID: try accounts.account(role: .accountsPayable).id),
                    defaultCurrency: .eur))
            XCTAssertEqual(ledgerError(wrongType)?.violations.map(\.pointer), ["/controlAccountId"])
            let unknown = thrownError(
                try parties.create(PartyDraft(kind: .customer, name: "X", controlAccountID: UUID()), defaultCurrency: .eur))
            XCTAssertEqual(ledgerError(unknown)?.violations.map(\.pointer), ["/controlAccountId"])
        }
    }

    func testPartyValidationNamesFields() throws {
        try fixture.transaction { db in
            let error = thrownError(
                try PartyRepository(db).create(
                    PartyDraft(kind: .customer, name: "", email: "not an email", paymentTermsDays: 4000), defaultCurrency: .eur))
            XCTAssertEqual(ledgerError(error)?.violations.map(\.pointer), ["/name", "/email", "/paymentTermsDays"])
        }
    }

    func testPartyCurrencyIsFixedOnceItHasDocuments() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let parties = PartyRepository(db)
            let renamed = try parties.update(
                party.id, PartyDraft(kind: .customer, name: "Acme Ltd", currency: .usd), defaultCurrency: .eur)
            XCTAssertEqual(renamed.currency, .usd)
            _ = try build.draft(for: renamed, amount: "1")
            let error = thrownError(
                try parties.update(party.id, PartyDraft(kind: .customer, name: "Acme Ltd", currency: .eur), defaultCurrency: .eur))
            XCTAssertEqual(ledgerError(error)?.violations.map(\.pointer), ["/currency"])
            let kind = thrownError(try parties.update(party.id, PartyDraft(kind: .vendor, name: "Acme"), defaultCurrency: .eur))
            XCTAssertEqual(ledgerError(kind)?.violations.map(\.pointer), ["/kind"])
        }
    }

    func testArchivedPartiesAndItemsTakeNoNewDocuments() throws {
        try fixture.transaction { db in
            let build = InvoicingBuilder(db: db)
            let party = try build.customer()
            let item = try build.item()
            _ = try ItemRepository(db).setArchived(item.id, true)
            XCTAssertEqual(
                ledgerError(thrownError(try build.draft(for: party, lines: [InvoiceLineDraft(itemID: item.id)])))?.violations.map(\.pointer),
                ["/lines/0/itemId"])
            _ = try PartyRepository(db).setArchived(party.id, true)
            XCTAssertEqual(ledgerError(thrownError(try build.draft(for: party, amount: "1")))?.violations.map(\.pointer), ["/partyId"])
            XCTAssertEqual(try PartyRepository(db).list().items.count, 0)
            XCTAssertEqual(try PartyRepository(db).list(includeArchived: true).items.count, 1)
        }
    }

    func testItemsDefaultToSalesIncomeAndKeepTheirTemplate() throws {
        try fixture.transaction { db in
            let template = ItemRecurringTemplate(
                schedule: try Schedule.decode(json: #"{"kind":"mixerp_duration","everyDays":45,"start":"2016-01-01","totalDurationDays":365}"#),
                statementReference: "Invoice for the month {RIMonth}-{RIYear}.", autoTrigger: true)
            let item = try InvoicingBuilder(db: db).item("PLAN", price: "12.5", taxRate: "7.5", template: template)
            XCTAssertEqual(item.incomeAccountID, try AccountRepository(db).account(role: .salesIncome).id)
            XCTAssertEqual(item.unitPrice.description, "12.5000")
            XCTAssertEqual(item.taxRate?.description, "7.5000")
            XCTAssertEqual(try ItemRepository(db).get(item.id).recurringTemplate, template)
            XCTAssertEqual(
                try template.schedule(startingOn: CalendarDate(year: 2026, month: 2, day: 1)!).start.description, "2026-02-01")
            let updated = try ItemRepository(db).update(
                item.id, ItemDraft(code: "PLAN", name: "Plan", unitPrice: 13), defaultCurrency: .eur)
            XCTAssertNil(updated.recurringTemplate)
        }
    }

    func testItemValidationNamesFields() throws {
        try fixture.transaction { db in
            let items = ItemRepository(db)
            let error = thrownError(
                try items.create(
                    ItemDraft(code: "bad code", name: "", unitPrice: ExactDecimal("-1")!, incomeAccountID: UUID(), taxRate: 120),
                    defaultCurrency: .eur))
            XCTAssertEqual(
                ledgerError(error)?.violations.map(\.pointer), ["/code", "/name", "/unitPrice", "/taxRate", "/incomeAccountId"])
            _ = try items.create(ItemDraft(code: "A", name: "A", unitPrice: 1), defaultCurrency: .eur)
            XCTAssertEqual(
                ledgerError(thrownError(try items.create(ItemDraft(code: "A", name: "B", unitPrice: 1), defaultCurrency: .eur)))?
                    .violations.map(\.pointer), ["/code"])
        }
    }
}
