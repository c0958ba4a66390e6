import ArgumentParser
import Domain
import Foundation
import Store

/// `recur-admin user …`
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add the people who log in to a tenant (the first owner, typically).",
        discussion: """
            A user has an e-mail (unique in the tenant, any case), a role (viewer, accountant or owner, as API keys) \
            and a password kept only as an Argon2id hash. Further users are invited by an owner through the API \
            (POST /v1/users).
            """,
        subcommands: [UserAddCommand.self, UserResetTOTPCommand.self]
    )
}

struct UserAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a user; prints a generated one-time password, or sets the one read from stdin.")

    @OptionGroup var target: TenantSlug

    @Argument(help: "The user's e-mail address (the login).")
    var email: String

    @Option(name: .long, help: "viewer (reads only), accountant (every write but settings) or owner (everything).")
    var role: Role = .viewer

    @Option(name: .long, help: "The user's name.")
    var name: String = ""

    @Flag(name: .long, help: "Read the password from the first line of stdin (12 to 128 characters) instead of generating one.")
    var passwordStdin = false

    @OptionGroup var output: JSONFlag

    func run() throws {
        let password = passwordStdin ? try Self.readPassword() : nil
        let environment = try AdminEnvironment.fromProcess()
        let created = try environment.transaction(slug: target.slug) {
            try UserRepository($0, control: environment.control).create(
                email: email, name: name, role: role, password: password)
        }
        try output.print(
            CreatedUserJSON(created),
            text: "user \(created.user.id) \(created.user.email) (\(created.user.role.rawValue)) added to \(target.slug)"
                + (created.generatedPassword.map { "\npassword (shown once): \($0)" } ?? ""))
    }

    private static func readPassword() throws -> String {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw AdminError.usage("--password-stdin: no password on stdin")
        }
        return line
    }
}

struct UserResetTOTPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset-totp",
        abstract: "Turn off a user's TOTP (the authenticator and the recovery codes were lost); the user logs in with the password alone and may enrol again.")

    @OptionGroup var target: TenantSlug

    @Argument(help: "The user's e-mail address (any case).")
    var email: String

    func run() throws {
        let environment = try AdminEnvironment.fromProcess()
        let reset = try environment.transaction(slug: target.slug) { db in
            let repository = UserRepository(db, control: environment.control)
            guard let user = try repository.list().first(where: { $0.email.lowercased() == email.lowercased() }) else {
                throw AdminError.usage("no user \(email) in \(target.slug)")
            }
            return try repository.resetTOTP(userID: user.id)
        }
        Output.out(reset ? "TOTP turned off for \(email) in \(target.slug)" : "TOTP was not on for \(email) in \(target.slug)")
    }
}

/// `user add --json`.
struct CreatedUserJSON: Encodable {
    let id: Int64
    let email: String
    let name: String
    let role: String
    let password: String?

    init(_ created: CreatedUser) {
        id = created.user.id
        email = created.user.email
        name = created.user.name
        role = created.user.role.rawValue
        password = created.generatedPassword
    }
}
