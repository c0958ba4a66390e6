import ArgumentParser
import Domain
import Store

extension Role: ExpressibleByArgument {}

/// `recur-admin key …`
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Create, list, revoke and rotate tenants' API keys.",
        discussion: """
            Keys look like rk_<8 hex prefix>_<43 base64url characters>. Only their SHA-256 is stored: a key is \
            shown once, when it is created. The prefix identifies a key in listings and commands. Every key has a \
            role: viewer (reads only), accountant (every write but settings) or owner (everything, settings, \
            webhook endpoints and e-mail templates included); rotation keeps it.
            """,
        subcommands: [KeyCreateCommand.self, KeyListCommand.self, KeyRevokeCommand.self, KeyRotateCommand.self]
    )
}

struct KeyCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create an API key (printed once).")

    @OptionGroup var target: TenantSlug

    @Option(name: .long, help: "A label to recognise the key by.")
    var label: String = "default"

    @Option(
        name: .long,
        help: "What the key may do: viewer (reads only), accountant (every write but settings) or owner (everything).")
    var role: Role = .owner

    @OptionGroup var output: JSONFlag

    func run() throws {
        let key = try AdminEnvironment.fromProcess().keys.create(slug: target.slug, label: label, role: role)
        try output.print(IssuedAPIKeyJSON(issued: key), text: TextOutput.issuedKey(key))
    }
}

struct KeyListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List a tenant's API keys, revoked ones included (never the keys themselves).")

    @OptionGroup var target: TenantSlug

    @OptionGroup var output: JSONFlag

    func run() throws {
        let keys = try AdminEnvironment.fromProcess().keys.list(slug: target.slug)
        try output.print(keys.map(APIKeyJSON.init), text: TextOutput.keyTable(keys))
    }
}

struct KeyRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke an API key at once (revoking a revoked key changes nothing).")

    @OptionGroup var target: TenantSlug

    @Argument(help: "The key's prefix: 8 hex digits (rk_ may precede them).")
    var prefix: String

    @OptionGroup var output: JSONFlag

    func run() throws {
        let result = try AdminEnvironment.fromProcess().keys.revoke(slug: target.slug, prefix: prefix)
        try output.print(
            APIKeyJSON(key: result.info),
            text: "key \(result.info.prefix) " + (result.wasAlreadyRevoked ? "was already revoked" : "revoked"))
    }
}

struct KeyRotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Replace a key: create a new one with the same label and revoke the old one, atomically.")

    @OptionGroup var target: TenantSlug

    @Argument(help: "The prefix of the key to replace.")
    var prefix: String

    @OptionGroup var output: JSONFlag

    func run() throws {
        let key = try AdminEnvironment.fromProcess().keys.rotate(slug: target.slug, prefix: prefix)
        try output.print(
            IssuedAPIKeyJSON(issued: key), text: "key \(prefix) revoked and replaced\n" + TextOutput.issuedKey(key))
    }
}
