import ArgumentParser
import Store

/// `recur-admin tenant suspend <slug>`
struct TenantSuspendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspend",
        abstract: "Suspend a tenant: data kept, API requests answered 403 until it is resumed.")

    @OptionGroup var target: TenantSlug

    @OptionGroup var output: JSONFlag

    func run() throws {
        let tenant = try AdminEnvironment.fromProcess().tenants().suspend(slug: target.slug)
        try output.print(TenantJSON(tenant: tenant), text: "tenant \(tenant.slug) suspended")
    }
}

/// `recur-admin tenant resume <slug>`
struct TenantResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Make a suspended tenant active again.")

    @OptionGroup var target: TenantSlug

    @OptionGroup var output: JSONFlag

    func run() throws {
        let tenant = try AdminEnvironment.fromProcess().tenants().resume(slug: target.slug)
        try output.print(TenantJSON(tenant: tenant), text: "tenant \(tenant.slug) active")
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

    @OptionGroup var target: TenantSlug

    @Option(name: .long, help: "The slug again, to confirm.")
    var confirm: String?

    @OptionGroup var output: JSONFlag

    func run() throws {
        guard confirm == target.slug else {
            throw AdminError.usage("refusing to delete tenant \"\(target.slug)\" without --confirm \(target.slug)")
        }
        let tenant = try AdminEnvironment.fromProcess().tenants().delete(slug: target.slug)
        try output.print(TenantJSON(tenant: tenant), text: "tenant \(tenant.slug) deleted (schema \(tenant.context.schemaName) dropped)")
    }
}
