import Domain
import Foundation
import HTTPServer
import Store

/// `/v1/expenses` and `/v1/expense-categories` (issue 8); the recurring expenses are ``RecurringExpenseRoutes``.
public enum ExpenseRoutes {
    /// Every schema the operations refer to.
    public static var schemas: [String: String] { ExpenseSchemas.all }

    static let tag = "Expenses"

    /// Every documented operation.
    public static let operations: [OpenAPIOperation] = [
        OpenAPIOperation(
            "GET", "/v1/expenses", id: "listExpenses",
            summary: "Expenses, newest first; as CSV with `?format=csv` or `Accept: text/csv` (every match, no paging)",
            tag: tag,
            parameters: [
                .init("vendor_id", in: .query, schema: OpenAPISchemas.uuid()), .init("category_id", in: .query, schema: OpenAPISchemas.uuid()),
                .init("project", in: .query), .init("department", in: .query), .init("campaign", in: .query),
                .init("from", in: .query, schema: OpenAPISchemas.date(), description: "Expense date on or after"),
                .init("to", in: .query, schema: OpenAPISchemas.date(), description: "Expense date on or before"),
                .init("paid", in: .query, schema: #"{"type":"boolean"}"#, description: "Reversed expenses are neither"),
                .init("status", in: .query, schema: OpenAPISchemas.enumeration(ExpenseStatus.self)),
                .init("format", in: .query, schema: #"{"type":"string","enum":["json","csv"]}"#),
            ] + Pagination.parameters, response: "ExpenseList",
            alternateResponses: [(CSVWriter.mediaType, "CSVText")], errors: [422]),
        .create(
            "/v1/expenses", id: "createExpense",
            summary: "Record an expense: Dr the category's account, Cr the vendor's AP (or bank when paid)", tag: tag,
            request: "ExpenseInput", response: "Expense"),
        .read("/v1/expenses/:id", id: "getExpense", summary: "One expense", tag: tag, response: "Expense"),
        OpenAPIOperation(
            "POST", "/v1/expenses/:id/pay", id: "payExpense", summary: "Pay an unpaid expense: Dr AP, Cr bank", tag: tag,
            parameters: [.id], request: "ExpensePaymentInput", requestRequired: false, response: "Expense",
            errors: [400, 404, 409, 422]),
        OpenAPIOperation(
            "POST", "/v1/expenses/:id/reverse", id: "reverseExpense",
            summary: "Reverse an expense (and its payment) with reversing entries", tag: tag, parameters: [.id],
            request: "ExpenseReversalInput", requestRequired: false, response: "Expense", errors: [400, 404, 409, 422]),
        .list(
            "/v1/expense-categories", id: "listExpenseCategories", summary: "Expense categories, newest first",
            tag: tag, response: "ExpenseCategoryList"),
        .create(
            "/v1/expense-categories", id: "createExpenseCategory",
            summary: "Create a category mapped to an expense account", tag: tag, request: "ExpenseCategoryInput",
            response: "ExpenseCategory"),
    ]

    /// Registers every route on `router`.
    public static func register(on router: inout Router, environment: APIEnvironment) {
        router.get("/v1/expenses", environment.tenantHandler { r in
            let filter = try ExpenseReading.filter(r.request)
            let repository = ExpenseRepository(r.connection)
            if CSVWriter.requested(r.request) {
                return try ExpenseCSV.export(repository, filter).response(filename: "expenses.csv")
            }
            let page = try repository.list(filter, page: try QueryParameters.page(r.request))
            return Response.json { $0.page(page) { w, expense in ExpenseWriting.write(expense, into: &w) } }
        })
        router.post("/v1/expenses", environment.tenantHandler { r in
            let (expense, warnings) = try ExpenseRepository(r.connection).createReportingBudgets(
                try ExpenseReading.draft(r.request, today: r.tenant.today()))
            return Response.json(status: .created) { ExpenseWriting.write(expense, warnings: warnings, into: &$0) }
        })
        let write: @Sendable (Expense, inout JSONWriter) -> Void = { ExpenseWriting.write($0, into: &$1) }
        router.get("/v1/expenses/:id", environment.recordHandler(write, id: "expense") { r, id in
            try ExpenseRepository(r.connection).get(id)
        })
        router.post("/v1/expenses/:id/pay", environment.recordHandler(write, id: "expense") { r, id in
            let body = try RequestBody(r.request)
            let date = body.reader.optionalDate("paid_on") ?? r.tenant.today()
            let bank = body.reader.optionalUUID("bank_account_id")
            try body.finish()
            return try ExpenseRepository(r.connection).pay(id, on: date, bankAccountID: bank)
        })
        router.post("/v1/expenses/:id/reverse", environment.recordHandler(write, id: "expense") { r, id in
            let body = try RequestBody(r.request)
            let date = body.reader.optionalDate("reversed_on") ?? r.tenant.today()
            try body.finish()
            return try ExpenseRepository(r.connection).reverse(id, on: date)
        })
        router.get("/v1/expense-categories", environment.pageHandler(ExpenseWriting.write) { r in
            try ExpenseCategoryRepository(r.connection).list(page: try QueryParameters.page(r.request))
        })
        router.post("/v1/expense-categories", environment.recordHandler(status: .created, ExpenseWriting.write) { r in
            let body = try RequestBody(r.request)
            let name = body.reader.string("name")
            let account = body.reader.optionalUUID("expense_account_id")
            try body.finish()
            return try ExpenseCategoryRepository(r.connection).create(
                ExpenseCategoryDraft(name: name, expenseAccountID: account))
        })
    }
}
