import ArgumentParser

/// The root command: `recur-admin <tenant|key|migrate|schedule> …`.
struct RecurAdmin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recur-admin",
        abstract: "Operate Recur: clusters, tenants, API keys, migrations, schedules, EOD runs.",
        discussion: """
            The database is DATABASE_URL (a libpq conninfo or postgresql:// URI). Migrations are read from \
            RECUR_SQL_DIR, else <checkout>/sql, else ./sql.

            Errors are one line on stderr: "recur-admin: error: …".

            EXIT CODES
              0  success
              1  the operation failed (duplicate slug, failed tenant migrations, lock held, …)
              2  usage or validation error (bad option, invalid slug, time zone, currency, missing DATABASE_URL)
              3  not found (no such tenant or key)
              4  database unreachable (cannot connect, or the connection was lost)
            """,
        subcommands: [ClusterCommand.self, TenantCommand.self, KeyCommand.self, UserCommand.self, MigrateCommand.self, ScheduleSubcommand.self, EODCommand.self]
    )
}
