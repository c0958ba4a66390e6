import ArgumentParser
import Store

/// `recur-admin tenant suspend <slug>`
struct TenantSuspendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspend",
        abstract: "Suspend a tenant: data kept, API requests answered 403 until it is resumed.")

    @Argument(help: "The tenant's slug.")
    var slug: String

    @OptionGroup var output: JSONFlag

    func run() throws {
        let tenant = try AdminEnvironment.fromProcess().tenants().suspend(slug: slug)
        Output.out(output.json ? try JSONOutput.render(TenantJSON(tenant: tenant)) : "tenant \(tenant.slug) suspended")
    }
}

/// `recur-admin tenant resume <slug>`
struct TenantResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Make a suspended tenant active again.")

    @Argument(help: "The tenant's slug.")
    var slug: String

    @OptionGroup var output: JSONFlag

    func run() throws {
        let tenant = try AdminEnvironment.fromProcess().tenants().resume(slug: slug)
        Output.out(output.json ? try JSONOutput.render(TenantJSON(tenant: tenant)) : "tenant \(tenant.slug) active")
    }
}

/// `recur-admin tenant delete <slug> --confirm <slug>`
struct TenantDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a tenant: drop its schema and all its data, revoke its keys.",
        discussion: """
            Irreversible. The tenant's row stays (status deleted) for audit; the slug can be used again by a new \
            tenant. Refuses unless --confirm repeats the slug.
            """)

    @Argument(help: "The tenant's slug.")
    var slug: String

    @Option(name: .long, help: "The slug again, to confirm.")
    var confirm: String?

    @OptionGroup var output: JSONFlag

    func run() throws {
        guard confirm == slug else {
            throw AdminError.usage("refusing to delete tenant \"\(slug)\" without --confirm \(slug)")
        }
        let tenant = try AdminEnvironment.fromProcess().tenants().delete(slug: slug)
        Output.out(
            output.json
                ? try JSONOutput.render(TenantJSON(tenant: tenant))
                : "tenant \(tenant.slug) deleted (schema \(tenant.context.schemaName) dropped)")
    }
}
