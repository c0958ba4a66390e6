import Delivery
import Foundation

/// The platform's SMTP relay and default sender, from the environment (docs/delivery.md):
/// `RECUR_SMTP_URL` (`smtp://host:587` or `smtps://host:465`), `RECUR_SMTP_FROM` (the default From address),
/// `RECUR_SMTP_USER` with `RECUR_SMTP_PASSWORD` or `RECUR_SMTP_PASSWORD_FILE`, `RECUR_SMTP_CA_FILE` (a private CA),
/// `RECUR_SMTP_TLS` (`required`, the default, or `optional`: STARTTLS when the relay offers it).
public struct RelayConfiguration: Sendable {
    public var smtp: SMTPConfiguration
    /// The From address of tenants that set none.
    public var defaultFrom: String

    /// What is wrong with the environment's relay settings, naming the variable.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// `RECUR_SMTP_FROM`, also without a platform relay (tenants with their own relay and no From address use it).
    public static func defaultFrom(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        environment["RECUR_SMTP_FROM"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The relay the environment names; `nil` when `RECUR_SMTP_URL` is unset (nothing can be e-mailed).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RelayConfiguration? {
        guard let url = environment["RECUR_SMTP_URL"], !url.isEmpty else { return nil }
        guard url.hasPrefix("smtp://") || url.hasPrefix("smtps://") else {
            throw Problem(description: "RECUR_SMTP_URL must start with smtp:// or smtps://, not \(url.prefix(20))")
        }
        guard let from = environment["RECUR_SMTP_FROM"], !from.isEmpty else {
            throw Problem(description: "RECUR_SMTP_FROM is required with RECUR_SMTP_URL: the address e-mails come from")
        }
        var credentials: SMTPCredentials?
        if let user = environment["RECUR_SMTP_USER"], !user.isEmpty {
            var password = environment["RECUR_SMTP_PASSWORD"]
            if let file = environment["RECUR_SMTP_PASSWORD_FILE"] {
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                    throw Problem(description: "RECUR_SMTP_PASSWORD_FILE \(file) cannot be read")
                }
                password = text.trimmingCharacters(in: .newlines)
            }
            guard let password else {
                throw Problem(description: "RECUR_SMTP_USER needs RECUR_SMTP_PASSWORD or RECUR_SMTP_PASSWORD_FILE")
            }
            credentials = SMTPCredentials(username: user, password: password)
        }
        let tls = environment["RECUR_SMTP_TLS"] ?? "required"
        guard tls == "required" || tls == "optional" else {
            throw Problem(description: "RECUR_SMTP_TLS must be required or optional, not \(tls)")
        }
        return RelayConfiguration(
            smtp: SMTPConfiguration(
                url: url, requireTLS: tls == "required", credentials: credentials, caFile: environment["RECUR_SMTP_CA_FILE"]),
            defaultFrom: from)
    }
}
