import Domain
import Foundation
import Postgres

/// Optional TOTP for a user (docs/people.md, "TOTP"): enrol (a secret sealed with the platform key, pending until
/// a code confirms it), confirm (10 recovery codes, shown once, kept as SHA-256), disable (with a code), and the
/// second factor of a login. Each time step is taken once; each recovery code once.
extension UserRepository {
    /// A started enrolment: the secret, to show once as base32 and as an `otpauth://` URI.
    public struct TOTPEnrolment: Sendable, Hashable {
        public let secret: [UInt8]
        public let uri: String
    }

    /// The purpose a user's TOTP secret is sealed for: another user's or tenant's sealed value does not open.
    static func totpPurpose(tenantID: Int64, userID: Int64) -> String { "users.totp/\(tenantID)/\(userID)" }

    /// Starts (or restarts) the enrolment of `userID`: a new secret, pending until ``confirmTOTP``. 409 when TOTP is
    /// already enabled or the server has no key to seal it with.
    public func startTOTP(userID: Int64, tenant: TenantContext, secrets: SecretBox?) throws -> TOTPEnrolment {
        guard let secrets else {
            throw UserError.totpState("TOTP cannot be enabled: the operator must set RECUR_SECRETS_KEY (the key TOTP secrets are sealed with)")
        }
        let user = try get(userID)
        let secret = TOTP.newSecret()
        let sealed = try secrets.seal(Base32.encode(secret), for: Self.totpPurpose(tenantID: tenant.id, userID: userID))
        guard !(try db.query(UserTOTPStatements.setPending, [userID, sealed])).isEmpty else {
            throw UserError.totpState("TOTP is already enabled: disable it first")
        }
        return TOTPEnrolment(
            secret: secret, uri: TOTP.uri(secret: secret, account: user.email, issuer: "Recur \(tenant.slug)"))
    }

    /// Enables the pending secret when `code` is its current code; returns the 10 recovery codes (shown once).
    public func confirmTOTP(userID: Int64, code: String, tenant: TenantContext, secrets: SecretBox?, at date: Date = Date()) throws -> [String] {
        let state = try totpState(userID)
        guard let pending = state.pending else { throw UserError.totpState("no TOTP enrolment was started: POST /v1/sessions/current/totp first") }
        guard let secret = openSecret(pending, userID: userID, tenant: tenant, secrets: secrets) else {
            throw UserError.totpState("the pending TOTP secret cannot be opened with this server's RECUR_SECRETS_KEY: start again")
        }
        guard let step = TOTP.matchingStep(code: code, secret: secret, at: date) else {
            throw UserError.invalid(field: "code", detail: "is not the authenticator's current code")
        }
        let codes = (0..<10).map { _ in Self.newRecoveryCode() }
        guard !(try db.query(UserTOTPStatements.enable, [userID, step, SQLArray(codes.map(Self.normalizedRecoveryCode)), pending])).isEmpty else {
            throw UserError.totpState("the enrolment changed meanwhile: start again")
        }
        return codes
    }

    /// Disables TOTP when `code` is a current code (not used before) or an unused recovery code.
    public func disableTOTP(userID: Int64, code: String, tenant: TenantContext, secrets: SecretBox?, at date: Date = Date()) throws {
        guard try totpState(userID).secret != nil else { throw UserError.totpState("TOTP is not enabled") }
        guard try useSecondFactor(userID: userID, code: code, tenant: tenant, secrets: secrets, at: date) else {
            throw UserError.invalid(field: "code", detail: "is neither the authenticator's current code nor an unused recovery code")
        }
        try db.query(UserTOTPStatements.disable, [userID])
    }

    /// Turns TOTP off without a code (`recur-admin user reset-totp`: a user who lost the authenticator and the
    /// recovery codes). `false` when it was not on.
    public func resetTOTP(userID: Int64) throws -> Bool {
        !(try db.query(UserTOTPStatements.disable, [userID])).isEmpty
    }

    /// Whether `code` is the second factor of `userID`: a TOTP code of a step after the last one used (that step
    /// is then used), else an unused recovery code (then used up). `true` when TOTP is not enabled at all.
    func useSecondFactor(userID: Int64, code: String?, tenant: TenantContext, secrets: SecretBox?, at date: Date) throws -> Bool {
        let state = try totpState(userID)
        guard let sealed = state.secret else { return true }
        guard let code, !code.isEmpty, code.utf8.count <= 64 else { return false }
        if let secret = openSecret(sealed, userID: userID, tenant: tenant, secrets: secrets),
            let step = TOTP.matchingStep(code: code, secret: secret, at: date, after: state.lastStep),
            !(try db.query(UserTOTPStatements.useStep, [userID, step])).isEmpty
        {
            return true
        }
        return !(try db.query(UserTOTPStatements.useRecoveryCode, [userID, Self.normalizedRecoveryCode(code)])).isEmpty
    }

    struct TOTPState {
        let secret: String?
        let pending: String?
        let lastStep: Int64?
    }

    func totpState(_ userID: Int64) throws -> TOTPState {
        guard let row = try db.query(UserTOTPStatements.read, [userID]).first else { throw UserError.notFound(userID) }
        return TOTPState(
            secret: try row.decode(String?.self, "totp_secret"), pending: try row.decode(String?.self, "totp_pending_secret"),
            lastStep: try row.decode(Int64?.self, "totp_last_step"))
    }

    private func openSecret(_ sealed: String, userID: Int64, tenant: TenantContext, secrets: SecretBox?) -> [UInt8]? {
        guard let secrets, let text = try? secrets.open(sealed, for: Self.totpPurpose(tenantID: tenant.id, userID: userID)) else {
            return nil
        }
        return Base32.decode(text)
    }

    /// `abcde-fghij`: 50 random bits in base32, lower case.
    static func newRecoveryCode() -> String {
        let text = Base32.encode(Array(SecretToken.bytes().prefix(7))).lowercased().prefix(10)
        return "\(text.prefix(5))-\(text.suffix(5))"
    }

    /// A recovery code as it is hashed: lower case, without dashes and spaces.
    static func normalizedRecoveryCode(_ code: String) -> String {
        code.lowercased().filter { $0 != "-" && $0 != " " }
    }
}

/// The TOTP statements of a user (tenant schema).
enum UserTOTPStatements {
    static let read = PostgresStatement(
        "users_totp_read", "SELECT totp_secret, totp_pending_secret, totp_last_step FROM users WHERE id = $1")

    /// $2 the sealed secret; no row when TOTP is already enabled.
    static let setPending = PostgresStatement(
        "users_totp_set_pending",
        "UPDATE users SET totp_pending_secret = $2 WHERE id = $1 AND totp_secret IS NULL RETURNING id")

    /// Enables the pending secret $4 (still the same), the step $2 used to confirm it, recovery codes $3 (kept hashed).
    static let enable = PostgresStatement(
        "users_totp_enable",
        """
        UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = $2,
            totp_recovery_hashes = ARRAY(SELECT sha256(convert_to(c, 'UTF8')) FROM unnest($3::text[]) AS c)
        WHERE id = $1 AND totp_pending_secret = $4 AND totp_secret IS NULL
        RETURNING id
        """)

    /// Takes the step $2 unless it (or a later one) was taken already.
    static let useStep = PostgresStatement(
        "users_totp_use_step",
        "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND coalesce(totp_last_step, -1) < $2 RETURNING id")

    /// Uses up the recovery code $2 (normalised) if it is one of the user's.
    static let useRecoveryCode = PostgresStatement(
        "users_totp_use_recovery_code",
        """
        UPDATE users SET totp_recovery_hashes = array_remove(totp_recovery_hashes, sha256(convert_to($2::text, 'UTF8')))
        WHERE id = $1 AND totp_secret IS NOT NULL AND sha256(convert_to($2::text, 'UTF8')) = ANY (totp_recovery_hashes)
        RETURNING id
        """)

    static let disable = PostgresStatement(
        "users_totp_disable",
        """
        UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL, totp_recovery_hashes = '{}'
        WHERE id = $1 AND (totp_secret IS NOT NULL OR totp_pending_secret IS NOT NULL)
        RETURNING id
        """)
}
