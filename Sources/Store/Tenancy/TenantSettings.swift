import Domain
import Foundation
import Postgres

/// What a tenant's firm sets about itself (docs/tenancy.md, "Settings"): reminder offsets and the legal identity
/// its documents print. Kept in the tenant's `tenant_settings`; the EOD reads the offsets from there.
public struct TenantSettings: Sendable, Hashable {
    /// Days after an invoice's due date on which it is reminded (`reminders.overdue_days`).
    public var overdueDays: [Int]
    /// After the last overdue offset, remind again every this many days until paid (`reminders.overdue_repeat_days`;
    /// 0: never).
    public var overdueRepeatDays: Int = 0
    /// Days before a recurring invoice's last occurrence on which the customer is told (`reminders.subscription_ending_days`).
    public var subscriptionEndingDays: [Int]
    /// Days before a task's due date on which it is reminded (`reminders.task_due_days`).
    public var taskDueDays: [Int]
    public var legal: LegalIdentity
    /// Locale, paper, accent colour, e-invoicing, footer (`documents`).
    public var documents: DocumentSettings
    /// The tenant's Mustache template for HTML documents; `nil` for the default design.
    public var documentTemplate: String?
    /// Sender and alert recipients of the tenant's e-mails (`delivery`).
    public var delivery: DeliverySettings = DeliverySettings()
    /// How the EOD dates an invoice it issues late (`invoicing.catch_up_dating`; docs/invoicing.md).
    public var invoiceDating: InvoiceDating.CatchUp = .occurrenceDate
}

/// A change to a tenant: each field given replaces the stored one; `nil` keeps it. `legal` replaces the whole
/// legal identity.
public struct TenantUpdate: Sendable, Hashable {
    public var displayName: String?
    public var timeZone: String?
    public var fiscalYearStartMonth: Int?
    public var currency: String?
    public var overdueDays: [Int]?
    /// 0 (never) … 90.
    public var overdueRepeatDays: Int?
    public var subscriptionEndingDays: [Int]?
    public var taskDueDays: [Int]?
    public var legal: LegalIdentity?
    /// Replaces the whole document settings.
    public var documents: DocumentSettings?
    /// Replaces the whole delivery settings but the relay, which ``relay`` changes.
    public var delivery: DeliverySettings?
    /// The tenant's own SMTP relay; `nil` keeps the stored one.
    public var relay: RelayChange?
    /// How the EOD dates an invoice it issues late.
    public var invoiceDating: InvoiceDating.CatchUp?
    /// Moves the lock date forward (``LockDate/changeViolation(to:today:at:)``; docs/invoicing.md, "Lock date").
    public var lockDate: CalendarDate?

    public init(
        displayName: String? = nil, timeZone: String? = nil, fiscalYearStartMonth: Int? = nil, currency: String? = nil,
        overdueDays: [Int]? = nil, overdueRepeatDays: Int? = nil, subscriptionEndingDays: [Int]? = nil,
        taskDueDays: [Int]? = nil, legal: LegalIdentity? = nil, documents: DocumentSettings? = nil,
        delivery: DeliverySettings? = nil, relay: RelayChange? = nil, lockDate: CalendarDate? = nil,
        invoiceDating: InvoiceDating.CatchUp? = nil
    ) {
        self.relay = relay
        self.invoiceDating = invoiceDating
        self.lockDate = lockDate
        self.overdueRepeatDays = overdueRepeatDays
        self.delivery = delivery
        self.documents = documents
        self.displayName = displayName
        self.timeZone = timeZone
        self.fiscalYearStartMonth = fiscalYearStartMonth
        self.currency = currency
        self.overdueDays = overdueDays
        self.subscriptionEndingDays = subscriptionEndingDays
        self.taskDueDays = taskDueDays
        self.legal = legal
    }
}

/// A change to the tenant's own SMTP relay (`delivery.relay`).
public enum RelayChange: Sendable, Hashable {
    /// Back to the platform's relay (`RECUR_SMTP_URL`); the stored password is dropped.
    case platform
    /// This relay; `password` says what becomes of the stored password.
    case own(url: String, username: String?, password: SecretChange, tlsRequired: Bool)
}

/// What a change does to a write-only secret.
public enum SecretChange: Sendable, Hashable {
    /// The stored one stays (the client cannot send it back: it is never shown).
    case keep
    case remove
    /// Sealed with the platform's key before it is stored.
    case set(String)
}

extension TenantSettingsRepository {
    /// The purpose a tenant's relay password is sealed for: another tenant's row cannot be copied in.
    public static func relayPasswordPurpose(_ tenantID: Int64) -> String {
        "delivery.relay.password/\(tenantID)"
    }

    /// The stored relay with `change` applied; a new password is the empty placeholder until it is sealed.
    static func relay(_ stored: TenantRelay?, changedBy change: RelayChange) -> TenantRelay? {
        guard case .own(let url, let username, let password, let tlsRequired) = change else { return nil }
        var relay = TenantRelay(url: url, username: username, tlsRequired: tlsRequired)
        switch password {
        case .keep: relay.sealedPassword = username == nil ? nil : stored?.sealedPassword
        case .remove: relay.sealedPassword = nil
        case .set: relay.sealedPassword = ""
        }
        return relay
    }

    /// Stores the tenant's HTML template (`nil`: back to the default design). The caller has checked that it renders.
    public func setDocumentTemplate(_ template: String?) throws {
        if let template {
            try db.query(TenantSettingsStatements.write, [SQLArray([Self.keys.template]), SQLArray([try JSONText.encode(template)])])
        } else {
            try db.query(TenantSettingsStatements.delete, [Self.keys.template])
        }
    }
}

/// Reads and changes a tenant's settings and its control row, in the caller's tenant transaction.
///
/// A tenant on another cluster than the control schema's has its control row changed on `controlPool`, in a
/// transaction of its own that commits once every check and write of the tenant's transaction has succeeded (the
/// last step before the caller's commit).
public struct TenantSettingsRepository {
    let db: PostgresConnection
    let control: ControlSchema
    let controlPool: PostgresPool?

    public init(_ connection: PostgresConnection, control: ControlSchema = .standard, controlPool: PostgresPool? = nil) {
        db = connection
        self.control = control
        self.controlPool = controlPool
    }

    static let keys = (
        overdue: "reminders.overdue_days", repeat: "reminders.overdue_repeat_days", ending: "reminders.subscription_ending_days", task: "reminders.task_due_days",
        legal: "legal.identity", documents: "documents.settings", template: "documents.html_template",
        delivery: "delivery.settings", invoiceDating: "invoicing.catch_up_dating")

    public func settings() throws -> TenantSettings {
        var values = [String: String]()
        for row in try db.query(TenantSettingsStatements.read) {
            values[try row.decode(String.self, "key")] = try row.decode(String.self, "value")
        }
        func days(_ key: String) -> [Int] {
            (values[key].flatMap { try? JSONDecoder().decode([Int].self, from: Data($0.utf8)) }) ?? []
        }
        let legal = values[Self.keys.legal].flatMap { try? JSONText.decode(LegalIdentity.self, from: $0) }
        return TenantSettings(
            overdueDays: days(Self.keys.overdue), overdueRepeatDays: values[Self.keys.repeat].flatMap { Int($0) } ?? 0,
            subscriptionEndingDays: days(Self.keys.ending),
            taskDueDays: days(Self.keys.task), legal: legal ?? LegalIdentity(),
            documents: values[Self.keys.documents].flatMap { try? JSONText.decode(DocumentSettings.self, from: $0) }
                ?? DocumentSettings(),
            documentTemplate: values[Self.keys.template].flatMap { try? JSONText.decode(String.self, from: $0) },
            delivery: values[Self.keys.delivery].flatMap { try? JSONText.decode(DeliverySettings.self, from: $0) }
                ?? DeliverySettings(),
            invoiceDating: values[Self.keys.invoiceDating].flatMap { try? JSONText.decode(String.self, from: $0) }
                .flatMap(InvoiceDating.CatchUp.init(rawValue:)) ?? .occurrenceDate)
    }

    /// Checks every field, then applies them all or nothing.
    /// - Throws: ``LedgerError/validation(_:)`` at `name`, `timeZone`, `fiscalYearStartMonth`, `currency`,
    ///   `reminders/overdueDays`…, `legal/…`, `lockDate` (after today, or moving back); ``LedgerError/conflict(_:)`` when the currency or the fiscal year's
    ///   start would change after something was posted.
    public func apply(_ update: TenantUpdate, to tenant: TenantContext, secrets: SecretBox? = nil) throws {
        var errors = [FieldViolation]()
        if let name = update.displayName { errors += TextField.violations(name, at: "name", maxLength: 200) }
        if let zone = update.timeZone, (try? TenantDraft.timeZone(zone)) == nil {
            errors.append(FieldViolation(path: "timeZone", code: .invalidValue, message: "is not an IANA time zone this server knows"))
        }
        if let month = update.fiscalYearStartMonth, !(1...12).contains(month) {
            errors.append(FieldViolation(path: "fiscalYearStartMonth", code: .outOfRange, message: "must be 1 to 12"))
        }
        if let code = update.currency, Currency(code: code) == nil {
            errors.append(FieldViolation(path: "currency", code: .invalidValue, message: "must be an ISO 4217 currency code"))
        }
        for (days, path) in [
            (update.overdueDays, "reminders/overdueDays"), (update.subscriptionEndingDays, "reminders/subscriptionEndingDays"),
            (update.taskDueDays, "reminders/taskDueDays"),
        ] {
            guard let days else { continue }
            if days.count > 10 || days.contains(where: { !(0...366).contains($0) }) || Set(days).count != days.count {
                errors.append(FieldViolation(
                    path: path, code: .invalidValue, message: "must be at most 10 distinct whole days from 0 to 366"))
            }
        }
        if let every = update.overdueRepeatDays, !(0...90).contains(every) {
            errors.append(FieldViolation(path: "reminders/overdueRepeatDays", code: .outOfRange, message: "must be 0 (never) to 90 days"))
        }
        if let legal = update.legal { errors += legal.violations() }
        if let documents = update.documents { errors += documents.violations() }
        // The relay outlives a `delivery` that does not mention it: its password cannot be sent back.
        var delivery = update.delivery
        var newPassword: String?
        if let change = update.relay {
            let current = try settings().delivery
            if delivery == nil { delivery = current }
            delivery?.relay = Self.relay(current.relay, changedBy: change)
            if case .own(_, _, .set(let secret), _) = change {
                errors += TenantRelay.passwordViolations(secret, at: "delivery/relay/password")
                newPassword = secret
            }
        } else if delivery != nil {
            delivery?.relay = try settings().delivery.relay
        }
        if let delivery { errors += delivery.violations() }
        try LedgerError.check(errors)
        if let newPassword {
            guard let secrets else {
                throw LedgerError.conflict(
                    "a relay password cannot be stored: the operator must set RECUR_SECRETS_KEY (or RECUR_SECRETS_KEY_FILE) for recur-server and recur-worker")
            }
            delivery?.relay?.sealedPassword = try secrets.seal(newPassword, for: Self.relayPasswordPurpose(tenant.id))
        }
        if update.documents?.eInvoicing == true {
            // What EN 16931 needs of the seller, checked on a sample invoice carrying this tenant's identity.
            var sample = InvoiceDocument.sample()
            let legal = try update.legal ?? settings().legal
            sample.seller = DocumentParty(
                name: legal.legalName ?? "", address: legal.address, vatID: legal.vatID, registrationID: legal.registrationID)
            sample.payment = legal.iban.map { DocumentPaymentAccount(iban: $0, bic: legal.bic) }
            try LedgerError.check(EInvoiceRequirements.violations(for: sample).filter { $0.path.hasPrefix("legal/") })
        }

        try db.transaction { db in
            let changesBooks = update.currency.map { $0 != tenant.currency.code } == true
                || update.fiscalYearStartMonth.map { $0 != tenant.fiscalYearStartMonth } == true
            if changesBooks, try db.query(TenantSettingsStatements.anythingPosted).first?.decode(Bool.self, "posted") == true {
                throw LedgerError.conflict("the currency and the fiscal year's start cannot change once anything is posted")
            }
            let controlRow: [any PostgresEncodable] = [
                tenant.id, update.displayName, update.timeZone, update.fiscalYearStartMonth, update.currency,
            ]
            let elsewhere = tenant.cluster != ClusterConnections.defaultName
            if !elsewhere { try db.query(TenantStatements(control: control).update, controlRow) }
            var settings = [(String, String)]()
            if let days = update.overdueDays { settings.append((Self.keys.overdue, "\(days)")) }
            if let every = update.overdueRepeatDays { settings.append((Self.keys.repeat, "\(every)")) }
            if let days = update.subscriptionEndingDays { settings.append((Self.keys.ending, "\(days)")) }
            if let days = update.taskDueDays { settings.append((Self.keys.task, "\(days)")) }
            if let legal = update.legal { settings.append((Self.keys.legal, try JSONText.encode(legal))) }
            if let documents = update.documents { settings.append((Self.keys.documents, try JSONText.encode(documents))) }
            if let delivery { settings.append((Self.keys.delivery, try JSONText.encode(delivery))) }
            if let dating = update.invoiceDating { settings.append((Self.keys.invoiceDating, try JSONText.encode(dating.rawValue))) }
            if !settings.isEmpty {
                try db.query(TenantSettingsStatements.write, [SQLArray(settings.map(\.0)), SQLArray(settings.map(\.1))])
            }
            if let lockDate = update.lockDate { try LedgerLock(db).move(to: lockDate, today: tenant.today()) }
            if elsewhere, update.displayName != nil || update.timeZone != nil || update.fiscalYearStartMonth != nil
                || update.currency != nil
            {
                guard let controlPool else {
                    throw PostgresError.invalidUsage("a tenant on cluster \(tenant.cluster) needs the control pool to change its row")
                }
                try controlPool.withConnection { try $0.query(TenantStatements(control: control).update, controlRow) }
            }
        }
    }
}

/// The tenant settings' SQL (the tenant's own `tenant_settings`).
enum TenantSettingsStatements {
    static let read = PostgresStatement(
        "tenant_settings_read",
        """
        SELECT key, value::text AS value FROM tenant_settings
        WHERE key IN ('reminders.overdue_days', 'reminders.overdue_repeat_days', 'reminders.subscription_ending_days', 'reminders.task_due_days',
                      'legal.identity', 'documents.settings', 'documents.html_template', 'delivery.settings',
                      'invoicing.catch_up_dating')
        """)

    /// $1 keys, $2 JSON values.
    static let write = PostgresStatement(
        "tenant_settings_write",
        """
        INSERT INTO tenant_settings (key, value)
        SELECT k, v::jsonb FROM unnest($1::text[], $2::text[]) AS s(k, v)
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
        """)

    static let delete = PostgresStatement("tenant_settings_delete", "DELETE FROM tenant_settings WHERE key = $1")

    static let anythingPosted = PostgresStatement(
        "tenant_settings_anything_posted", "SELECT EXISTS (SELECT 1 FROM journal_entries) AS posted")
}
