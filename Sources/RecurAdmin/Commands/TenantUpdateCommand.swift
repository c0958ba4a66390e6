import ArgumentParser
import Domain
import Store

/// `recur-admin tenant update <slug> [--name …] [--time-zone …] [--fiscal-year-start 1-12] [--currency …]
/// [--legal-name …] [--vat-id …] [--registration-id …] [--iban …] [--bic …] [--address-line1 …] [--address-line2 …]
/// [--postal-code …] [--city …] [--country …] [--json]`: changes what the options name under the rules of
/// `PATCH /v1/tenant` (fiscal-year start and currency only before anything is posted), then shows the tenant.
struct TenantUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a tenant's name, time zone, fiscal-year start, currency or legal identity.",
        discussion: """
            The same rules as PATCH /v1/tenant: a new time zone counts from the next EOD; the fiscal-year start and \
            the currency change only while nothing is posted. Legal options change one field each and keep the others; \
            an empty value clears it (--vat-id ''). The address needs --address-line1, --city and --country once set. \
            Reminder offsets and the sender: recur-admin tenant delivery.
            """)

    @OptionGroup var target: TenantSlug

    @Option(help: "The display name.")
    var name: String?
    @Option(help: "An IANA time zone, e.g. Europe/Paris (from the next EOD).")
    var timeZone: String?
    @Option(help: "The month the fiscal year starts, 1-12 (only before anything is posted).")
    var fiscalYearStart: Int?
    @Option(help: "The base currency, ISO 4217 (only before anything is posted).")
    var currency: String?

    @Option(help: "The legal name printed on documents.")
    var legalName: String?
    @Option(help: "The VAT id with its country prefix, e.g. FR40303265045.")
    var vatId: String?
    @Option(help: "The company registration number (SIREN, HRB, company number).")
    var registrationId: String?
    @Option(help: "The IBAN payments go to (check digits verified).")
    var iban: String?
    @Option(help: "The BIC, 8 or 11 characters.")
    var bic: String?
    @Option(help: "First address line.")
    var addressLine1: String?
    @Option(help: "Second address line.")
    var addressLine2: String?
    @Option(help: "Postal code.")
    var postalCode: String?
    @Option(help: "City.")
    var city: String?
    @Option(help: "Country, ISO 3166-1 alpha-2 (FR).")
    var country: String?

    @OptionGroup var output: JSONFlag

    func run() throws {
        let environment = try AdminEnvironment.fromProcess()
        let tenants = try environment.tenants()
        let context = try tenants.context(slug: target.slug)
        let database = TenantDatabase(pool: environment.pool, control: environment.control)
        let legal = try database.transaction(context) { db in
            let repository = TenantSettingsRepository(db, control: environment.control, controlPool: environment.pool)
            let current = try repository.settings().legal
            let legal = try changedLegal(current)
            let update = TenantUpdate(
                displayName: name, timeZone: timeZone, fiscalYearStartMonth: fiscalYearStart, currency: currency,
                legal: legal == current ? nil : legal)
            if update != TenantUpdate() { try repository.apply(update, to: context) }
            return try repository.settings().legal
        }
        let tenant = try tenants.tenant(slug: target.slug)
        try output.print(
            TenantWithLegalJSON(tenant: tenant, legal: legal),
            text: TextOutput.tenantDetails(tenant) + "\n" + TextOutput.legalIdentity(legal))
    }

    /// `current` with the legal options applied: an empty value clears its field.
    private func changedLegal(_ current: LegalIdentity) throws -> LegalIdentity {
        func apply(_ option: String?, to value: inout String?) {
            if let option { value = option.isEmpty ? nil : option }
        }
        var name = current.legalName, vat = current.vatID, registration = current.registrationID
        var account = current.iban, bankCode = current.bic
        apply(legalName, to: &name)
        apply(vatId, to: &vat)
        apply(registrationId, to: &registration)
        apply(iban, to: &account)
        apply(bic, to: &bankCode)
        // Through the initialiser, which normalises what it stores (the IBAN without spaces).
        var legal = LegalIdentity(
            legalName: name, address: current.address, vatID: vat, registrationID: registration, iban: account, bic: bankCode)
        let addressOptions = [addressLine1, addressLine2, postalCode, city, country]
        guard addressOptions.contains(where: { $0 != nil }) else { return legal }
        var line1 = legal.address?.line1, line2 = legal.address?.line2, postal = legal.address?.postalCode
        var town = legal.address?.city, nation = legal.address?.country
        apply(addressLine1, to: &line1)
        apply(addressLine2, to: &line2)
        apply(postalCode, to: &postal)
        apply(city, to: &town)
        apply(country, to: &nation)
        if line1 == nil, line2 == nil, postal == nil, town == nil, nation == nil {
            legal.address = nil
            return legal
        }
        guard let line1, let town, let nation else {
            throw AdminError.usage("an address needs --address-line1, --city and --country")
        }
        legal.address = PostalAddress(line1: line1, line2: line2, postalCode: postal, city: town, country: nation)
        return legal
    }
}

/// A tenant with its legal identity, as `tenant update --json` prints it (snake_case, as `GET /v1/tenant`).
struct TenantWithLegalJSON: Encodable {
    let tenant: Tenant
    let legal: LegalIdentity

    private enum Keys: String, CodingKey { case legal }
    private enum LegalKeys: String, CodingKey { case legal_name, address, vat_id, registration_id, iban, bic }
    private enum AddressKeys: String, CodingKey { case line1, line2, postal_code, city, country }

    func encode(to encoder: any Encoder) throws {
        try TenantJSON(tenant: tenant).encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        var legalContainer = container.nestedContainer(keyedBy: LegalKeys.self, forKey: .legal)
        try legalContainer.encode(legal.legalName, forKey: .legal_name)
        try legalContainer.encode(legal.vatID, forKey: .vat_id)
        try legalContainer.encode(legal.registrationID, forKey: .registration_id)
        try legalContainer.encode(legal.iban, forKey: .iban)
        try legalContainer.encode(legal.bic, forKey: .bic)
        if let address = legal.address {
            var addressContainer = legalContainer.nestedContainer(keyedBy: AddressKeys.self, forKey: .address)
            try addressContainer.encode(address.line1, forKey: .line1)
            try addressContainer.encode(address.line2, forKey: .line2)
            try addressContainer.encode(address.postalCode, forKey: .postal_code)
            try addressContainer.encode(address.city, forKey: .city)
            try addressContainer.encode(address.country, forKey: .country)
        } else {
            try legalContainer.encodeNil(forKey: .address)
        }
    }
}
