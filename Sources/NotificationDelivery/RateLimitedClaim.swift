import Postgres
import Store

extension Optional where Wrapped == DeliveryRateLimit {
    /// Claims up to `wanted` rows through `claim`: within the tenant's rate limit when there is one (see
    /// ``DeliveryRateLimit/claim(upTo:tenantID:control:on:_:)``), else `wanted`.
    func claim<Claimed>(
        upTo wanted: Int, tenant: TenantContext, control: ControlSchema, on db: PostgresConnection,
        _ claim: (Int) throws -> [Claimed]
    ) throws -> [Claimed] {
        guard let limit = self else { return try claim(wanted) }
        return try limit.claim(upTo: wanted, tenantID: tenant.id, control: control, on: db, claim)
    }
}
