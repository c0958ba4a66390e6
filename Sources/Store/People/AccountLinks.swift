import Foundation

/// Where the one-time links of account e-mails point: the dashboard's pages under the server's public address
/// (`RECUR_PUBLIC_URL`, default `http://localhost:8080`). The token is appended when the e-mail is written, from the
/// outbox's `link_secret` (docs/people.md, "Invitations and password resets by e-mail").
public struct AccountLinks: Sendable, Hashable {
    /// The environment variable naming the public address.
    public static let environmentVariable = "RECUR_PUBLIC_URL"
    public static let defaultBaseURL = "http://localhost:8080"

    /// The public address without a trailing `/`.
    public let baseURL: String

    public init(baseURL: String = AccountLinks.defaultBaseURL) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
    }

    /// `RECUR_PUBLIC_URL` when set and an `http(s)://` address, else the default.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> AccountLinks {
        guard let value = environment[environmentVariable], value.hasPrefix("https://") || value.hasPrefix("http://"),
            !value.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" })
        else { return AccountLinks() }
        return AccountLinks(baseURL: value)
    }

    /// The page an invited person chooses a password on (the token follows as `&token=`).
    public func invitation(tenant slug: String) -> String {
        "\(baseURL)/app/invitations/accept?tenant=\(Self.query(slug))"
    }

    /// The page a user chooses a new password on (the token follows as `&token=`).
    public func passwordReset(tenant slug: String) -> String {
        "\(baseURL)/app/password-resets/accept?tenant=\(Self.query(slug))"
    }

    static func query(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
    }
}

/// What an account e-mail needs from the request that queues it: the tenant (its slug for the link, its time zone
/// for the expiry date) and where links point.
public struct AccountMail: Sendable {
    public let tenant: TenantContext
    public let links: AccountLinks

    public init(tenant: TenantContext, links: AccountLinks) {
        self.tenant = tenant
        self.links = links
    }
}
