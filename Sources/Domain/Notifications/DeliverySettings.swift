/// Who a tenant's e-mails come from, and who gets its internal alerts (`PATCH /v1/tenant` `delivery`).
public struct DeliverySettings: Sendable, Hashable, Codable {
    /// The From address; `nil` for the platform's sender (`RECUR_SMTP_FROM`).
    public var fromAddress: String?
    /// The From display name; `nil` for the tenant's legal name, else its name.
    public var fromName: String?
    /// Where customers' replies go.
    public var replyTo: String?
    /// Who receives budget alerts and task reminders with no assignee address.
    public var alertRecipients: [String]
    /// The tenant's own SMTP relay; `nil` for the platform's (`RECUR_SMTP_URL`).
    public var relay: TenantRelay?

    public init(
        fromAddress: String? = nil, fromName: String? = nil, replyTo: String? = nil, alertRecipients: [String] = [],
        relay: TenantRelay? = nil
    ) {
        self.relay = relay
        self.fromAddress = fromAddress
        self.fromName = fromName
        self.replyTo = replyTo
        self.alertRecipients = alertRecipients
    }

    enum CodingKeys: String, CodingKey {
        case fromAddress = "from_address", fromName = "from_name", replyTo = "reply_to", alertRecipients = "alert_recipients", relay
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fromAddress = try c.decodeIfPresent(String.self, forKey: .fromAddress)
        fromName = try c.decodeIfPresent(String.self, forKey: .fromName)
        replyTo = try c.decodeIfPresent(String.self, forKey: .replyTo)
        alertRecipients = try c.decodeIfPresent([String].self, forKey: .alertRecipients) ?? []
        relay = try c.decodeIfPresent(TenantRelay.self, forKey: .relay)
    }

    /// At most this many alert recipients.
    public static let maxAlertRecipients = 20

    /// Every problem, at `delivery/…`.
    public func violations(at base: String = "delivery") -> [FieldViolation] {
        var errors = [FieldViolation]()
        if let fromAddress, !EmailAddress.isValid(fromAddress) {
            errors.append(FieldViolation(path: "\(base)/fromAddress", code: .invalidValue, message: EmailAddress.rule))
        }
        if let replyTo, !EmailAddress.isValid(replyTo) {
            errors.append(FieldViolation(path: "\(base)/replyTo", code: .invalidValue, message: EmailAddress.rule))
        }
        errors += TextField.violations(fromName, at: "\(base)/fromName", maxLength: 100)
        if alertRecipients.count > Self.maxAlertRecipients {
            errors.append(
                FieldViolation(
                    path: "\(base)/alertRecipients", code: .outOfRange, message: "must list at most \(Self.maxAlertRecipients) addresses"))
        }
        for (index, address) in alertRecipients.enumerated() where !EmailAddress.isValid(address) {
            errors.append(FieldViolation(path: "\(base)/alertRecipients/\(index)", code: .invalidValue, message: EmailAddress.rule))
        }
        if let relay { errors += relay.violations(at: "\(base)/relay") }
        return errors
    }
}

/// A tenant's own SMTP relay (`delivery.relay`), as stored: the password only sealed with the platform's secrets key
/// (`Store.SecretBox`), never in the clear.
public struct TenantRelay: Sendable, Hashable, Codable {
    /// `smtp://host:port` (STARTTLS) or `smtps://host:port` (TLS from the first byte); nothing after the port.
    public var url: String
    public var username: String?
    /// The password sealed for this tenant (`v1:…`); `nil`: no password.
    public var sealedPassword: String?
    /// For `smtp://`: STARTTLS required (the default) or used when offered.
    public var tlsRequired: Bool

    public init(url: String, username: String? = nil, sealedPassword: String? = nil, tlsRequired: Bool = true) {
        self.url = url
        self.username = username
        self.sealedPassword = sealedPassword
        self.tlsRequired = tlsRequired
    }

    enum CodingKeys: String, CodingKey {
        case url, username, sealedPassword = "sealed_password", tlsRequired = "tls_required"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decode(String.self, forKey: .url)
        username = try c.decodeIfPresent(String.self, forKey: .username)
        sealedPassword = try c.decodeIfPresent(String.self, forKey: .sealedPassword)
        tlsRequired = try c.decodeIfPresent(Bool.self, forKey: .tlsRequired) ?? true
    }

    public static let maxURLLength = 500
    public static let maxUsernameLength = 200
    public static let maxPasswordLength = 500

    /// The URLs accepted, as the OpenAPI document states them: lower-case scheme, a host name or an IPv4 or
    /// bracketed IPv6 address, a port from 1 to 65535, nothing after it.
    public static let urlPattern =
        #"^smtps?://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\]):(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})$"#
    public static let urlRule = "must be smtp://host:port or smtps://host:port (port 1 to 65535, no path or query)"

    public static func isValidURL(_ url: String) -> Bool {
        guard url.unicodeScalars.count <= maxURLLength, let regex = try? Regex(urlPattern) else { return false }
        return (try? regex.wholeMatch(in: url)) != nil
    }

    /// The problems of a password about to be sealed, at `path`.
    public static func passwordViolations(_ password: String, at path: String) -> [FieldViolation] {
        if password.isEmpty { return [FieldViolation(path: path, code: .required, message: "must not be empty")] }
        if password.unicodeScalars.count > maxPasswordLength {
            return [FieldViolation(path: path, code: .invalidValue, message: "must be at most \(maxPasswordLength) characters")]
        }
        if password.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            return [FieldViolation(path: path, code: .invalidValue, message: "must not contain control characters")]
        }
        return []
    }

    /// Every problem of the URL and login, at `delivery/relay/…`.
    public func violations(at base: String = "delivery/relay") -> [FieldViolation] {
        var errors = [FieldViolation]()
        if !Self.isValidURL(url) { errors.append(FieldViolation(path: "\(base)/url", code: .invalidValue, message: Self.urlRule)) }
        errors += TextField.violations(username, at: "\(base)/username", maxLength: Self.maxUsernameLength)
        if sealedPassword != nil, username == nil {
            errors.append(FieldViolation(path: "\(base)/username", code: .required, message: "is required with a password"))
        }
        return errors
    }
}

/// How a `smtp://` relay uses STARTTLS: `required` (the default) or `optional` (when offered).
public enum RelayTLS: String, WireEnum, Sendable {
    case required, optional
}

/// The e-mail addresses Recur accepts: `local@domain`, at most 254 characters, no spaces, control characters or
/// angle brackets (nothing a header could be injected through). Parties' addresses and the delivery settings'.
public enum EmailAddress {
    public static let rule = "must be an e-mail address"

    public static func isValid(_ text: String) -> Bool {
        // Split on code points: `@` followed by a combining mark or an emoji modifier is one Character.
        let parts = text.unicodeScalars.split(separator: "@", omittingEmptySubsequences: false)
        return text.unicodeScalars.count <= 254 && parts.count == 2 && !parts.contains(where: \.isEmpty)
            && !text.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "<" || $0 == ">" }
    }
}
