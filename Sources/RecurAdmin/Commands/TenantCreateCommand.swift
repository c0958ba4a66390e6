import ArgumentParser
import Store

/// `recur-admin tenant create <slug> --name … [--time-zone …] [--currency …] [--fiscal-year-start-month …] [--cluster …]`
struct TenantCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a tenant: schema, migrations, default settings, and its first API key (printed once).",
        discussion: """
            Everything happens in one transaction: on any error nothing is left behind (no row, no schema). \
            Slugs: 3-40 characters of a-z, 0-9 and '-', starting with a letter, no leading, trailing or double \
            '-', no 'pg-' prefix, not reserved. The schema is tenant_<slug with '-' turned into '_'>.
            """
    )

    @Argument(help: "The tenant's slug, e.g. acme-corp.")
    var slug: String

    @Option(name: .long, help: "The display name.")
    var name: String

    @Option(name: .long, help: "IANA time zone, e.g. Europe/Paris.")
    var timeZone: String = TenantDraft.defaultTimeZone

    @Option(name: .long, help: "Base currency, an upper-case ISO 4217 code, e.g. EUR.")
    var currency: String = TenantDraft.defaultCurrency

    @Option(name: .long, help: "Month (1-12) the fiscal year starts in.")
    var fiscalYearStartMonth: Int = 1

    @Option(
        name: .customLong("setting"),
        help: ArgumentHelp("An initial tenant setting, KEY=JSON (repeatable), e.g. reminders.overdue_days='[3,10]'.", valueName: "key=json"))
    var settings: [String] = []

    @Option(
        name: .long,
        help: "The cluster to create it on (recur-admin cluster list); default: the open cluster with the fewest tenants.")
    var cluster: String?

    @Option(name: .long, help: "Label of the first API key.")
    var keyLabel: String = "default"

    @OptionGroup var output: JSONFlag

    func run() throws {
        let environment = try AdminEnvironment.fromProcess()
        var initial: [String: String] = [:]
        for setting in settings {
            guard let equals = setting.firstIndex(of: "=") else {
                throw AdminError.usage("--setting \"\(setting)\" is not KEY=JSON")
            }
            initial[String(setting[..<equals])] = String(setting[setting.index(after: equals)...])
        }
        let draft = TenantDraft(
            slug: slug, displayName: name, timeZone: timeZone, currency: currency,
            fiscalYearStartMonth: fiscalYearStartMonth, settings: initial)
        _ = try draft.validated()  // validation errors before any connection attempt
        let created = try environment.tenants(creating: true).create(draft, keyLabel: keyLabel, cluster: cluster)
        try output.print(
            CreatedTenantJSON(created: created),
            text: "created tenant \(created.tenant.slug) (schema \(created.tenant.context.schemaName), cluster \(created.tenant.context.cluster))\n"
                + TextOutput.issuedKey(created.apiKey))
    }
}
