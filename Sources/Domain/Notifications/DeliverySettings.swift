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

    public init(fromAddress: String? = nil, fromName: String? = nil, replyTo: String? = nil, alertRecipients: [String] = []) {
        self.fromAddress = fromAddress
        self.fromName = fromName
        self.replyTo = replyTo
        self.alertRecipients = alertRecipients
    }

    enum CodingKeys: String, CodingKey {
        case fromAddress = "from_address", fromName = "from_name", replyTo = "reply_to", alertRecipients = "alert_recipients"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fromAddress = try c.decodeIfPresent(String.self, forKey: .fromAddress)
        fromName = try c.decodeIfPresent(String.self, forKey: .fromName)
        replyTo = try c.decodeIfPresent(String.self, forKey: .replyTo)
        alertRecipients = try c.decodeIfPresent([String].self, forKey: .alertRecipients) ?? []
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
        return errors
    }
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
