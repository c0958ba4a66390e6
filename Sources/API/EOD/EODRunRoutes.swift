import Domain
import EOD
import Foundation
import HTTPServer
import Store

/// `/v1/eod-runs`: a tenant asks for its EOD now, and reads its run log.
enum EODRunRoutes {
    static let operations: [OpenAPIOperation] = [
        OpenAPIOperation(
            "POST", "/v1/eod-runs", id: "createEODRun",
            summary: "Start this tenant's EOD now (posts every occurrence due on or before as_of) in the background; poll the returned run at GET /v1/eod-runs/{id} (its Location)",
            tag: "EOD", request: "EODRunRequest", requestRequired: false, status: 202, response: "EODRun",
            errors: [409, 422]),
        OpenAPIOperation(
            "GET", "/v1/eod-runs", id: "listEODRuns", summary: "This tenant's EOD runs, newest first", tag: "EOD",
            parameters: [
                .init("limit", in: .query, schema: #"{"type":"integer","minimum":1,"maximum":200,"default":50}"#),
                .init(
                    "cursor", in: .query, schema: #"{"type":"string","pattern":"^[0-9]{1,18}$"}"#,
                    description: "next_cursor of the previous page (a run id: runs before it)"),
            ], response: "EODRunList", errors: [422]),
        .read("/v1/eod-runs/:id", id: "getEODRun", summary: "One EOD run", tag: "EOD", response: "EODRun"),
    ]

    static let schemas: [String: String] = [
        "EODRunRequest": #"""
            {"type":"object","additionalProperties":false,"properties":{
             "as_of":{"type":["string","null"],"format":"date","description":"Default: the tenant's yesterday; never after its today"}}}
            """#,
        "EODRun": #"""
            {"type":"object","required":["id","as_of","status","requested_by","started_at","counts"],"properties":{
             "id":{"type":"string"},"as_of":{"type":"string","format":"date"},
             "status":\#(OpenAPISchemas.enumeration(EODRun.Status.self)),
             "requested_by":\#(OpenAPISchemas.enumeration(EODRun.RequestedBy.self)),"worker":{"type":"string"},
             "started_at":{"type":"string","format":"date-time"},
             "finished_at":{"type":["string","null"],"format":"date-time"},
             "counts":{"type":"object","additionalProperties":{"type":"integer"},"description":"Postings per kind of recurring source (invoice_setups, …) and notifications; deferred_sources (sources left for the next run) and redated_invoices (invoices dated later than their occurrence's posting date: lock date, chronological numbering, eod_date dating) only when above 0"},
             "error":{"type":["string","null"]}}}
            """#,
        "EODRunList": #"""
            {"type":"object","required":["data"],"properties":{
             "data":{"type":"array","items":{"$ref":"#/components/schemas/EODRun"}},
             "next_cursor":{"type":["string","null"]}}}
            """#,
    ]

    static func register(on router: inout Router, environment: APIEnvironment) {
        let eod = environment.eod
        let background = environment.backgroundEOD
        router.post("/v1/eod-runs", environment.authenticatedHandler { request, tenant in
            var asOf = EODRunner.defaultAsOf(for: tenant)
            if !request.body.isEmpty {
                let body = try request.jsonObject()
                let text = body.optionalString("as_of")
                try body.finish()
                if let text {
                    guard let date = CalendarDate(text) else {
                        throw Problem.validation([FieldError(pointer: "/as_of", detail: "must be a calendar date YYYY-MM-DD")])
                    }
                    asOf = date
                }
            }
            let today = tenant.today()
            guard asOf <= today else {
                throw Problem.validation([
                    FieldError(pointer: "/as_of", detail: "must not be after the tenant's today (\(today))")
                ])
            }
            let run = try background.start(tenant: tenant, asOf: asOf)
            var response = Response.json(status: .accepted) { write(run, into: &$0) }
            response.headers.set("Location", "/v1/eod-runs/\(run.id)")
            return response
        })

        router.get("/v1/eod-runs", environment.authenticatedHandler { request, tenant in
            let limit = try Pagination.limit(request)
            let before = try request.query("cursor").map { text -> Int64 in
                guard (1...18).contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let id = Int64(text)
                else { throw Problem.validation([FieldError(pointer: "/cursor", detail: "must be a run id: 1 to 18 digits")]) }
                return id
            }
            let runs = try eod.runs(tenantID: tenant.id, before: before, limit: limit + 1)
            return Response.json { w in
                w.object { w in
                    w.key("data")
                    w.array { w in for run in runs.prefix(limit) { write(run, into: &w) } }
                    w.key("next_cursor")
                    if runs.count > limit, let last = runs.prefix(limit).last { w.string(String(last.id)) } else { w.null() }
                }
            }
        })

        router.get("/v1/eod-runs/:id", environment.authenticatedHandler { request, tenant in
            guard let id = Int64(try request.parameter("id")), let run = try eod.run(id: id, tenantID: tenant.id) else {
                throw Problem.notFound("No EOD run with this id.")
            }
            return Response.json { write(run, into: &$0) }
        })
    }

    static func write(_ run: EODRun, into w: inout JSONWriter) {
        w.object { w in
            w.key("id"); w.string(String(run.id))
            w.key("as_of"); w.string(run.asOf.description)
            w.key("status"); w.string(run.status.wireValue)
            w.key("requested_by"); w.string(run.requestedBy.wireValue)
            w.key("worker"); w.string(run.worker)
            w.key("started_at"); w.string(Timestamps.iso8601(run.startedAt))
            w.key("finished_at")
            if let finished = run.finishedAt { w.string(Timestamps.iso8601(finished)) } else { w.null() }
            w.key("counts")
            w.object { w in for key in run.counts.keys.sorted() { w.key(key); w.int(run.counts[key] ?? 0) } }
            w.key("error")
            if let error = run.error { w.string(error) } else { w.null() }
        }
    }
}
