import ArgumentParser
import Store

/// `recur-admin tenant list [--json] [--include-deleted]`
struct TenantListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List tenants, ordered by slug (deleted ones only with --include-deleted).")

    @Flag(name: .long, help: "Also list deleted tenants (their rows are kept for audit).")
    var includeDeleted = false

    @OptionGroup var output: JSONFlag

    func run() throws {
        let tenants = try AdminEnvironment.fromProcess().tenants().list(includeDeleted: includeDeleted)
        try output.print(tenants.map(TenantJSON.init), text: TextOutput.tenantTable(tenants))
    }
}

/// `recur-admin tenant show <slug> [--json]`
struct TenantShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one live tenant.")

    @OptionGroup var target: TenantSlug

    @OptionGroup var output: JSONFlag

    func run() throws {
        let tenant = try AdminEnvironment.fromProcess().tenants().tenant(slug: target.slug)
        try output.print(TenantJSON(tenant: tenant), text: TextOutput.tenantDetails(tenant))
    }
}
