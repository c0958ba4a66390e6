import Delivery
import DocumentArchive
import Domain
import Foundation
import Postgres
import Store
import Synchronization

/// What one delivery round did for one tenant.
public struct DeliveryRoundOutcome: Sendable {
    public let slug: String
    public var sent = 0
    /// Failed for now, tried again later.
    public var retrying = 0
    /// Failed for good (dead letter).
    public var failed = 0
    public var cancelled = 0
    /// Handed over with no answer: sent again with the same Message-ID.
    public var unknown = 0
    /// Webhook endpoints disabled this round (failing for 3 days).
    public var endpointsDisabled = 0
    /// Why the tenant's due e-mails were not claimed this round (its relay password cannot be opened, no From
    /// address): they stay queued until the operator or the tenant fixes it.
    public var held: String?

    /// Notifications claimed this round.
    public var claimed: Int { sent + retrying + failed + cancelled }

    public init(slug: String) { self.slug = slug }

    /// Counts an attempt by the step that follows it.
    mutating func count(_ next: RetryPolicy.NextStep?) {
        switch next {
        case .sent: sent += 1
        case .retry: retrying += 1
        case .failed, nil: failed += 1
        }
    }
}

/// Delivers a tenant's due notifications: claims a batch (leased, `FOR UPDATE SKIP LOCKED`, so any number of workers
/// on any hosts share the work), writes each e-mail with the invoice's kept PDF, hands it to the tenant's relay (its own
/// when it set one, else the platform's), and records every outcome in one statement (docs/delivery.md). At most
/// `batchSize` per tenant and round: a tenant with 100,000 reminders waits its turn behind no one and delays no one.
public struct DeliveryPass: Sendable {
    public let database: TenantDatabase
    /// The platform's relay (`RECUR_SMTP_URL`); `nil`: only tenants with their own relay are e-mailed, the others'
    /// e-mails stay queued.
    public let platform: RelayConfiguration?
    /// The From address of tenants that set none (`RECUR_SMTP_FROM`).
    public let defaultFrom: String?
    /// Opens tenants' relay passwords (`RECUR_SECRETS_KEY`).
    public let secrets: SecretBox?
    /// CA certificates to trust for tenants' relays instead of the system's (`RECUR_TENANT_SMTP_CA_FILE`).
    public var tenantRelayCAFile: String?
    /// Lets tenants' relays resolve to loopback and private addresses (`RECUR_TENANT_SMTP_ALLOW_PRIVATE_NETWORKS=1`:
    /// development and tests); refused by default, as for webhooks.
    public var tenantRelayPrivateNetworks = false
    /// Renders the PDF of an invoice whose documents are not kept yet (issued by the EOD this minute).
    public let documents: InvoiceDocumentService?
    /// Notifications per tenant and round.
    public var batchSize = 50
    /// E-mails a minute per tenant over all workers; `nil`: no limit but ``batchSize`` a round.
    public var rateLimit: DeliveryRateLimit?
    /// How long a claim holds before another worker may take it (and send it again, with the same Message-ID).
    public var leaseSeconds = 300
    public var policy = RetryPolicy.standard
    /// One transport per distinct relay configuration, kept for the pass's life (each keeps its connection open).
    private let transports = TransportCache()

    public init(
        database: TenantDatabase, platform: RelayConfiguration?, defaultFrom: String? = nil, secrets: SecretBox? = nil,
        documents: InvoiceDocumentService?
    ) {
        self.database = database
        self.platform = platform
        self.defaultFrom = defaultFrom ?? platform?.defaultFrom
        self.secrets = secrets
        self.documents = documents
    }

    /// Where a tenant's e-mails go this round, or why they stay queued (`held`; `nil` when there is simply no relay).
    enum Route {
        case send(SMTPTransport)
        case hold(String?)
    }

    /// The tenant's own relay when it set one, else the platform's.
    func route(_ delivery: DeliverySettings, tenant: TenantContext) -> Route {
        if delivery.fromAddress == nil, defaultFrom == nil {
            return .hold("no From address: set the tenant's delivery from_address (RECUR_SMTP_FROM is not set)")
        }
        guard let relay = delivery.relay else {
            return platform.map { .send(transports.transport(for: $0.smtp)) } ?? .hold(nil)
        }
        var credentials: SMTPCredentials?
        if let username = relay.username {
            var password = ""
            if let sealed = relay.sealedPassword {
                guard let secrets else {
                    return .hold("the tenant's relay password cannot be opened: RECUR_SECRETS_KEY is not set")
                }
                do {
                    password = try secrets.open(sealed, for: TenantSettingsRepository.relayPasswordPurpose(tenant.id))
                } catch {
                    return .hold("the tenant's relay password: \(error)")
                }
            }
            credentials = SMTPCredentials(username: username, password: password)
        }
        let configuration = SMTPConfiguration(
            url: relay.url, requireTLS: relay.tlsRequired, credentials: credentials, caFile: tenantRelayCAFile,
            publicAddressesOnly: !tenantRelayPrivateNetworks)
        return .send(transports.transport(for: configuration))
    }

    /// One round for `tenant`: claims up to ``batchSize`` due notifications and delivers them.
    public func run(_ tenant: TenantContext) throws -> DeliveryRoundOutcome {
        var outcome = DeliveryRoundOutcome(slug: tenant.slug)
        let (route, claimed) = try database.transaction(tenant) { db -> (Route, [ClaimedNotification]) in
            let queue = DeliveryQueue(db)
            guard try queue.anyDue() else { return (.hold(nil), []) }
            let chosen = self.route(try TenantSettingsRepository(db, control: database.control).settings().delivery, tenant: tenant)
            guard case .send = chosen else { return (chosen, []) }
            let claimed = try rateLimit.claim(upTo: batchSize, tenant: tenant, database: database, on: db) {
                try queue.claim(limit: $0, leaseSeconds: leaseSeconds)
            }
            return (chosen, claimed)
        }
        guard case .send(let transport) = route else {
            if case .hold(let reason) = route { outcome.held = reason }
            return outcome
        }
        guard !claimed.isEmpty else { return outcome }
        outcome.unknown = claimed.filter(\.followsUnknownOutcome).count

        let prepared = try prepare(claimed, tenant: tenant)
        var records: [AttemptRecord] = []
        for (claim, message) in prepared {
            let started = Date()
            if let reason = claim.cancellation {
                records.append(AttemptRecord(cancelling: claim, because: reason, at: started))
                outcome.cancelled += 1
                continue
            }
            let result: DeliveryOutcome
            switch message {
            case .success(let mail):
                do { result = try transport.send(mail) } catch { result = .permanent(code: nil, message: "\(error)") }
            case .failure(let problem):
                result = .permanent(code: nil, message: problem.description)
            }
            var record = AttemptRecord(claim, startedAt: started, outcome: result, policy: policy, random: Double.random(in: 0..<1))
            if case .success(let mail) = message, !mail.subject.isEmpty { record.subject = mail.subject }
            outcome.count(record.next)
            records.append(record)
        }
        try database.transaction(tenant) { db in try DeliveryQueue(db).record(records) }
        return outcome
    }

    /// A notification's message, or why it cannot have one.
    enum Prepared {
        case success(MailMessage)
        case failure(NotificationMail.Unsendable)
    }

    /// The messages of a claimed batch, read in one tenant transaction: the tenant's sender once, each invoice's
    /// PDF (rendered and kept now if the documents pass has not come by yet).
    private func prepare(_ claimed: [ClaimedNotification], tenant: TenantContext) throws -> [(ClaimedNotification, Prepared)] {
        try database.transaction(tenant) { db in
            let settings = try TenantSettingsRepository(db, control: database.control).settings()
            // `route` held the tenant when neither it nor the platform names a From address.
            let sender = NotificationMail.Sender(settings: settings, defaultFrom: defaultFrom ?? "")
            let overrides = try EmailTemplateRepository(db).overrides()
            let archive = InvoiceDocumentRepository(db, control: database.control)
            // The batch's kept PDFs in one query; an invoice without one is rendered and kept on the spot.
            var pdfs = try archive.stored(
                claimed.compactMap { $0.cancellation == nil && $0.notification.kind == .invoiceIssued ? $0.notification.invoiceID : nil },
                .pdf)
            return try claimed.map { claim in
                guard claim.cancellation == nil else { return (claim, .failure(.init(description: "cancelled"))) }
                var pdf: (String, [UInt8])?
                if claim.notification.kind == .invoiceIssued, let invoiceID = claim.notification.invoiceID {
                    if pdfs[invoiceID] == nil, let documents {
                        try db.transaction { db in _ = try documents.keepDocuments(of: .invoice(invoiceID), tenant: tenant, on: db) }
                        pdfs[invoiceID] = try archive.stored(.invoice(invoiceID), .pdf)
                    }
                    if let stored = pdfs[invoiceID] {
                        let number = try Self.invoiceNumber(claim.notification.payload) ?? InvoiceRepository(db).get(invoiceID).number
                        pdf = ("\(Self.filename(number ?? "invoice")).pdf", stored.body)
                    }
                }
                let content = NotificationContent.render(
                    claim.notification, party: claim.party, sender: sender, overrides: overrides, linkToken: claim.linkSecret)
                do {
                    let mail = try NotificationMail.message(
                        for: claim.notification, content: content, cc: claim.party?.billingCC ?? [], sender: sender, pdf: pdf)
                    return (claim, .success(mail))
                } catch let problem as NotificationMail.Unsendable {
                    return (claim, .failure(problem))
                }
            }
        }
    }

    /// The invoice number an `invoice_issued` payload carries (`{"invoice_id", "number", …}`), without reading the invoice.
    static func invoiceNumber(_ payload: String) -> String? {
        struct Payload: Decodable { let number: String? }
        return (try? JSONDecoder().decode(Payload.self, from: Data(payload.utf8)))?.number
    }

    /// An invoice number as a file name: letters, digits, `-` and `_` kept, anything else `-`.
    static func filename(_ number: String) -> String {
        String(number.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" })
    }
}

/// The transports of a worker's relays, one per distinct configuration (URL, TLS, login, CA): each keeps its easy
/// handle and so its connection between rounds. A changed tenant password makes a new entry.
final class TransportCache: Sendable {
    private let transports = Mutex<[SMTPConfiguration: SMTPTransport]>([:])

    func transport(for configuration: SMTPConfiguration) -> SMTPTransport {
        transports.withLock { transports in
            if let transport = transports[configuration] { return transport }
            let transport = SMTPTransport(configuration)
            transports[configuration] = transport
            return transport
        }
    }
}
