/// The seller identity a tenant's documents print and e-invoices need (EN 16931: seller name, address, VAT
/// identifier, legal registration, payment account). Every field is optional until a document needs it.
public struct LegalIdentity: Sendable, Hashable, Codable {
    public var legalName: String?
    public var address: PostalAddress?
    /// A VAT identifier with its country prefix: `FR40303265045`.
    public var vatID: String?
    /// A company registration number (SIREN, HRB, company number…).
    public var registrationID: String?
    /// An IBAN, stored without spaces, upper-case; its ISO 7064 check digits are verified.
    public var iban: String?
    /// A BIC (ISO 9362): 8 or 11 characters.
    public var bic: String?

    public init(
        legalName: String? = nil, address: PostalAddress? = nil, vatID: String? = nil, registrationID: String? = nil,
        iban: String? = nil, bic: String? = nil
    ) {
        self.legalName = legalName
        self.address = address
        self.vatID = vatID
        self.registrationID = registrationID
        self.iban = iban.map(Self.compact)
        self.bic = bic.map(Self.compact)
    }

    enum CodingKeys: String, CodingKey {
        case legalName = "legal_name", address, vatID = "vat_id", registrationID = "registration_id", iban, bic
    }

    /// Every problem, at `legal/…` (field paths in lowerCamel, as every store violation).
    public func violations(at base: String = "legal") -> [FieldViolation] {
        var errors = TextField.violations(legalName, at: "\(base)/legalName", maxLength: 200)
        if let address { errors += address.violations(at: "\(base)/address") }
        errors += VATIdentifier.violations(vatID, at: "\(base)/vatId")
        errors += TextField.violations(registrationID, at: "\(base)/registrationId", maxLength: 50)
        if let iban, !Self.isValidIBAN(iban) {
            errors.append(FieldViolation(path: "\(base)/iban", code: .invalidValue, message: "is not a valid IBAN (check digits)"))
        }
        if let bic, bic.wholeMatch(of: /[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?/) == nil {
            errors.append(FieldViolation(path: "\(base)/bic", code: .invalidValue, message: "must be a BIC of 8 or 11 characters"))
        }
        return errors
    }

    /// ISO 13616: 2 letters, 2 check digits, up to 30 letters or digits, and the number mod 97 is 1.
    public static func isValidIBAN(_ text: String) -> Bool {
        let iban = compact(text)
        guard (15...34).contains(iban.count), iban.wholeMatch(of: /[A-Z]{2}[0-9]{2}[A-Z0-9]+/) != nil else { return false }
        var remainder = 0
        for character in iban.dropFirst(4) + iban.prefix(4) {
            guard let value = character.wholeNumberValue ?? character.asciiValue.map({ Int($0) - 55 }) else { return false }
            remainder = (value >= 10 ? remainder * 100 + value : remainder * 10 + value) % 97
        }
        return remainder == 1
    }

    private static func compact(_ text: String) -> String { text.filter { $0 != " " }.uppercased() }
}

/// A postal address as documents print it.
public struct PostalAddress: Sendable, Hashable, Codable {
    public var line1: String
    public var line2: String?
    public var postalCode: String?
    public var city: String
    /// ISO 3166-1 alpha-2, upper-case: `FR`.
    public var country: String

    public init(line1: String, line2: String? = nil, postalCode: String? = nil, city: String, country: String) {
        self.line1 = line1
        self.line2 = line2
        self.postalCode = postalCode
        self.city = city
        self.country = country
    }

    enum CodingKeys: String, CodingKey {
        case line1, line2, postalCode = "postal_code", city, country
    }

    /// Every problem, at `base/line1`, `base/city`, `base/country`…
    public func violations(at base: String) -> [FieldViolation] {
        var errors = TextField.violations(line1, at: "\(base)/line1", maxLength: 200)
        errors += TextField.violations(line2, at: "\(base)/line2", maxLength: 200)
        errors += TextField.violations(postalCode, at: "\(base)/postalCode", maxLength: 20)
        errors += TextField.violations(city, at: "\(base)/city", maxLength: 100)
        if country.wholeMatch(of: /[A-Z]{2}/) == nil {
            errors.append(FieldViolation(
                path: "\(base)/country", code: .invalidValue, message: "must be an ISO 3166-1 alpha-2 code such as FR"))
        }
        return errors
    }
}

/// A VAT identifier with its 2-letter country prefix (EN 16931 BT-31, BT-48): `FR40303265045`.
public enum VATIdentifier {
    /// A problem at `path` unless `vatID` is `nil` or has the shape of a VAT identifier.
    public static func violations(_ vatID: String?, at path: String) -> [FieldViolation] {
        guard let vatID, vatID.wholeMatch(of: /[A-Z]{2}[A-Z0-9+*.]{2,13}/) == nil else { return [] }
        return [FieldViolation(
            path: path, code: .invalidValue,
            message: "must be a VAT identifier: a 2-letter country prefix and 2 to 13 letters or digits")]
    }
}
