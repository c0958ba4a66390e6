import Domain
import Foundation
import Postgres

/// A line with every default filled in: what is stored and what the calculator sees.
struct ResolvedLine: Sendable, Hashable {
    var itemID: UUID?
    var description: String
    var quantity: ExactDecimal
    var unitPrice: ExactDecimal
    var discount: Discount?
    var taxRate: ExactDecimal?
    var incomeAccountID: UUID
    /// The tax code the rate comes from, and its payable account (credited with the line's tax).
    var taxCodeID: UUID? = nil
    var taxAccountID: UUID? = nil
    /// Stored on invoice lines (other documents' lines ignore it).
    var campaign: String? = nil

    var calculatorInput: InvoiceLineInput {
        InvoiceLineInput(quantity: quantity, unitPrice: unitPrice, discount: discount, taxRate: taxRate)
    }
}

/// Fills a document's lines from their items (one query for all items, one for all accounts) and reports every
/// missing or invalid field by path (`lines/N/itemId`, `lines/N/unitPrice`, …).
struct InvoiceLineResolver {
    let db: PostgresConnection

    /// The resolved lines and their amounts; reports resolution and arithmetic problems together, by line.
    func prepare(
        _ lines: [InvoiceLineDraft], discount: Discount?, currency: Currency, allowArchivedItems: Bool = false,
        pricesIncludeTax: Bool = false
    ) throws -> (lines: [ResolvedLine], amounts: InvoiceAmounts) {
        try Self.prepare(
            lines, discount: discount, currency: currency, allowArchivedItems: allowArchivedItems,
            pricesIncludeTax: pricesIncludeTax, lookup: lookup(for: lines))
    }

    /// ``prepare(_:discount:currency:allowArchivedItems:)`` with what the lines refer to already read, so that a
    /// batch of documents shares one ``Lookup``.
    static func prepare(
        _ lines: [InvoiceLineDraft], discount: Discount?, currency: Currency, allowArchivedItems: Bool,
        pricesIncludeTax: Bool = false, lookup: Lookup
    ) throws -> (lines: [ResolvedLine], amounts: InvoiceAmounts) {
        let (resolved, errors) = resolve(lines, currency: currency, allowArchivedItems: allowArchivedItems, lookup: lookup)
        do {
            let amounts = try Self.amounts(
                resolved, discount: discount, currency: currency, pricesIncludeTax: pricesIncludeTax)
            try LedgerError.check(errors)
            return (resolved, amounts)
        } catch let error as LedgerError {
            let reported = Set(errors.map(\.path))
            let all = errors + error.violations.filter { !reported.contains($0.path) }
            throw LedgerError.validation(FieldViolations(Self.byLine(all)))
        }
    }

    /// The items, the sales-income account and the active explicit income accounts that lines refer to.
    struct Lookup {
        var items: [UUID: Item]
        var salesIncome: UUID
        var activeAccounts: Set<UUID>
        /// The tax codes lines name (archived ones included).
        var taxCodes: [UUID: TaxCode] = [:]
    }

    /// Reads what `lines` refer to: one query for the items, one for the accounts.
    func lookup(for lines: [InvoiceLineDraft]) throws -> Lookup {
        Lookup(
            items: try ItemRepository(db).items(lines.compactMap(\.itemID)),
            salesIncome: try AccountRepository(db).account(role: .salesIncome).id,
            activeAccounts: try ItemRepository(db).activeAccounts(lines.compactMap(\.incomeAccountID)),
            taxCodes: try TaxCodeRepository(db).codes(lines.compactMap(\.taxCodeID)))
    }

    /// Violations in document order: `lines` itself, then line by line, then the rest.
    static func byLine(_ errors: [FieldViolation]) -> [FieldViolation] {
        func key(_ path: String) -> Int {
            let tokens = path.split(separator: "/")
            guard tokens.first == "lines" else { return Int.max }
            return tokens.count > 1 ? Int(tokens[1]) ?? Int.max : -1
        }
        return errors.enumerated().sorted { (key($0.element.path), $0.offset) < (key($1.element.path), $1.offset) }.map(\.element)
    }

    func resolve(
        _ lines: [InvoiceLineDraft], currency: Currency, prefix: String = "lines", allowArchivedItems: Bool = false
    ) throws -> (lines: [ResolvedLine], errors: [FieldViolation]) {
        Self.resolve(
            lines, currency: currency, prefix: prefix, allowArchivedItems: allowArchivedItems,
            lookup: try lookup(for: lines))
    }

    static func resolve(
        _ lines: [InvoiceLineDraft], currency: Currency, prefix: String = "lines", allowArchivedItems: Bool,
        lookup: Lookup
    ) -> (lines: [ResolvedLine], errors: [FieldViolation]) {
        let items = lookup.items
        let salesIncome = lookup.salesIncome
        var errors = [FieldViolation]()
        var resolved = [ResolvedLine]()
        for (index, line) in lines.enumerated() {
            let path = "\(prefix)/\(index)"
            var item: Item?
            if let id = line.itemID {
                item = items[id]
                if item == nil {
                    errors.append(FieldViolation(path: "\(path)/itemId", code: .invalidValue, message: "names no item"))
                } else if item?.archivedAt != nil, !allowArchivedItems {
                    errors.append(FieldViolation(path: "\(path)/itemId", code: .invalidValue, message: "names an archived item"))
                }
            }
            let description = line.description ?? item?.name
            if let description {
                errors += TextField.violations(description, at: "\(path)/description", maxLength: 500)
            } else if line.itemID == nil {
                errors.append(FieldViolation(path: "\(path)/description", code: .required, message: "is required without an item"))
            }
            var unitPrice = line.unitPrice
            if unitPrice == nil, let item {
                if item.currency == currency {
                    unitPrice = item.unitPrice
                } else {
                    errors.append(
                        FieldViolation(
                            path: "\(path)/unitPrice", code: .required,
                            message: "is required: the item is priced in \(item.currency.code), the document is in \(currency.code)"))
                }
            } else if unitPrice == nil, line.itemID == nil {
                errors.append(FieldViolation(path: "\(path)/unitPrice", code: .required, message: "is required without an item"))
            }
            let code = taxCode(line, at: path, allowArchived: allowArchivedItems, lookup: lookup, errors: &errors)
            resolved.append(
                ResolvedLine(
                    itemID: line.itemID, description: description ?? "", quantity: line.quantity,
                    unitPrice: unitPrice ?? .zero, discount: line.discount,
                    taxRate: code?.rate ?? line.taxRate ?? item?.taxRate,
                    incomeAccountID: line.incomeAccountID ?? item?.incomeAccountID ?? salesIncome,
                    taxCodeID: code?.id, taxAccountID: code?.payableAccountID, campaign: line.campaign))
            errors += Dimension.violations(line.campaign, at: "\(path)/campaign")
        }
        let active = lookup.activeAccounts
        for (index, line) in lines.enumerated() {
            if let account = line.incomeAccountID, !active.contains(account) {
                errors.append(
                    FieldViolation(path: "\(prefix)/\(index)/incomeAccountId", code: .invalidValue, message: "names no active account"))
            }
        }
        return (resolved, errors)
    }

    /// The tax code a line names, or `nil` (none, or a violation at `path/taxCodeId`: given with a rate, unknown,
    /// archived on a new document).
    static func taxCode(
        _ line: InvoiceLineDraft, at path: String, allowArchived: Bool, lookup: Lookup, errors: inout [FieldViolation]
    ) -> TaxCode? {
        taxCode(
            line.taxCodeID, rate: line.taxRate, at: "\(path)/taxCodeId", allowArchived: allowArchived,
            codes: lookup.taxCodes, errors: &errors)
    }

    /// The tax code `id` names (a line's or a "by amount" setup's), or `nil` (none, or a violation at `path`).
    static func taxCode(
        _ id: UUID?, rate: ExactDecimal?, at path: String, allowArchived: Bool, codes: [UUID: TaxCode],
        errors: inout [FieldViolation]
    ) -> TaxCode? {
        guard let id else { return nil }
        if rate != nil {
            errors.append(
                FieldViolation(path: path, code: .conflict, message: "cannot be given with tax_rate: a tax code brings its own rate"))
            return nil
        }
        guard let code = codes[id] else {
            errors.append(FieldViolation(path: path, code: .invalidValue, message: "names no tax code"))
            return nil
        }
        if code.archivedAt != nil, !allowArchived {
            errors.append(FieldViolation(path: path, code: .invalidValue, message: "names an archived tax code"))
        }
        return code
    }

    /// The amounts of resolved lines, with calculator violations renamed under `prefix`.
    static func amounts(
        _ lines: [ResolvedLine], discount: Discount?, currency: Currency, prefix: String = "lines",
        pricesIncludeTax: Bool = false
    ) throws -> InvoiceAmounts {
        do {
            return try InvoiceCalculator.calculate(
                lines: lines.map(\.calculatorInput), discount: discount, minorUnits: currency.minorUnits,
                pricesIncludeTax: pricesIncludeTax)
        } catch {
            throw LedgerError.validation(
                FieldViolations(
                    error.errors.map {
                        guard prefix != "lines", $0.path.hasPrefix("lines") else { return $0 }
                        return FieldViolation(path: prefix + $0.path.dropFirst("lines".count), code: $0.code, message: $0.message)
                    }))
        }
    }
}
