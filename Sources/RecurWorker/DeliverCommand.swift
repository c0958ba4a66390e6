import ArgumentParser
import DocumentArchive
import Foundation
import NotificationDelivery
import Store

/// `recur-worker deliver`: sends the due notifications of every tenant (or one) and exits, or keeps going with
/// `--follow`. Any number of workers on any hosts may run it at once.
struct Deliver: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "E-mails the due notifications (invoices with their PDF, reminders, alerts) through the tenant's own relay or RECUR_SMTP_URL and POSTs the due webhook deliveries, then exits; --follow keeps going until SIGTERM.",
        discussion: """
            Without RECUR_SMTP_URL only tenants with their own relay are e-mailed (the others' e-mails stay queued; the output \
            says so); webhooks go out. RECUR_SECRETS_KEY (or RECUR_SECRETS_KEY_FILE): the key tenants' relay passwords are \
            sealed with, as recur-server's. RECUR_TENANT_SMTP_CA_FILE: a PEM of CAs to trust for tenants' relays instead of \
            the system's. RECUR_TENANT_SMTP_ALLOW_PRIVATE_NETWORKS=1: let tenants' relays resolve to loopback and private \
            addresses (development; refused by default). \
            RECUR_WEBHOOK_CA_FILE: a PEM of CAs to trust for webhook endpoints instead of the system's. \
            RECUR_WEBHOOK_ALLOW_PRIVATE_NETWORKS=1: let endpoints resolve to loopback and private addresses \
            (development; refused by default).
            """)

    @Option(help: "Only this tenant (slug).")
    var tenant: String?

    @Flag(help: "Keep delivering as notifications fall due, until SIGTERM/SIGINT.")
    var follow = false

    @Option(help: "Seconds to wait, when following, after a round that found nothing due (1...3600).")
    var interval: Int = 5

    @Option(help: "Notifications per tenant and round: one tenant's backlog never holds up another's (1...1000).")
    var batchSize: Int = 50

    @Option(help: "Webhook requests in flight at once, each on its own kept connection (1...32).")
    var webhookConnections: Int = DeliveryPasses.defaultWebhookConnections

    @Option(help: "E-mails a minute per tenant, counted over all workers on all hosts (1...100000). Default: RECUR_TENANT_EMAIL_RATE, else no limit.")
    var tenantEmailRate: Int?

    @Option(help: "Webhook deliveries a minute per tenant, counted over all workers (1...100000). Default: RECUR_TENANT_WEBHOOK_RATE, else no limit.")
    var tenantWebhookRate: Int?

    func validate() throws {
        for (name, rate) in [("--tenant-email-rate", tenantEmailRate), ("--tenant-webhook-rate", tenantWebhookRate)] {
            if let rate, !DeliveryPasses.rates.contains(rate) {
                throw ValidationError("\(name) must be between 1 and 100000 a minute, not \(rate)")
            }
        }
        guard (1...32).contains(webhookConnections) else {
            throw ValidationError("--webhook-connections must be between 1 and 32, not \(webhookConnections)")
        }
        guard (1...3600).contains(interval) else { throw ValidationError("--interval must be between 1 and 3600 seconds, not \(interval)") }
        guard (1...1000).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 1000, not \(batchSize)") }
    }

    func run() {
        let stop = follow ? StopSignal.install() : nil
        do {
            let worker = try WorkerEnvironment(concurrency: 1, databaseSlots: nil)
            let passes = try DeliveryPasses(
                worker, batchSize: batchSize, webhookConnections: webhookConnections,
                rates: (email: tenantEmailRate, webhook: tenantWebhookRate))
            if passes.mail.platform == nil { print(DeliveryPasses.mailOff) }
            var totals = (mail: DeliveryRoundOutcome(slug: ""), webhooks: DeliveryRoundOutcome(slug: ""))
            var heldSaid = Set<String>()
            repeat {
                var claimed = 0
                for tenant in try worker.tenantList(slug: tenant) where stop?.isSet != true {
                    let (mail, webhooks) = try passes.run(tenant)
                    claimed += mail.claimed + webhooks.claimed
                    if mail.claimed > 0 { print(describe(mail)) }
                    if let held = mail.held, !heldSaid.contains(tenant.slug) {
                        print("\(tenant.slug): e-mails held: \(held)")
                        heldSaid.insert(tenant.slug)
                    }
                    if webhooks.claimed > 0 { print(describe(webhooks, webhooks: true)) }
                    totals.mail.add(mail)
                    totals.webhooks.add(webhooks)
                }
                if claimed == 0 {
                    guard let stop else { break }
                    stop.wait(seconds: interval)
                }
            } while stop?.isSet != true
            print("delivered: \(totals.mail.sent) sent, \(totals.mail.retrying) to retry, \(totals.mail.failed) failed, \(totals.mail.cancelled) cancelled")
            print("webhooks: \(totals.webhooks.sent) sent, \(totals.webhooks.retrying) to retry, \(totals.webhooks.failed) failed"
                + (totals.webhooks.endpointsDisabled > 0 ? ", \(totals.webhooks.endpointsDisabled) endpoints disabled" : ""))
            worker.pool.close()
        } catch {
            exitWithError(error)
        }
    }
}

/// `acme: 3 sent, 1 to retry, 0 failed, 0 cancelled (1 after an unknown outcome)`; webhooks:
/// `acme: webhooks 3 sent, 1 to retry, 0 failed, 1 endpoint disabled`.
func describe(_ round: DeliveryRoundOutcome, webhooks: Bool = false) -> String {
    guard webhooks else {
        return "\(round.slug): \(round.sent) sent, \(round.retrying) to retry, \(round.failed) failed, \(round.cancelled) cancelled"
            + (round.unknown > 0 ? " (\(round.unknown) after an unknown outcome)" : "")
    }
    return "\(round.slug): webhooks \(round.sent) sent, \(round.retrying) to retry, \(round.failed) failed"
        + (round.endpointsDisabled > 0 ? ", \(round.endpointsDisabled) endpoint(s) disabled" : "")
        + (round.unknown > 0 ? " (\(round.unknown) after an unknown outcome)" : "")
}

extension DeliveryRoundOutcome {
    mutating func add(_ other: DeliveryRoundOutcome) {
        sent += other.sent
        retrying += other.retrying
        failed += other.failed
        cancelled += other.cancelled
        unknown += other.unknown
        endpointsDisabled += other.endpointsDisabled
    }
}

/// The e-mail pass (tenants' own relays, and the platform's when configured) and the webhook pass, run one after the
/// other for each tenant by `deliver` and `run`.
struct DeliveryPasses {
    let mail: DeliveryPass
    let webhooks: WebhookPass

    static let mailOff =
        "e-mails stay queued for tenants without their own relay: RECUR_SMTP_URL is not set (webhooks are delivered)"

    /// Webhook requests in flight at once per worker unless `--webhook-connections` says otherwise.
    static let defaultWebhookConnections = 4

    /// The per-tenant rate limits allowed, a minute.
    static let rates = 1...100_000

    /// Exit code 2 when the relay, secrets-key or rate settings are wrong. `rates` (a minute per tenant, over all
    /// workers) default to `RECUR_TENANT_EMAIL_RATE` and `RECUR_TENANT_WEBHOOK_RATE`; unset: no limit.
    init(
        _ worker: WorkerEnvironment, batchSize: Int = 50, webhookConnections: Int = defaultWebhookConnections,
        rates: (email: Int?, webhook: Int?) = (nil, nil)
    ) throws {
        let database = TenantDatabase(pool: worker.pool, control: worker.tenants.control)
        let secrets: SecretBox?
        do {
            secrets = try SecretBox.fromEnvironment()
        } catch {
            throw WorkerFailure(message: "\(error)", exitCode: 2)
        }
        var pass = DeliveryPass(
            database: database, platform: try Self.relayConfiguration(), defaultFrom: RelayConfiguration.defaultFrom(),
            secrets: secrets, documents: try? InvoiceDocumentService(control: worker.tenants.control))
        let environment = ProcessInfo.processInfo.environment
        pass.tenantRelayCAFile = environment["RECUR_TENANT_SMTP_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        pass.tenantRelayPrivateNetworks = environment["RECUR_TENANT_SMTP_ALLOW_PRIVATE_NETWORKS"] == "1"
        pass.batchSize = batchSize
        pass.rateLimit = try Self.rate(rates.email, variable: "RECUR_TENANT_EMAIL_RATE", environment).map { DeliveryRateLimit(.email, perMinute: $0) }
        mail = pass
        var webhooks = WebhookPass(database: database, configuration: WebhookPass.configuration(), connections: webhookConnections)
        webhooks.batchSize = batchSize
        webhooks.rateLimit = try Self.rate(rates.webhook, variable: "RECUR_TENANT_WEBHOOK_RATE", environment).map {
            DeliveryRateLimit(.webhook, perMinute: $0)
        }
        self.webhooks = webhooks
    }

    /// `given`, else the environment's `variable`; exit code 2 when the variable is not a rate in ``rates``.
    static func rate(_ given: Int?, variable: String, _ environment: [String: String]) throws -> Int? {
        if let given { return given }
        guard let text = environment[variable], !text.isEmpty else { return nil }
        guard let rate = Int(text), rates.contains(rate) else {
            throw WorkerFailure(message: "\(variable) must be a whole number of deliveries a minute between 1 and 100000, not \(text)", exitCode: 2)
        }
        return rate
    }

    /// One round of each for `tenant`.
    func run(_ tenant: TenantContext) throws -> (mail: DeliveryRoundOutcome, webhooks: DeliveryRoundOutcome) {
        (try mail.run(tenant), try webhooks.run(tenant))
    }

    /// The environment's relay, `nil` when none is set; exit code 2 when its settings are wrong.
    static func relayConfiguration() throws -> RelayConfiguration? {
        do {
            return try RelayConfiguration.fromEnvironment()
        } catch {
            throw WorkerFailure(message: "\(error)", exitCode: 2)
        }
    }
}
