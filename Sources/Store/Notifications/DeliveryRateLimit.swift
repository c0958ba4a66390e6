import Postgres

/// A per-tenant limit on deliveries a minute over all delivery workers, kept in the control schema
/// (`delivery_rate_windows`, docs/delivery.md "Rate limits"). A worker reserves before it claims, in the claim's own
/// transaction, and gives back what it found no row to claim for: the count is exact whatever the number of workers.
public struct DeliveryRateLimit: Sendable, Hashable {
    /// What is counted: e-mails and webhook deliveries have separate limits.
    public enum Channel: String, Sendable {
        case email, webhook
    }

    public let channel: Channel
    /// Deliveries claimed a minute, per tenant (at least 1).
    public let perMinute: Int

    public init(_ channel: Channel, perMinute: Int) {
        self.channel = channel
        self.perMinute = max(1, perMinute)
    }

    /// Claims through `claim` (given how many it may take) at most `wanted` rows, and no more than the tenant's minute
    /// has left; run inside the claim's transaction so that the count and the claim commit (or roll back) together.
    ///
    /// A tenant on another cluster than the control schema's (`controlPool` given) reserves and gives back on
    /// `controlPool`, each in a statement of its own: a claim that then rolls back leaves its reservation counted,
    /// so the limit can only be undershot, never exceeded.
    public func claim<Claimed>(
        upTo wanted: Int, tenantID: Int64, control: ControlSchema, on db: PostgresConnection,
        controlPool: PostgresPool? = nil, _ claim: (Int) throws -> [Claimed]
    ) throws -> [Claimed] {
        let onControl = { (body: (PostgresConnection) throws -> Void) throws in
            if let controlPool { try controlPool.withConnection(body) } else { try body(db) }
        }
        var grant = Grant(count: 0, window: nil)
        try onControl { grant = try reserve(wanted, tenantID: tenantID, control: control, on: $0) }
        guard grant.count > 0 else { return [] }
        let claimed = try claim(grant.count)
        try onControl { try giveBack(grant, claimed: claimed.count, tenantID: tenantID, control: control, on: $0) }
        return claimed
    }

    /// A reservation: how many rows the worker may claim now, in the minute `window`.
    struct Grant: Sendable {
        let count: Int
        /// The minute, as the database wrote it.
        let window: String?
    }

    /// Reserves up to `wanted` deliveries of the current minute for `tenantID`.
    func reserve(_ wanted: Int, tenantID: Int64, control: ControlSchema, on db: PostgresConnection) throws -> Grant {
        let row = try db.query(Statements(control: control).reserve, [tenantID, channel.rawValue, wanted, perMinute]).first
        return Grant(count: try row?.decode(Int.self, "granted") ?? 0, window: try row?.decode(String.self, "window"))
    }

    /// Gives back the part of `grant` not claimed (`claimed` rows were found), in the same transaction.
    func giveBack(_ grant: Grant, claimed: Int, tenantID: Int64, control: ControlSchema, on db: PostgresConnection) throws {
        guard grant.count > claimed else { return }
        try db.query(Statements(control: control).giveBack, [tenantID, channel.rawValue, grant.count - claimed, grant.window])
    }

    struct Statements {
        let control: ControlSchema

        /// Reserves min($3 wanted, $4 limit − used this minute) for tenant $1 and channel $2; a new minute starts the
        /// count afresh. Returns `granted` and the minute.
        var reserve: PostgresStatement {
            control.statement(
                "recur_delivery_rate_reserve",
                """
                INSERT INTO \(control.table("delivery_rate_windows")) AS w (tenant_id, channel, window_start, used, granted)
                VALUES ($1, $2, date_trunc('minute', now()), LEAST($3, $4), LEAST($3, $4))
                ON CONFLICT (tenant_id, channel) DO UPDATE SET
                    granted = CASE WHEN w.window_start = excluded.window_start
                        THEN LEAST($3, GREATEST($4 - w.used, 0)) ELSE excluded.used END,
                    used = CASE WHEN w.window_start = excluded.window_start
                        THEN w.used + LEAST($3, GREATEST($4 - w.used, 0)) ELSE excluded.used END,
                    window_start = excluded.window_start
                RETURNING granted, window_start::text AS window
                """)
        }

        /// Returns $3 unclaimed reservations of minute $4 (nothing when the minute has passed).
        var giveBack: PostgresStatement {
            control.statement(
                "recur_delivery_rate_give_back",
                """
                UPDATE \(control.table("delivery_rate_windows")) SET used = GREATEST(used - $3, 0)
                WHERE tenant_id = $1 AND channel = $2 AND window_start = $4::timestamptz
                """)
        }
    }
}
