import Domain
import Foundation
import HTTPServer
import Store

/// `/v1/parties` (customers and vendors) and `/v1/items` (products and services, with recurring templates).
private typealias S = OpenAPISchemas

enum MasterDataRoutes {
    static let operations: [OpenAPIOperation] = [
        .list(
            "/v1/parties", id: "listParties", summary: "Customers and vendors, newest first", tag: "Parties",
            parameters: [
                .init("kind", in: .query, schema: S.enumeration(PartyKind.self)),
                .init("include_archived", in: .query, schema: #"{"type":"boolean"}"#),
            ],
            response: "PartyList"),
        .create(
            "/v1/parties", id: "createParty", summary: "Add a customer or vendor", tag: "Parties",
            request: "PartyInput", response: "Party"),
        .read("/v1/parties/:id", id: "getParty", summary: "One party", tag: "Parties", response: "Party"),
        OpenAPIOperation(
            "PUT", "/v1/parties/:id", id: "updateParty", summary: "Replace a party (its kind never changes)",
            tag: "Parties", parameters: [.id], request: "PartyInput", response: "Party",
            errors: [400, 404, 415, 422]),
        OpenAPIOperation(
            "PATCH", "/v1/parties/:id", id: "patchParty",
            summary: "Change some fields of a party: those given replace the party's (null as in PUT), the others stay",
            tag: "Parties", parameters: [.id], request: "PartyPatch", requestRequired: false,
            response: "Party", errors: [400, 404, 415, 422]),
        OpenAPIOperation(
            "POST", "/v1/parties/:id/archive", id: "archiveParty", summary: "Archive a party (no new documents)",
            tag: "Parties", parameters: [.id], response: "Party", errors: [404]),
        .list(
            "/v1/items", id: "listItems", summary: "Products and services, newest first", tag: "Items",
            parameters: [.init("include_archived", in: .query, schema: #"{"type":"boolean"}"#)], response: "ItemList"),
        .create(
            "/v1/items", id: "createItem", summary: "Add an item", tag: "Items", request: "ItemInput", response: "Item"),
        .read("/v1/items/:id", id: "getItem", summary: "One item", tag: "Items", response: "Item"),
        OpenAPIOperation(
            "PUT", "/v1/items/:id", id: "updateItem", summary: "Replace an item", tag: "Items",
            parameters: [.id], request: "ItemInput", response: "Item", errors: [400, 404, 415, 422]),
        OpenAPIOperation(
            "POST", "/v1/items/:id/archive", id: "archiveItem", summary: "Archive an item (no new sales)", tag: "Items",
            parameters: [.id], response: "Item", errors: [404]),
    ]

    /// The fields of a party both `PUT` (`PartyInput`) and `PATCH` (`PartyPatch`) take, besides kind and name.
    static let partyFields = #"""
             "email":\#(S.email(nullable: true)),
             "control_account_id":{"type":["string","null"],"format":"uuid","description":"Default: accounts receivable (customers) or payable (vendors)"},
             "payment_terms_days":{"type":["integer","null"],"minimum":0,"maximum":3650,"default":0},
             "currency":{"oneOf":[\#(S.currency()),{"type":"null"}],"description":"Default: the tenant's currency"},
             "billing_address":\#(PostalAddressJSON.schema),
             "vat_id":{"type":["string","null"],"pattern":"^[A-Z]{2}[A-Z0-9+*.]{2,13}$","description":"Printed on documents; e-invoices with reverse charge need it"},
             "registration_id":\#(S.text(maxLength: 50, nullable: true)),
             "buyer_reference":{"oneOf":[\#(S.text(maxLength: 100)),{"type":"null"}],"description":"Quoted on every invoice (EN 16931 BT-10), e.g. a purchase order"},
             "reminders_opt_out":{"type":["boolean","null"],"default":false,"description":"No subscription-ending or overdue reminders to this customer; invoices are still sent"},
             "language":\#(S.enumeration(DocumentLocale.self, nullable: true, description: "The language of the party's e-mails; null: the tenant's documents locale")),
             "billing_cc":{"type":["array","null"],"maxItems":\#(PartyDraft.maxBillingCC),"items":\#(S.email()),"description":"Copied (Cc) on invoices and reminders"}
        """#

    static let schemas: [String: String] = [
        "Party": #"""
            {"type":"object","required":["id","kind","name","control_account_id","payment_terms_days","currency","archived"],
             "properties":{"id":{"type":"string","format":"uuid"},"kind":\#(S.enumeration(PartyKind.self)),
             "name":{"type":"string"},"email":{"type":["string","null"]},"control_account_id":{"type":"string"},
             "payment_terms_days":{"type":"integer"},"currency":{"type":"string"},
             "billing_address":\#(PostalAddressJSON.schema),"vat_id":{"type":["string","null"]},
             "registration_id":{"type":["string","null"]},"buyer_reference":{"type":["string","null"]},"reminders_opt_out":{"type":"boolean"},
             "language":\#(S.enumeration(DocumentLocale.self, nullable: true)),"billing_cc":{"type":"array","items":{"type":"string"}},
             "credit_balance":{"type":"string","description":"Customer credit from credit notes, not yet refunded or applied"},
             "archived":{"type":"boolean"},
             "created_at":{"type":"string","format":"date-time"},"updated_at":{"type":"string","format":"date-time"}}}
            """#,
        "PartyInput": #"""
            {"type":"object","additionalProperties":false,"required":["kind","name"],"properties":{
             "kind":\#(S.enumeration(PartyKind.self)),"name":\#(S.text(maxLength: 200)),\#(partyFields)}}
            """#,
        "PartyPatch": #"""
            {"type":"object","additionalProperties":false,"properties":{"name":\#(S.text(maxLength: 200)),\#(partyFields)}}
            """#,
        "PartyList": OpenAPISchemas.page(of: "Party"),
        "RecurringTemplate": #"""
            {"type":"object","additionalProperties":false,"required":["schedule","statement_reference"],"properties":{
             "schedule":{"allOf":[{"$ref":"#/components/schemas/Schedule"},{"properties":{"end":{"type":"null"}}}],"description":"Its start is replaced by the sale date; no end (bound it with count or totalDurationDays)"},
             "statement_reference":\#(S.statementReference()),
             "auto_trigger":{"type":["boolean","null"],"default":false,"description":"Create the recurring invoice when the item is sold"}}}
            """#,
        "Item": #"""
            {"type":"object","required":["id","code","name","kind","unit_price","currency","income_account_id"],"properties":{
             "id":{"type":"string","format":"uuid"},"code":{"type":"string"},"name":{"type":"string"},
             "kind":\#(S.enumeration(ItemKind.self)),"unit_price":{"type":"string"},"currency":{"type":"string"},
             "income_account_id":{"type":"string"},"tax_rate":{"type":["string","null"]},
             "recurring_template":{"oneOf":[{"$ref":"#/components/schemas/RecurringTemplate"},{"type":"null"}]},
             "archived":{"type":"boolean"},"created_at":{"type":"string","format":"date-time"},
             "updated_at":{"type":"string","format":"date-time"}}}
            """#,
        "ItemInput": #"""
            {"type":"object","additionalProperties":false,"required":["code","name","unit_price"],"properties":{
             "code":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"},"name":\#(S.text(maxLength: 200)),
             "kind":\#(S.enumeration(ItemKind.self, default: .service)),
             "unit_price":{"$ref":"#/components/schemas/Amount"},"currency":\#(S.currency(nullable: true)),
             "income_account_id":{"type":["string","null"],"format":"uuid","description":"Default: sales income"},
             "tax_rate":\#(S.ref("Percent", nullable: true)),
             "recurring_template":\#(S.ref("RecurringTemplate", nullable: true))}}
            """#,
        "ItemList": OpenAPISchemas.page(of: "Item"),
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.get("/v1/parties", environment.pageHandler(write) { r in
            try PartyRepository(r.connection).list(
                kind: try QueryParameters.enumValue(r.request, "kind", PartyKind.self),
                includeArchived: try QueryParameters.bool(r.request, "include_archived"), page: try QueryParameters.page(r.request))
        })
        router.post("/v1/parties", environment.recordHandler(status: .created, write) { r in
            try PartyRepository(r.connection).create(try partyInput(r.request), defaultCurrency: r.tenant.currency)
        })
        router.get("/v1/parties/:id", environment.recordHandler(write, id: "party") { r, id in
            try PartyRepository(r.connection).get(id)
        })
        router.put("/v1/parties/:id", environment.recordHandler(write, id: "party") { r, id in
            try PartyRepository(r.connection).update(id, try partyInput(r.request), defaultCurrency: r.tenant.currency)
        })
        router.patch("/v1/parties/:id", environment.recordHandler(write) { r in
            let repository = PartyRepository(r.connection)
            let current = try repository.get(try QueryParameters.id(r.request, "party"))
            return try repository.update(current.id, try partyPatch(r.request, onto: current), defaultCurrency: r.tenant.currency)
        })
        router.post("/v1/parties/:id/archive", environment.recordHandler(write) { r in
            try RequestBody(r.request).finish()  // no fields: a body must be empty or {}
            return try PartyRepository(r.connection).setArchived(try QueryParameters.id(r.request, "party"), true)
        })

        ArchivableResourceRoutes.register(
            on: &router, environment: environment, path: "/v1/items", resource: "item", ItemRepository.self,
            input: itemInput, write: { write($0, into: &$1) })
    }

    /// A currency code field, or `nil` (recording an error when it is not a known code).
    static func currency(_ reader: JSONObjectReader, _ key: String = "currency") -> Currency? {
        guard let code = reader.optionalString(key) else { return nil }
        guard let currency = Currency(code: code) else {
            reader.addError(key, "must be an ISO 4217 currency code")
            return nil
        }
        return currency
    }

    static func partyInput(_ request: Request) throws -> PartyDraft {
        let body = try RequestBody(request)
        let r = body.reader
        let kind = r.enumValue("kind", PartyKind.self)
        let draft = PartyDraft(
            kind: kind ?? .customer, name: r.string("name"), email: r.optionalString("email"),
            controlAccountID: r.optionalUUID("control_account_id"), paymentTermsDays: r.optionalInt("payment_terms_days") ?? 0,
            currency: currency(r), billingAddress: PostalAddressJSON.read(r, "billing_address"), vatID: r.optionalString("vat_id"),
            registrationID: r.optionalString("registration_id"), buyerReference: r.optionalString("buyer_reference"),
            remindersOptOut: r.optionalBool("reminders_opt_out") ?? false,
            language: r.optionalEnumValue("language", DocumentLocale.self), billingCC: r.optionalStringArray("billing_cc") ?? [])
        try body.finish()
        return draft
    }

    static func itemInput(_ request: Request) throws -> ItemDraft {
        let body = try RequestBody(request)
        let r = body.reader
        let code = r.string("code")
        let name = r.string("name")
        let kind = r.contains("kind") ? r.enumValue("kind", ItemKind.self) : .service
        let unitPrice = r.exactDecimal("unit_price")
        let currency = currency(r)
        let incomeAccount = r.optionalUUID("income_account_id")
        let taxRate = r.optionalExactDecimal("tax_rate")
        var template: ItemRecurringTemplate?
        if let value = r.value("recurring_template"), value != .null {
            let nested = try JSONObjectReader(value, path: "/recurring_template")
            let templateBody = InvoicingTemplateReader(nested)
            template = templateBody.read()
            body.merge(templateBody.body)
        }
        try body.finish()
        return ItemDraft(
            code: code, name: name, kind: kind ?? .service, unitPrice: unitPrice, currency: currency,
            incomeAccountID: incomeAccount, taxRate: taxRate, recurringTemplate: template)
    }

    static func write(_ party: Party, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(party.id)
            w.key("kind"); w.string(party.kind.wireValue)
            w.key("name"); w.string(party.name)
            w.key("email"); w.optionalString(party.email)
            w.key("control_account_id"); w.id(party.controlAccountID)
            w.key("payment_terms_days"); w.int(party.paymentTermsDays)
            w.key("currency"); w.string(party.currency.code)
            w.key("billing_address"); PostalAddressJSON.write(party.billingAddress, into: &w)
            w.key("vat_id"); w.optionalString(party.vatID)
            w.key("registration_id"); w.optionalString(party.registrationID)
            w.key("buyer_reference"); w.optionalString(party.buyerReference)
            w.key("reminders_opt_out"); w.bool(party.remindersOptOut)
            w.key("language"); w.optionalString(party.language?.wireValue)
            w.key("billing_cc"); w.array { w in for address in party.billingCC { w.string(address) } }
            w.key("credit_balance"); w.money(party.creditBalance, party.currency)
            w.key("archived"); w.bool(party.archivedAt != nil)
            w.key("created_at"); w.instant(party.createdAt)
            w.key("updated_at"); w.instant(party.updatedAt)
        }
    }

    static func write(_ item: Item, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.id(item.id)
            w.key("code"); w.string(item.code)
            w.key("name"); w.string(item.name)
            w.key("kind"); w.string(item.kind.wireValue)
            w.key("unit_price"); w.price(item.unitPrice, item.currency)
            w.key("currency"); w.string(item.currency.code)
            w.key("income_account_id"); w.id(item.incomeAccountID)
            w.key("tax_rate"); w.plainDecimal(item.taxRate)
            w.key("recurring_template")
            if let template = item.recurringTemplate {
                w.object { w in
                    w.key("schedule"); w.raw(template.schedule.json)
                    w.key("statement_reference"); w.string(template.statementReference)
                    w.key("auto_trigger"); w.bool(template.autoTrigger)
                }
            } else {
                w.null()
            }
            w.key("archived"); w.bool(item.archivedAt != nil)
            w.key("created_at"); w.instant(item.createdAt)
            w.key("updated_at"); w.instant(item.updatedAt)
        }
    }
}

/// Reads `{"schedule": {...}, "statement_reference": "...", "auto_trigger": true}`.
final class InvoicingTemplateReader {
    let body: RequestBody

    init(_ reader: JSONObjectReader) { body = RequestBody(reader: reader) }

    func read() -> ItemRecurringTemplate? {
        let schedule = body.schedule("schedule", required: true)
        let reference = body.reader.string("statement_reference")
        let autoTrigger = body.reader.optionalBool("auto_trigger") ?? false
        return schedule.map { ItemRecurringTemplate(schedule: $0, statementReference: reference, autoTrigger: autoTrigger) }
    }
}
