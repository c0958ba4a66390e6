/// The SQL every delivery queue shares (the outbox's e-mails, webhook deliveries): which rows are due, how a claim
/// takes them, how an outcome ends a claim. Each queue's table has `id`, `status`, `attempts`, `next_attempt_at`,
/// `claimed_until`, `sent_at` and `last_error` with the meanings of docs/delivery.md.
enum DeliveryQueueSQL {
    /// Rows of `alias` (in `source`) due now.
    static func due(_ alias: String) -> String {
        "\(alias).status IN ('pending', 'retrying') AND \(alias).next_attempt_at <= now()"
    }

    /// Rows of `alias` whose claim ran out (the worker stopped before recording).
    static func lapsed(_ alias: String) -> String {
        "\(alias).status = 'sending' AND \(alias).claimed_until < now()"
    }

    /// The CTEs `fresh`, `lapsed` and `due(due_id, previous)`: up to $1 rows of `alias` (in `source`) to claim, the
    /// lapsed claims first, each `FOR UPDATE SKIP LOCKED` so that workers claim disjoint batches. `condition` narrows
    /// both (an enabled endpoint).
    static func dueRows(from source: String, alias: String, where condition: String = "true") -> String {
        """
        fresh AS (
            SELECT \(alias).id AS due_id, \(alias).status AS previous FROM \(source)
            WHERE \(due(alias)) AND \(condition)
            ORDER BY \(alias).next_attempt_at LIMIT $1 FOR UPDATE OF \(alias) SKIP LOCKED),
        lapsed AS (
            SELECT \(alias).id AS due_id, \(alias).status AS previous FROM \(source)
            WHERE \(lapsed(alias)) AND \(condition)
            ORDER BY \(alias).claimed_until LIMIT $1 FOR UPDATE OF \(alias) SKIP LOCKED),
        due AS (SELECT * FROM lapsed UNION ALL SELECT * FROM fresh LIMIT $1)
        """
    }

    /// The assignments of a claim of row `alias` for $2 seconds.
    static func claiming(_ alias: String) -> String {
        "status = 'sending', claimed_until = now() + make_interval(secs => $2), attempts = \(alias).attempts + 1"
    }

    /// One probe: whether anything in `source` is due or lapsed.
    static func anyDue(from source: String, alias: String, where condition: String = "true") -> String {
        """
        SELECT EXISTS (SELECT 1 FROM \(source) WHERE \(due(alias)) AND \(condition))
            OR EXISTS (SELECT 1 FROM \(source) WHERE \(lapsed(alias)) AND \(condition)) AS due
        """
    }

    /// The CTE `outcome` over the arrays of ``AttemptRecord/parameters(_:)`` ($1…$8), and `extra` more columns
    /// (`$9::int[]` … with their names).
    static func outcomes(extra: [(array: String, name: String)] = []) -> String {
        let arrays = ["$1::uuid[]", "$2::int[]", "$3::text[]", "$4::int[]", "$5::text[]", "$6::int[]", "$7::text[]", "$8::float8[]"]
        let names = ["id", "attempt", "status", "retry_after", "outcome", "code", "detail", "started_at"]
        return """
            outcome AS (
                SELECT * FROM unnest(\((arrays + extra.map(\.array)).joined(separator: ", ")))
                    AS o(\((names + extra.map(\.name)).joined(separator: ", "))))
            """
    }

    /// The assignments that end a claim of row `alias` with outcome `o` (from ``outcomes(extra:)``).
    static func recording(_ alias: String) -> String {
        """
        status = o.status, claimed_until = NULL,
            sent_at = CASE WHEN o.status = 'sent' THEN now() END,
            next_attempt_at = CASE WHEN o.status = 'retrying' THEN now() + make_interval(secs => o.retry_after)
                                   ELSE \(alias).next_attempt_at END,
            last_error = left(o.detail, 1000)
        """
    }

    /// Only while the claim is still the one recorded (same attempt, still sending): a worker whose lease ran out
    /// and was overtaken records nothing.
    static func stillClaimed(_ alias: String) -> String {
        "\(alias).id = o.id AND \(alias).status = 'sending' AND \(alias).attempts = o.attempt"
    }

    /// Logs as `unknown` the attempts that claims which ran out left unrecorded: $1 ids, $2 their attempt numbers,
    /// into the attempt log `table` keyed by `idColumn`; `sameID` names what the receiver deduplicates on.
    static func recordUnknown(into table: String, idColumn: String, sameID: String) -> String {
        """
        INSERT INTO \(table) (\(idColumn), attempt, started_at, finished_at, outcome, detail)
        SELECT id, attempt, now(), now(), 'unknown', 'the worker stopped before recording the outcome; sent again with the same \(sameID)'
        FROM unnest($1::uuid[], $2::int[]) AS u(id, attempt)
        ON CONFLICT DO NOTHING
        """
    }
}
