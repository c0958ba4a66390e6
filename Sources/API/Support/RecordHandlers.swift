import Foundation
import HTTPServer
import Store

extension APIEnvironment {
    /// A tenant handler answering the one record `body` returns as JSON, written by `write`, with `status` (201 for
    /// a creation): the shape of most resources' `GET …/:id`, `POST`, `PUT` and action routes.
    func recordHandler<Record>(
        status: HTTPStatus = .ok, _ write: @escaping @Sendable (Record, inout JSONWriter) -> Void,
        _ body: @escaping @Sendable (TenantRequest) throws -> Record
    ) -> Handler {
        tenantHandler { r in
            let record = try body(r)
            return Response.json(status: status) { write(record, &$0) }
        }
    }

    /// ``recordHandler(status:_:_:)`` for a route on one record (`…/:id`): `body` gets the record's id, read from the
    /// path (404 naming `resource` when it is not an id).
    func recordHandler<Record>(
        status: HTTPStatus = .ok, _ write: @escaping @Sendable (Record, inout JSONWriter) -> Void, id resource: String,
        _ body: @escaping @Sendable (TenantRequest, UUID) throws -> Record
    ) -> Handler {
        recordHandler(status: status, write) { r in try body(r, try QueryParameters.id(r.request, resource)) }
    }

    /// A tenant handler for `DELETE …/:id`: `body` deletes the record whose id the path gives (404 naming `resource`
    /// when it is not an id); 204 when it returns.
    func deleteHandler(id resource: String, _ body: @escaping @Sendable (TenantRequest, UUID) throws -> Void) -> Handler {
        tenantHandler { r in
            try body(r, try QueryParameters.id(r.request, resource))
            return .noContent
        }
    }

    /// A tenant handler answering the records `body` returns as `{"data": […]}` (a list without pages), each written
    /// by `write`.
    func listHandler<Record>(
        _ write: @escaping @Sendable (Record, inout JSONWriter) -> Void,
        _ body: @escaping @Sendable (TenantRequest) throws -> [Record]
    ) -> Handler {
        tenantHandler { r in
            let records = try body(r)
            return Response.json { w in
                w.object { w in w.key("data"); w.array { w in for record in records { write(record, &w) } } }
            }
        }
    }

    /// A tenant handler answering the page `body` returns as `{"data": […], "next_cursor": …}`, each record written
    /// by `write`: the shape of most resources' list routes. `readOnly`: for a list whose statements neither write nor
    /// lock (``tenantHandler(isolation:readOnly:_:)``: its `COMMIT` is not waited for).
    func pageHandler<Record>(
        readOnly: Bool = false, _ write: @escaping @Sendable (Record, inout JSONWriter) -> Void,
        _ body: @escaping @Sendable (TenantRequest) throws -> Page<Record>
    ) -> Handler {
        tenantHandler(readOnly: readOnly) { r in
            let page = try body(r)
            return Response.json { $0.page(page) { w, record in write(record, &w) } }
        }
    }
}
