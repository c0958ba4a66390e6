import Domain
import Foundation
import Postgres
import Store

/// One EOD run of one tenant, as the run log records it.
public struct EODRun: Sendable, Hashable {
    public enum Status: String, WireEnum, Sendable, Hashable { case running, succeeded, failed }
    /// Who asked for the run.
    public enum RequestedBy: String, WireEnum, Sendable, Hashable { case worker, command, api }

    public let id: Int64
    public let tenantID: Int64
    public let tenantSlug: String
    public let asOf: CalendarDate
    public let status: Status
    public let requestedBy: RequestedBy
    public let worker: String
    public let startedAt: Date
    public let finishedAt: Date?
    /// Postings per kind of recurring source, plus `notifications`.
    public let counts: [String: Int]
    public let error: String?

    init(row: PostgresRow) throws {
        id = try row.decode(Int64.self, "id")
        tenantID = try row.decode(Int64.self, "tenant_id")
        tenantSlug = try row.decode(String.self, "slug")
        asOf = try row.decode(CalendarDate.self, "as_of")
        status = Status(rawValue: try row.decode(String.self, "status")) ?? .failed
        requestedBy = RequestedBy(rawValue: try row.decode(String.self, "requested_by")) ?? .worker
        worker = try row.decode(String.self, "worker")
        startedAt = try row.decode(Date.self, "started_at")
        finishedAt = try row.decode(Date?.self, "finished_at")
        let countsJSON = try row.decode(PostgresJSON.self, "counts").text
        counts = (try? JSONDecoder().decode([String: Int].self, from: Data(countsJSON.utf8))) ?? [:]
        error = try row.decode(String?.self, "error")
    }
}

/// The run log's statements, over the control schema's `eod_runs`.
struct EODRunLog: Sendable {
    let control: ControlSchema

    private static let columns =
        "r.id, r.tenant_id, t.slug, r.as_of, r.status, r.requested_by, r.worker, r.started_at, r.finished_at, r.counts, r.error"

    var start: PostgresStatement {
        control.statement(
            "eod_run_start",
            """
            WITH inserted AS (
                INSERT INTO \(control.table("eod_runs")) (tenant_id, as_of, requested_by, worker)
                VALUES ($1, $2, $3, $4) RETURNING *)
            SELECT \(Self.columns) FROM inserted r JOIN \(control.table("tenants")) t ON t.id = r.tenant_id
            """)
    }

    var finish: PostgresStatement {
        control.statement(
            "eod_run_finish",
            """
            WITH updated AS (
                UPDATE \(control.table("eod_runs")) SET status = $2, finished_at = now(), counts = $3, error = $4
                WHERE id = $1 RETURNING *)
            SELECT \(Self.columns) FROM updated r JOIN \(control.table("tenants")) t ON t.id = r.tenant_id
            """)
    }

    /// Marks runs left `running` by a worker that died. Only called while holding the tenant's EOD lock, so no
    /// run of that tenant can really be in progress.
    var abandonInterrupted: PostgresStatement {
        control.statement(
            "eod_run_abandon",
            """
            UPDATE \(control.table("eod_runs"))
            SET status = 'failed', finished_at = now(), error = 'interrupted: the worker stopped before finishing'
            WHERE tenant_id = $1 AND status = 'running'
            """)
    }

    static let now = PostgresStatement("eod_now", "SELECT now() AS now")

    /// $1 tenant, $2 as-of date, $3 instant: whether a run for that date succeeded having started since then.
    var succeededSince: PostgresStatement {
        control.statement(
            "eod_run_succeeded_since",
            """
            SELECT EXISTS (SELECT 1 FROM \(control.table("eod_runs"))
                           WHERE tenant_id = $1 AND as_of = $2 AND status = 'succeeded' AND started_at >= $3) AS done
            """)
    }

    var list: PostgresStatement {
        control.statement(
            "eod_run_list",
            """
            SELECT \(Self.columns) FROM \(control.table("eod_runs")) r
            JOIN \(control.table("tenants")) t ON t.id = r.tenant_id
            WHERE ($1::bigint IS NULL OR r.tenant_id = $1) AND ($2::bigint IS NULL OR r.id < $2)
            ORDER BY r.id DESC LIMIT $3
            """)
    }

    var get: PostgresStatement {
        control.statement(
            "eod_run_get",
            """
            SELECT \(Self.columns) FROM \(control.table("eod_runs")) r
            JOIN \(control.table("tenants")) t ON t.id = r.tenant_id
            WHERE r.id = $1 AND ($2::bigint IS NULL OR r.tenant_id = $2)
            """)
    }

    /// Every active tenant with the last as-of date that succeeded: what the daemon needs, in one query.
    var lastSucceeded: PostgresStatement {
        control.statement(
            "eod_last_succeeded",
            """
            SELECT t.id AS tenant_id,
                   (SELECT max(r.as_of) FROM \(control.table("eod_runs")) r
                    WHERE r.tenant_id = t.id AND r.status = 'succeeded') AS last_as_of
            FROM \(control.table("tenants")) t WHERE t.status = 'active'
            """)
    }
}
