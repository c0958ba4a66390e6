import ArgumentParser
import Foundation
import Domain
import Store

/// `recur-admin tenant delivery <slug> [--from-address …] [--from-name …] [--reply-to …] [--alert-recipients a,b]
/// [--overdue-days 1,7,14] [--overdue-repeat-days 7] [--subscription-ending-days 30,7,1] [--task-due-days 1,0]
/// [--relay-url smtps://host:465 --relay-username u --relay-password-file f --relay-tls required|optional | --clear-relay]
/// [--json]`: shows the tenant's delivery settings, changing first what the options name (the same rules as
/// `PATCH /v1/tenant`; a relay password needs RECUR_SECRETS_KEY, as recur-server's).
struct TenantDeliveryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delivery",
        abstract: "Show or change who a tenant's e-mails come from, who gets its alerts, and its reminder offsets.",
        discussion: "An empty value clears a field (--from-name ''). Offsets are whole days, comma-separated.")

    @OptionGroup var target: TenantSlug

    @Option(help: "The From address (empty: the platform's RECUR_SMTP_FROM).")
    var fromAddress: String?
    @Option(help: "The From display name (empty: the legal name).")
    var fromName: String?
    @Option(help: "Where customers' replies go (empty: none).")
    var replyTo: String?
    @Option(help: "Budget alerts and task reminders without an assignee, comma-separated (empty: none).")
    var alertRecipients: String?
    @Option(help: "Days after the due date on which an unpaid invoice is reminded, e.g. 1,7,14.")
    var overdueDays: String?
    @Option(help: "After the last overdue offset, remind every this many days until paid (0: never).")
    var overdueRepeatDays: Int?
    @Option(help: "Days before a subscription's last invoice on which the customer is told, e.g. 30,7,1.")
    var subscriptionEndingDays: String?
    @Option(help: "Days before a task's due date on which it is reminded, e.g. 1,0.")
    var taskDueDays: String?

    @Option(help: "The tenant's own SMTP relay: smtp://host:port (STARTTLS) or smtps://host:port.")
    var relayUrl: String?
    @Option(help: "The relay's login (empty: none, and no password).")
    var relayUsername: String?
    @Option(help: "A file holding the relay's password (sealed with RECUR_SECRETS_KEY before it is stored; empty file: none).")
    var relayPasswordFile: String?
    @Option(help: "For smtp://: STARTTLS required (default) or optional.")
    var relayTls: RelayTLS?
    @Flag(help: "Send through the platform's relay (RECUR_SMTP_URL) again; the stored relay and password are dropped.")
    var clearRelay = false

    @OptionGroup var output: JSONFlag

    func validate() throws {
        if clearRelay, relayUrl != nil || relayUsername != nil || relayPasswordFile != nil || relayTls != nil {
            throw ValidationError("--clear-relay cannot go with the other --relay-… options")
        }
    }

    func run() throws {
        let environment = try AdminEnvironment.fromProcess()
        let secrets: SecretBox?
        do { secrets = try SecretBox.fromEnvironment() } catch { throw AdminError.usage("\(error)") }
        var password = SecretChange.keep
        if let relayPasswordFile {
            guard let text = try? String(contentsOfFile: relayPasswordFile, encoding: .utf8) else {
                throw AdminError.usage("--relay-password-file \(relayPasswordFile) cannot be read")
            }
            let secret = text.trimmingCharacters(in: .newlines)
            password = secret.isEmpty ? .remove : .set(secret)
        }
        let tenant = try environment.tenants().context(slug: target.slug)
        let database = TenantDatabase(pool: environment.pool, control: environment.control)
        let settings = try database.transaction(tenant) { db in
            let repository = TenantSettingsRepository(db, control: environment.control, controlPool: environment.pool)
            var delivery = try repository.settings().delivery
            if let fromAddress { delivery.fromAddress = fromAddress.isEmpty ? nil : fromAddress }
            if let fromName { delivery.fromName = fromName.isEmpty ? nil : fromName }
            if let replyTo { delivery.replyTo = replyTo.isEmpty ? nil : replyTo }
            if let alertRecipients {
                delivery.alertRecipients = alertRecipients.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            let update = TenantUpdate(
                overdueDays: try Self.days(overdueDays, "--overdue-days"), overdueRepeatDays: overdueRepeatDays,
                subscriptionEndingDays: try Self.days(subscriptionEndingDays, "--subscription-ending-days"),
                taskDueDays: try Self.days(taskDueDays, "--task-due-days"), delivery: delivery,
                relay: try relayChange(stored: delivery.relay, password: password))
            try repository.apply(update, to: tenant, secrets: secrets)
            return try repository.settings()
        }
        let view = DeliveryView(settings)
        try output.print(view, text: view.text)
    }

    /// The relay the options name, each option not given kept from the stored relay; `nil`: unchanged.
    private func relayChange(stored: TenantRelay?, password: SecretChange) throws -> RelayChange? {
        if clearRelay { return .platform }
        guard relayUrl != nil || relayUsername != nil || relayPasswordFile != nil || relayTls != nil else { return nil }
        guard let url = relayUrl ?? stored?.url else {
            throw AdminError.usage("--relay-url is required: the tenant has no relay of its own yet")
        }
        let username = relayUsername.map { $0.isEmpty ? nil : $0 } ?? stored?.username
        let tlsRequired = relayTls.map { $0 == .required } ?? stored?.tlsRequired ?? true
        return .own(url: url, username: username, password: password, tlsRequired: tlsRequired)
    }

    private static func days(_ text: String?, _ option: String) throws -> [Int]? {
        guard let text else { return nil }
        if text.isEmpty { return [] }
        let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard values.allSatisfy({ $0 != nil }) else { throw AdminError.usage("\(option) must list whole days, e.g. 1,7,14") }
        return values.compactMap { $0 }
    }
}

/// The delivery settings as printed (text) or as JSON (snake_case, as `GET /v1/tenant` shows them).
struct DeliveryView: Encodable {
    let from_address: String?
    let from_name: String?
    let reply_to: String?
    let alert_recipients: [String]
    let overdue_days: [Int]
    let overdue_repeat_days: Int
    let subscription_ending_days: [Int]
    let task_due_days: [Int]
    /// As `GET /v1/tenant` shows it: never the password.
    let relay: RelayView?

    struct RelayView: Encodable {
        let url: String
        let username: String?
        let password_set: Bool
        let tls: String
    }

    init(_ settings: TenantSettings) {
        relay = settings.delivery.relay.map {
            RelayView(url: $0.url, username: $0.username, password_set: $0.sealedPassword != nil, tls: $0.tlsRequired ? "required" : "optional")
        }
        from_address = settings.delivery.fromAddress
        from_name = settings.delivery.fromName
        reply_to = settings.delivery.replyTo
        alert_recipients = settings.delivery.alertRecipients
        overdue_days = settings.overdueDays
        overdue_repeat_days = settings.overdueRepeatDays
        subscription_ending_days = settings.subscriptionEndingDays
        task_due_days = settings.taskDueDays
    }

    var text: String {
        func list(_ values: [Int]) -> String { values.map(String.init).joined(separator: ",") }
        return """
            from_address              \(from_address ?? "(the platform's RECUR_SMTP_FROM)")
            from_name                 \(from_name ?? "(the legal name)")
            reply_to                  \(reply_to ?? "-")
            alert_recipients          \(alert_recipients.isEmpty ? "-" : alert_recipients.joined(separator: ", "))
            overdue_days              \(list(overdue_days))
            overdue_repeat_days       \(overdue_repeat_days == 0 ? "never" : "every \(overdue_repeat_days) days")
            subscription_ending_days  \(list(subscription_ending_days))
            task_due_days             \(list(task_due_days))
            relay                     \(relay.map { "\($0.url) (\($0.username ?? "no login")\($0.password_set ? ", password set" : ""), TLS \($0.tls))" } ?? "(the platform's RECUR_SMTP_URL)")
            """
    }
}

extension RelayTLS: ExpressibleByArgument {}
