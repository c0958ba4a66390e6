/// What a webhook endpoint subscribes to: a notification kind, spelled with a dot (`invoice.issued`).
public enum WebhookEventType: String, CaseIterable, Sendable, Hashable {
    case invoiceIssued = "invoice.issued"
    case invoiceOverdue = "invoice.overdue"
    case subscriptionEnding = "subscription.ending"
    case budgetThreshold = "budget.threshold"
    case taskDue = "task.due"

    /// Every type, as the wire spells them.
    public static var wireValues: [String] { allCases.map(\.rawValue) }

    /// The event a notification of `kind` is; `nil` for internal ones (a disabled endpoint is told by e-mail only).
    public init?(_ kind: NotificationKind) {
        self.init(rawValue: kind.wireValue.replacingOccurrences(of: "_", with: "."))
    }
}

/// What a webhook endpoint is registered with (create and update).
public struct WebhookEndpointDraft: Sendable, Hashable {
    public var url: String
    public var eventTypes: [WebhookEventType]
    public var description: String?
    public var enabled: Bool

    public init(url: String, eventTypes: [WebhookEventType], description: String? = nil, enabled: Bool = true) {
        self.url = url
        self.eventTypes = eventTypes
        self.description = description
        self.enabled = enabled
    }

    /// The URL rule, in the words a client is told (the OpenAPI pattern is ``WebhookPolicy/urlPattern``).
    public static let urlRule = "must be an https:// URL with a host name or IPv4 address, at most 2000 characters"

    /// What is wrong, at `url`, `eventTypes`, `description`.
    public func violations() -> [FieldViolation] {
        var errors: [FieldViolation] = []
        if !WebhookPolicy.isValidURL(url) { errors.append(FieldViolation(path: "url", code: .invalidValue, message: Self.urlRule)) }
        if eventTypes.isEmpty {
            errors.append(FieldViolation(path: "eventTypes", code: .required, message: "must name at least one event type"))
        } else if Set(eventTypes).count != eventTypes.count {
            errors.append(FieldViolation(path: "eventTypes", code: .conflict, message: "must not repeat a value"))
        }
        if let description, description.unicodeScalars.count > WebhookPolicy.descriptionMaxLength {
            errors.append(
                FieldViolation(
                    path: "description", code: .outOfRange,
                    message: "must be at most \(WebhookPolicy.descriptionMaxLength) characters"))
        }
        return errors
    }
}

/// The fixed rules of webhooks (docs/delivery.md).
public enum WebhookPolicy {
    /// `https://host[:port][/path?query#…]`, printable ASCII: the same rule as the table's check.
    public static let urlPattern = "^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][!-~]*)?$"
    public static let urlMaxLength = 2000
    public static let descriptionMaxLength = 500
    /// An endpoint whose deliveries have all failed for this long is disabled (3 days).
    public static let disableAfterSeconds = 3 * 86_400
    /// How long the old secret keeps signing after a rotation, by default and at most (hours).
    public static let defaultOverlapHours = 24
    public static let overlapHours = 0...168
    /// `Recur-Signature` timestamps a receiver accepts around its clock (seconds).
    public static let signatureTolerance = 300

    /// Whether `url` matches ``urlPattern`` and ``urlMaxLength``.
    public static func isValidURL(_ url: String) -> Bool {
        let bytes = Array(url.utf8)
        let scheme = Array("https://".utf8)
        guard bytes.count <= urlMaxLength, bytes.count > scheme.count, Array(bytes.prefix(scheme.count)) == scheme else {
            return false
        }
        var index = scheme.count
        func isHostByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E || b == 0x2D
        }
        let hostStart = index
        while index < bytes.count, isHostByte(bytes[index]) { index += 1 }
        guard index > hostStart else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            index += 1
            let portStart = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard (1...5).contains(index - portStart) else { return false }
        }
        guard index < bytes.count else { return true }
        guard [UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#")].contains(bytes[index]) else { return false }
        return bytes[index...].allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }
}
