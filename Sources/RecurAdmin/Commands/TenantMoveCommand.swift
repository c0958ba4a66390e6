import ArgumentParser
import Foundation
import Store

/// `recur-admin tenant move <slug> --to <cluster> [--abort]`: moves a tenant to another cluster with logical
/// replication while it keeps working (docs/scaling.md, "Tenant moves").
struct TenantMoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move",
        abstract: "Move a tenant to another cluster (logical replication, a write freeze of about a second); resumable.",
        discussion: """
            Needs PostgreSQL 15+ with wal_level=logical on the source, and a superuser connection string for both \
            clusters in RECUR_CLUSTER_<NAME>_ADMIN_URL (RECUR_CLUSTER_DEFAULT_ADMIN_URL for DATABASE_URL's cluster), \
            pointing at the same database as the ordinary one. Run it again after a failure or a crash: it resumes \
            after the last recorded step. --abort undoes a move that has not switched the directory yet.
            """)

    @OptionGroup var target: TenantSlug

    @Option(name: .long, help: "The cluster to move it to (required unless --abort).")
    var to: String?

    @Flag(name: .long, help: "Undo the tenant's move in progress (before its directory switch).")
    var abort = false

    @OptionGroup var output: JSONFlag

    func validate() throws {
        if !abort && to == nil { throw ValidationError("--to CLUSTER is required") }
    }

    func run() throws {
        let environment = try AdminEnvironment.fromProcess()
        var mover = TenantMover(
            pool: environment.pool, migrations: abort ? try MigrationSet.locate() : try environment.migrations(),
            control: environment.control)
        mover.fault = TenantMoveFault.configured(in: ProcessInfo.processInfo.environment)
        if !output.json { mover.progress = { Output.out($0) } }
        let move = if abort { try mover.abort(slug: target.slug) } else { try mover.move(slug: target.slug, to: to ?? "") }
        try output.print(
            move,
            text: abort
                ? "move \(move.id) of \(move.slug) aborted: it stays on \(move.source)"
                : "tenant \(move.slug) moved to \(move.target) (writes frozen \(move.freezeMilliseconds ?? 0) ms)")
    }
}
