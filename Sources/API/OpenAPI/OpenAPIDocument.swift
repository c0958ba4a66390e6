import HTTPServer
import Store

/// Renders the OpenAPI 3.1 document from the operations and schemas the resource modules declare.
public enum OpenAPIDocument {
    /// Shared schemas, as JSON Schema text, by name.
    public static let commonSchemas: [String: String] = [
        "Problem": #"""
            {"type":"object","description":"RFC 9457 problem details.","required":["type","title","status"],
             "properties":{"type":{"type":"string","format":"uri"},"title":{"type":"string"},
             "status":{"type":"integer"},"detail":{"type":"string"},"instance":{"type":"string"},
             "errors":{"type":"array","items":{"type":"object","required":["pointer","detail"],
               "properties":{"pointer":{"type":"string","description":"JSON pointer to the offending field"},
               "detail":{"type":"string"}}}}}}
            """#,
        "Health": #"{"type":"object","required":["status"],"properties":{"status":{"type":"string"}}}"#,
        "Readiness": #"""
            {"type":"object","required":["status","database","migrations"],"properties":{
             "status":{"type":"string","enum":["ready","not_ready"]},"database":{"type":"string"},
             "migrations":{"type":"string"},"pending_tenants":{"type":"integer"}}}
            """#,
        "Tenant": #"""
            {"type":"object","required":["slug","name","status","time_zone","currency","fiscal_year_start_month","today"],
             "properties":{"slug":{"type":"string"},"name":{"type":"string"},
             "status":\#(OpenAPISchemas.enumeration(TenantStatus.self)),
             "time_zone":{"type":"string","description":"IANA time zone"},
             "currency":{"type":"string","description":"ISO 4217 code"},
             "currency_minor_units":{"type":"integer"},
             "fiscal_year_start_month":{"type":"integer","minimum":1,"maximum":12},
             "today":{"type":"string","format":"date","description":"The tenant's calendar date now"},
             "lock_date":{"type":["string","null"],"format":"date","description":"Nothing is posted on or before it; null while nothing is locked"},
             "invoice_dating":{"type":"string","enum":["occurrence_date","eod_date"],"description":"How the EOD dates an invoice it issues late"},
             "delivery":{"type":"object","description":"Sender, alert recipients and relay of the tenant's e-mails","properties":{
              "relay":{"oneOf":[{"$ref":"#/components/schemas/TenantRelay"},{"type":"null"}],"description":"The tenant's own SMTP relay; null: the platform's"}}}}}
            """#,
    ]

    /// The document as JSON bytes.
    public static func render(operations: [OpenAPIOperation], schemas: [String: String]) -> [UInt8] {
        var writer = JSONWriter(capacity: 16_384)
        writer.object { w in
            w.key("openapi"); w.string("3.1.0")
            w.key("info")
            w.object { w in
                w.key("title"); w.string("Recur API")
                w.key("version"); w.string("1.0.0")
                w.key("description")
                w.string(
                    "Recurring billing and budgeting. Money is a decimal string; dates are ISO 8601 calendar dates in the tenant's time zone. Every error is application/problem+json (RFC 9457).")
            }
            w.key("servers"); w.array { w in w.object { w in w.key("url"); w.string("/") } }
            w.key("paths")
            w.object { w in
                var order: [String] = []
                var byPath: [String: [OpenAPIOperation]] = [:]
                for operation in operations {
                    if byPath[operation.openAPIPath] == nil { order.append(operation.openAPIPath) }
                    byPath[operation.openAPIPath, default: []].append(operation)
                }
                for path in order {
                    w.key(path)
                    w.object { w in
                        for operation in byPath[path] ?? [] { write(operation, into: &w) }
                    }
                }
            }
            w.key("components")
            w.object { w in
                w.key("securitySchemes")
                w.object { w in
                    w.key("apiKey")
                    w.object { w in
                        w.key("type"); w.string("http")
                        w.key("scheme"); w.string("bearer")
                        w.key("description"); w.string("A tenant API key (rk_…), issued by recur-admin.")
                    }
                    w.key("sessionCookie")
                    w.object { w in
                        w.key("type"); w.string("apiKey")
                        w.key("in"); w.string("cookie")
                        w.key("name"); w.string("recur_session")
                        w.key("description"); w.string("A user's login session (POST /v1/sessions). Every write made with it must also send X-CSRF-Token: the session's csrf_token.")
                    }
                }
                w.key("schemas")
                w.object { w in
                    for name in schemas.keys.sorted() {
                        w.key(name)
                        w.raw(schemas[name] ?? "{}")
                    }
                }
            }
        }
        return writer.bytes
    }

    private static func write(_ operation: OpenAPIOperation, into w: inout JSONWriter) {
        w.key(operation.method.lowercased())
        w.object { w in
            w.key("operationId"); w.string(operation.operationID)
            w.key("summary"); w.string(operation.summary)
            w.key("tags"); w.array { w in w.string(operation.tag) }
            if operation.requiresAuth {
                w.key("security")
                w.array { w in
                    w.object { w in w.key("apiKey"); w.array { _ in } }
                    w.object { w in w.key("sessionCookie"); w.array { _ in } }
                }
                if case .role(let role) = APIPermissions.requirement(of: operation) {
                    w.key("x-required-role"); w.string(role.rawValue)
                }
            } else {
                w.key("security"); w.array { _ in }
            }
            if !operation.parameters.isEmpty {
                w.key("parameters"); w.objects(operation.parameters) { w, parameter in
                    w.key("name"); w.string(parameter.name)
                    w.key("in"); w.string(parameter.location.rawValue)
                    w.key("required"); w.bool(parameter.required)
                    if !parameter.description.isEmpty { w.key("description"); w.string(parameter.description) }
                    w.key("schema"); w.raw(parameter.schema)
                }
            }
            if let request = operation.requestSchema {
                w.key("requestBody")
                w.object { w in
                    w.key("required"); w.bool(operation.requestRequired)
                    if !operation.requestRequired {
                        w.key("description"); w.string("Optional: an empty body stands for {} (every field takes its default).")
                    }
                    w.key("content")
                    w.object { w in
                        for mediaType in operation.requestMediaTypes {
                            w.key(mediaType)
                            w.object { w in w.key("schema"); reference(operation.requestSchemaByMediaType[mediaType] ?? request, into: &w) }
                        }
                    }
                }
            }
            w.key("responses")
            w.object { w in
                w.key(String(operation.successStatus))
                w.object { w in
                    w.key("description"); w.string("Success")
                    if operation.csvFromList && operation.queryParameterNames.contains("cursor") {
                        w.key("headers")
                        w.object { w in
                            w.key("Link")
                            w.object { w in
                                w.key("description")
                                w.string("text/csv only: the next page, `<…&cursor=…>; rel=\"next\"` (the JSON's `next_cursor`); absent on the last page")
                                w.key("schema"); w.raw(#"{"type":"string"}"#)
                            }
                        }
                    }
                    if let response = operation.responseSchema {
                        w.key("content")
                        w.object { w in
                            w.key(operation.responseMediaType)
                            w.object { w in w.key("schema"); reference(response, into: &w) }
                            for alternate in operation.alternateResponses {
                                w.key(alternate.mediaType)
                                w.object { w in w.key("schema"); reference(alternate.schema, into: &w) }
                            }
                        }
                    }
                }
                for other in operation.otherSuccesses {
                    w.key(String(other.status))
                    w.object { w in
                        w.key("description"); w.string(other.description)
                        if let schema = other.schema {
                            w.key("content")
                            w.object { w in
                                w.key("application/json")
                                w.object { w in w.key("schema"); reference(schema, into: &w) }
                            }
                        }
                    }
                }
                for status in errorStatuses(of: operation) {
                    w.key(String(status))
                    w.object { w in
                        w.key("description"); w.string(HTTPStatus(code: status).reasonPhrase)
                        w.key("content")
                        w.object { w in
                            w.key("application/problem+json")
                            w.object { w in w.key("schema"); reference("Problem", into: &w) }
                        }
                    }
                }
            }
        }
    }

    /// The error statuses `operation` may answer: its own, and those of every operation of its kind.
    ///
    /// - every operation: 422 when a query parameter has a control character or malformed percent-encoding or
    ///   UTF-8, or is not one of the operation's (``QueryConventions``; answered before the handler runs, naming
    ///   the parameter), 500;
    /// - with an API key: 400 (e.g. two `Authorization` headers), 401, 403 (the tenant is suspended, or the key's
    ///   role is below the operation's `x-required-role`, see ``APIPermissions``), and 503 when the database is
    ///   unavailable, every connection is busy, a concurrent change conflicted, a statement ran past its
    ///   timeout, or a write arrived during a tenant move's write freeze (with `Retry-After`);
    /// - with a body: 400 (malformed JSON), 413 (body too large), 415 (not one of its media types), 422;
    /// - with a path parameter: 404.
    static func errorStatuses(of operation: OpenAPIOperation) -> [Int] {
        var errors = operation.errorStatuses + [422, 500]
        if operation.requiresAuth { errors += [400, 401, 403, 503] }
        if operation.requestSchema != nil { errors += [400, 413, 415, 422] }
        if operation.parameters.contains(where: { $0.location == .path }) { errors.append(404) }
        return Set(errors).sorted()
    }

    private static func reference(_ schema: String, into w: inout JSONWriter) {
        w.object { w in
            w.key("$ref"); w.string("#/components/schemas/\(schema)")
        }
    }
}
