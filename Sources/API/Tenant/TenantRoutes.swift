import Domain
import HTTPServer
import Store

/// `GET /v1/tenant` and `PATCH /v1/tenant`: the caller's own tenant, its settings (reminder offsets) and the
/// legal identity its documents print.
private typealias S = OpenAPISchemas

enum TenantRoutes {
    static let operations: [OpenAPIOperation] = [
        OpenAPIOperation("GET", "/v1/tenant", id: "getTenant", summary: "The caller's tenant", tag: "Tenant", response: "Tenant"),
        OpenAPIOperation(
            "PATCH", "/v1/tenant", id: "updateTenant",
            summary: "Change the tenant's name, time zone, fiscal-year start, currency (the last two only before anything is posted), reminder offsets, legal identity or lock date",
            tag: "Tenant", request: "TenantUpdate", requestRequired: false, response: "Tenant", errors: [400, 409, 415, 422]),
    ]

    static let schemas: [String: String] = [
        "TenantUpdate": #"""
            {"type":"object","additionalProperties":false,"description":"Each field given replaces the stored one; null or absent keeps it",
             "properties":{
             "name":\#(S.text(maxLength: 200, nullable: true)),
             "time_zone":{"type":["string","null"],"pattern":\#(S.quoted(S.noControlsPattern)),"description":"IANA time zone; the EOD uses it from its next run"},
             "fiscal_year_start_month":{"type":["integer","null"],"minimum":1,"maximum":12},"currency":\#(S.currency(nullable: true)),
             "reminders":{"type":["object","null"],"additionalProperties":false,"properties":{
              "overdue_days":\#(days),"overdue_repeat_days":{"type":["integer","null"],"minimum":0,"maximum":90,"description":"After the last overdue offset, remind every N days until paid; 0: never"},"subscription_ending_days":\#(days),"task_due_days":\#(days)}},
             "legal":{"oneOf":[{"$ref":"#/components/schemas/LegalIdentity"},{"type":"null"}],"description":"Replaces the whole legal identity; null clears it"},
             "documents":{"oneOf":[{"$ref":"#/components/schemas/DocumentSettings"},{"type":"null"}],"description":"Replaces the whole document settings; turning e_invoicing on needs the seller's legal name, address and VAT id (422 lists what is missing)"},
             "delivery":{"oneOf":[{"$ref":"#/components/schemas/DeliverySettings"},{"type":"null"}],"description":"Replaces the whole delivery settings but the relay, which stays unless `relay` is given; null: every default, the platform relay included"},
             "invoice_dating":{"type":["string","null"],"enum":["occurrence_date","eod_date",null],"description":"How the EOD dates an invoice it issues late: its occurrence's posting date (default) or the EOD's business date; either moves forward to keep numbers and dates in order and out of the locked period"},
             "lock_date":{"type":["string","null"],"format":"date","description":"Nothing is posted on or before it. It moves forward only (422 when earlier than the current one: reopening a closed period is an operator's action, recur-admin tenant lock-date) and never after the tenant's today"}}}
            """#,
        "LegalIdentity": #"""
            {"type":"object","additionalProperties":false,"description":"Replaces the whole legal identity",
             "properties":{"legal_name":\#(S.text(maxLength: 200, nullable: true)),
             "address":\#(PostalAddressJSON.schema),
             "vat_id":{"type":["string","null"],"pattern":"^[A-Z]{2}[A-Z0-9+*.]{2,13}$"},
             "registration_id":\#(S.text(maxLength: 50, nullable: true)),
             "iban":{"type":["string","null"],"description":"ISO 13616, check digits verified; spaces allowed"},
             "bic":{"type":["string","null"],"pattern":"^[A-Za-z]{6}[A-Za-z0-9]{2}([A-Za-z0-9]{3})?$"}}}
            """#,
    ]

    static let documentSchemas: [String: String] = [
        "DeliverySettings": #"""
            {"type":"object","additionalProperties":false,"description":"Who the tenant's e-mails come from; a field absent or null takes its default","properties":{
             "from_address":\#(S.email(nullable: true)),
             "from_name":\#(S.text(maxLength: 100, nullable: true)),
             "reply_to":\#(S.email(nullable: true)),
             "alert_recipients":{"type":["array","null"],"maxItems":20,"items":\#(S.email()),"description":"Budget alerts and task reminders without an assignee address"},
             "relay":{"oneOf":[{"$ref":"#/components/schemas/TenantRelayUpdate"},{"type":"null"}],"description":"The tenant's own SMTP relay; null: the platform's; absent: unchanged"}}}
            """#,
        "TenantRelay": #"""
            {"type":"object","required":["url","username","password_set","tls"],"additionalProperties":false,"description":"The tenant's own SMTP relay as stored; its password is never shown","properties":{
             "url":{"type":"string"},"username":{"type":["string","null"]},
             "password_set":{"type":"boolean","description":"A password is stored (encrypted with the platform's RECUR_SECRETS_KEY)"},
             "tls":{"type":"string","enum":["required","optional"]}}}
            """#,
        "TenantRelayUpdate": #"""
            {"type":"object","additionalProperties":false,"required":["url"],"description":"The tenant's e-mails go through this relay instead of the platform's. A password needs a username (422 otherwise) and the operator's RECUR_SECRETS_KEY (409 otherwise); it is stored encrypted and never shown","properties":{
             "url":{"type":"string","maxLength":\#(TenantRelay.maxURLLength),"pattern":\#(S.quoted(TenantRelay.urlPattern)),"description":"smtp://host:port (STARTTLS) or smtps://host:port (TLS at once); port 1 to 65535, nothing after it"},
             "username":\#(S.text(maxLength: TenantRelay.maxUsernameLength, nullable: true)),
             "password":{"type":["string","null"],"minLength":1,"maxLength":\#(TenantRelay.maxPasswordLength),"pattern":\#(S.quoted(S.noControlsPattern)),"writeOnly":true,"description":"Write-only. Absent: the stored password stays (dropped when username is null); null: no password"},
             "tls":{"type":["string","null"],"enum":["required","optional",null],"default":"required","description":"smtp:// only: STARTTLS required, or used when the relay offers it"}}}
            """#,
        "DocumentSettings": #"""
            {"type":"object","additionalProperties":false,"description":"A field absent or null takes its default","properties":{
             "locale":{"type":["string","null"],"pattern":"^([Ee][Nn]|[Ff][Rr])([-_][A-Za-z0-9]{1,8})*$","description":"en or fr (a tag such as fr-FR is taken as fr)","default":"en"},
             "paper":{"type":["string","null"],"enum":["a4","letter",null],"default":"a4"},
             "accent_color":{"type":["string","null"],"pattern":"^#[0-9A-Fa-f]{6}$","default":"#1F4E79"},
             "e_invoicing":{"type":["boolean","null"],"default":false,"description":"Embed the Factur-X XML (EN 16931) in every PDF; issuing refuses invoices that miss what EN 16931 needs"},
             "legal_footer":\#(S.text(maxLength: 1000, nullable: true)),
             "payment_terms_text":\#(S.text(maxLength: 300, nullable: true)),
             "note":\#(S.text(maxLength: 1000, nullable: true))}}
            """#,
    ]

    private static let days = #"{"type":["array","null"],"maxItems":10,"uniqueItems":true,"items":{"type":"integer","minimum":0,"maximum":366}}"#

    static func register(on router: inout Router, environment: APIEnvironment) {
        router.get("/v1/tenant", environment.tenantHandler { r in
            try respond(r, environment: environment)
        })
        router.patch("/v1/tenant", environment.tenantHandler { r in
            try TenantSettingsRepository(r.connection, control: environment.tenants.control, controlPool: environment.pool).apply(
                try update(r.request), to: r.tenant, secrets: environment.secrets)
            environment.authenticator.forget(r.request)
            return try respond(r, environment: environment)
        })
    }

    static func update(_ request: Request) throws -> TenantUpdate {
        let body = try RequestBody(request)
        let r = body.reader
        var update = TenantUpdate(
            displayName: r.optionalString("name"), timeZone: r.optionalString("time_zone"),
            fiscalYearStartMonth: r.optionalInt("fiscal_year_start_month"), currency: r.optionalString("currency"),
            lockDate: r.optionalDate("lock_date"), invoiceDating: r.optionalEnumValue("invoice_dating", InvoiceDating.CatchUp.self))
        r.optionalObject("reminders") { reminders in
            update.overdueDays = reminders.optionalIntArray("overdue_days")
            update.overdueRepeatDays = reminders.optionalInt("overdue_repeat_days")
            update.subscriptionEndingDays = reminders.optionalIntArray("subscription_ending_days")
            update.taskDueDays = reminders.optionalIntArray("task_due_days")
        }
        if r.contains("documents") {
            update.documents = r.optionalObject("documents") { d in documentSettings(d, body: body) } ?? DocumentSettings()
        }
        if r.contains("delivery") {
            update.relay = .platform
            update.delivery = r.optionalObject("delivery") { d in
                update.relay = d.contains("relay") ? d.optionalObject("relay") { relay($0) } ?? .platform : nil
                return DeliverySettings(
                    fromAddress: d.optionalString("from_address"), fromName: d.optionalString("from_name"),
                    replyTo: d.optionalString("reply_to"), alertRecipients: d.optionalStringArray("alert_recipients") ?? [])
            } ?? DeliverySettings()
        }
        if r.contains("legal") {
            update.legal = r.optionalObject("legal") { legal in
                LegalIdentity(
                    legalName: legal.optionalString("legal_name"),
                    address: PostalAddressJSON.read(legal, "address"),
                    vatID: legal.optionalString("vat_id"), registrationID: legal.optionalString("registration_id"),
                    iban: legal.optionalString("iban"), bic: legal.optionalString("bic"))
            } ?? LegalIdentity()
        }
        try body.finish()
        return update
    }

    /// `delivery.relay`: the password absent keeps the stored one, `null` removes it.
    private static func relay(_ r: JSONObjectReader) -> RelayChange {
        let url = r.string("url")
        let username = r.optionalString("username")
        let password: SecretChange = r.contains("password") ? r.optionalString("password").map { .set($0) } ?? .remove : .keep
        let tls = r.optionalEnumValue("tls", RelayTLS.self) ?? .required
        return .own(url: url, username: username, password: password, tlsRequired: tls == .required)
    }

    private static func documentSettings(_ d: JSONObjectReader, body: RequestBody) -> DocumentSettings {
        var settings = DocumentSettings()
        if let tag = d.optionalString("locale") {
            if let locale = DocumentLocale(tag: tag) {
                settings.locale = locale
            } else {
                body.record([FieldError(pointer: "/documents/locale", detail: "must be a language documents are written in: en or fr")])
            }
        }
        if let paper = d.optionalEnumValue("paper", PaperSize.self) { settings.paper = paper }
        if let color = d.optionalString("accent_color") { settings.accentColor = color }
        if let eInvoicing = d.optionalBool("e_invoicing") { settings.eInvoicing = eInvoicing }
        settings.legalFooter = d.optionalString("legal_footer")
        settings.paymentTermsText = d.optionalString("payment_terms_text")
        settings.note = d.optionalString("note")
        return settings
    }

    private static func respond(_ r: TenantRequest, environment: APIEnvironment) throws -> Response {
        // Read the row (not only the cached key answer) so that name, zone and status are current: in the tenant's
        // transaction, or on the control pool for a tenant on another cluster.
        let record = try environment.controlPool(apartFrom: r.tenant) == nil
            ? environment.tenantService.tenant(slug: r.tenant.slug, on: r.connection)
            : environment.tenantService.tenant(slug: r.tenant.slug)
        let tenant = record.context
        let settings = try TenantSettingsRepository(r.connection, control: environment.tenants.control).settings()
        let lockDate = try LedgerLock(r.connection).shown().date
        return Response.json { w in
            w.object { w in
                w.key("slug"); w.string(tenant.slug)
                w.key("name"); w.string(record.displayName)
                w.key("status"); w.string(tenant.status.wireValue)
                w.key("time_zone"); w.string(tenant.timeZoneIdentifier)
                w.key("currency"); w.string(tenant.currency.code)
                w.key("currency_minor_units"); w.int(tenant.currency.minorUnits)
                w.key("fiscal_year_start_month"); w.int(tenant.fiscalYearStartMonth)
                w.key("today"); w.string(tenant.today().description)
                w.key("lock_date"); w.date(lockDate)
                w.key("invoice_dating"); w.string(settings.invoiceDating.wireValue)
                w.key("reminders")
                w.object { w in
                    for (key, days) in [
                        ("overdue_days", settings.overdueDays), ("subscription_ending_days", settings.subscriptionEndingDays),
                        ("task_due_days", settings.taskDueDays),
                    ] {
                        w.key(key); w.array { w in for day in days { w.int(day) } }
                    }
                    w.key("overdue_repeat_days"); w.int(settings.overdueRepeatDays)
                }
                w.key("legal"); write(settings.legal, into: &w)
                w.key("documents")
                w.object { w in
                    let d = settings.documents
                    w.key("locale"); w.string(d.locale.rawValue)
                    w.key("paper"); w.string(d.paper.wireValue)
                    w.key("accent_color"); w.string(d.accentColor)
                    w.key("e_invoicing"); w.bool(d.eInvoicing)
                    w.key("legal_footer"); w.optionalString(d.legalFooter)
                    w.key("payment_terms_text"); w.optionalString(d.paymentTermsText)
                    w.key("note"); w.optionalString(d.note)
                    w.key("custom_template"); w.bool(settings.documentTemplate != nil)
                }
                w.key("delivery")
                w.object { w in
                    let d = settings.delivery
                    w.key("from_address"); w.optionalString(d.fromAddress)
                    w.key("from_name"); w.optionalString(d.fromName)
                    w.key("reply_to"); w.optionalString(d.replyTo)
                    w.key("alert_recipients"); w.array { w in for address in d.alertRecipients { w.string(address) } }
                    w.key("relay")
                    if let relay = d.relay {
                        w.object { w in
                            w.key("url"); w.string(relay.url)
                            w.key("username"); w.optionalString(relay.username)
                            w.key("password_set"); w.bool(relay.sealedPassword != nil)
                            w.key("tls"); w.string(relay.tlsRequired ? "required" : "optional")
                        }
                    } else {
                        w.null()
                    }
                }
            }
        }
    }

    private static func write(_ legal: LegalIdentity, into w: inout JSONWriter) {
        w.object { w in
            w.key("legal_name"); w.optionalString(legal.legalName)
            w.key("address"); PostalAddressJSON.write(legal.address, into: &w)
            w.key("vat_id"); w.optionalString(legal.vatID)
            w.key("registration_id"); w.optionalString(legal.registrationID)
            w.key("iban"); w.optionalString(legal.iban)
            w.key("bic"); w.optionalString(legal.bic)
        }
    }
}
