import Postgres

/// The chart of accounts' SQL.
enum AccountStatements {
    static let columns = "id, code, name, type, role, archived_at, created_at, updated_at"

    static let insert = PostgresStatement(
        "ledger_account_insert",
        "INSERT INTO accounts (code, name, type) VALUES ($1, $2, $3) RETURNING \(columns)")

    static let byID = PostgresStatement(
        "ledger_account_by_id", "SELECT \(columns) FROM accounts WHERE id = $1")

    static let byRole = PostgresStatement(
        "ledger_account_by_role", "SELECT \(columns) FROM accounts WHERE role = $1")

    static let list = PostgresStatement(
        "ledger_account_list",
        "SELECT \(columns) FROM accounts WHERE $1 OR archived_at IS NULL ORDER BY code")

    static let update = PostgresStatement(
        "ledger_account_update",
        "UPDATE accounts SET code = $2, name = $3, type = $4, updated_at = now() WHERE id = $1 RETURNING \(columns)")

    static let archive = PostgresStatement.setArchived("ledger_account_archive", table: "accounts", returning: columns)

    static let delete = PostgresStatement("ledger_account_delete", "DELETE FROM accounts WHERE id = $1")

    static let isUsed = PostgresStatement(
        "ledger_account_is_used", "SELECT EXISTS (SELECT 1 FROM journal_lines WHERE account_id = $1) AS used")
}
