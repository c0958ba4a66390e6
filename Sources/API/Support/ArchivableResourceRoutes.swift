import Domain
import Foundation
import HTTPServer
import Postgres
import Store

/// A repository of tenant resources that are listed, created, read, replaced and archived (never deleted): items,
/// bank accounts. ``ArchivableResourceRoutes`` gives them their five routes.
protocol ArchivableResourceStore {
    associatedtype Resource: Sendable
    associatedtype Draft: Sendable
    init(_ connection: PostgresConnection)
    func list(includeArchived: Bool, page: PageRequest) throws -> Page<Resource>
    func create(_ draft: Draft, defaultCurrency: Currency) throws -> Resource
    func get(_ id: UUID) throws -> Resource
    func update(_ id: UUID, _ draft: Draft, defaultCurrency: Currency) throws -> Resource
    func setArchived(_ id: UUID, _ archived: Bool) throws -> Resource
}

extension ItemRepository: ArchivableResourceStore {}
extension BankAccountRepository: ArchivableResourceStore {}

/// The routes of an archivable resource at `path`: `GET path` (`include_archived` and the page parameters),
/// `POST path` (201), `GET path/:id`, `PUT path/:id` and `POST path/:id/archive` (an empty body or `{}`).
enum ArchivableResourceRoutes {
    static func register<Store: ArchivableResourceStore>(
        on router: inout Router, environment: APIEnvironment, path: String, resource: String, _ store: Store.Type,
        input: @escaping @Sendable (Request) throws -> Store.Draft,
        write: @escaping @Sendable (Store.Resource, inout JSONWriter) -> Void
    ) {
        router.get(path, environment.pageHandler(write) { r in
            try Store(r.connection).list(
                includeArchived: try QueryParameters.bool(r.request, "include_archived"), page: try QueryParameters.page(r.request))
        })
        router.post(path, environment.recordHandler(status: .created, write) { r in
            try Store(r.connection).create(try input(r.request), defaultCurrency: r.tenant.currency)
        })
        router.get("\(path)/:id", environment.recordHandler(write, id: resource) { r, id in try Store(r.connection).get(id) })
        router.put("\(path)/:id", environment.recordHandler(write, id: resource) { r, id in
            try Store(r.connection).update(id, try input(r.request), defaultCurrency: r.tenant.currency)
        })
        router.post("\(path)/:id/archive", environment.recordHandler(write) { r in
            try RequestBody(r.request).finish()  // no fields: a body must be empty or {}, checked before the id
            return try Store(r.connection).setArchived(try QueryParameters.id(r.request, resource), true)
        })
    }
}
