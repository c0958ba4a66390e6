import ArgumentParser
import Domain
import Store

/// `recur-admin tenant delivery <slug> [--from-address …] [--from-name …] [--reply-to …] [--alert-recipients a,b]
/// [--overdue-days 1,7,14] [--overdue-repeat-days 7] [--subscription-ending-days 30,7,1] [--task-due-days 1,0] [--json]`: shows the tenant's
/// delivery settings, changing first what the options name (the same rules as `PATCH /v1/tenant`).
struct TenantDeliveryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delivery",
        abstract: "Show or change who a tenant's e-mails come from, who gets its alerts, and its reminder offsets.",
        discussion: "An empty value clears a field (--from-name ''). Offsets are whole days, comma-separated.")

    @Argument(help: "The tenant's slug.")
    var slug: String

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

    @OptionGroup var output: JSONFlag

    func run() throws {
        let environment = try AdminEnvironment.fromProcess()
        let tenant = try environment.tenants().context(slug: slug)
        let database = TenantDatabase(pool: environment.pool, control: environment.control)
        let settings = try database.transaction(tenant) { db in
            let repository = TenantSettingsRepository(db, control: environment.control)
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
                taskDueDays: try Self.days(taskDueDays, "--task-due-days"), delivery: delivery)
            try repository.apply(update, to: tenant)
            return try repository.settings()
        }
        let view = DeliveryView(settings)
        Output.out(output.json ? try JSONOutput.render(view) : view.text)
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

    init(_ settings: TenantSettings) {
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
            """
    }
}
