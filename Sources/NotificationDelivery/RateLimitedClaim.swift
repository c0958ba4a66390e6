import Postgres
import Store

extension Optional where Wrapped == DeliveryRateLimit {
    /// Claims up to `wanted` rows through `claim`: within the tenant's rate limit when there is one (see
    /// ``DeliveryRateLimit/claim(upTo:tenantID:control:on:controlPool:_:)``), else `wanted`. The count is kept on
    /// `database`'s control pool when the tenant lives on another cluster.
    func claim<Claimed>(
        upTo wanted: Int, tenant: TenantContext, database: TenantDatabase, on db: PostgresConnection,
        _ claim: (Int) throws -> [Claimed]
    ) throws -> [Claimed] {
        guard let limit = self else { return try claim(wanted) }
        let controlPool = tenant.cluster == ClusterConnections.defaultName ? nil : database.pool
        return try limit.claim(
            upTo: wanted, tenantID: tenant.id, control: database.control, on: db, controlPool: controlPool, claim)
    }
}
