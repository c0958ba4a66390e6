import HTTPServer
import Store

/// `GET /v1/tenant`: the caller's own tenant.
enum TenantRoutes {
    static let operations: [OpenAPIOperation] = [
        OpenAPIOperation("GET", "/v1/tenant", id: "getTenant", summary: "The caller's tenant", tag: "Tenant", response: "Tenant")
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        let service = environment.tenantService
        router.get("/v1/tenant", environment.authenticatedHandler { _, context in
            // Read the row (not only the cached key answer) so the name and status are current.
            let record = try service.tenant(slug: context.slug)
            let tenant = record.context
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
                }
            }
        })
    }
}
