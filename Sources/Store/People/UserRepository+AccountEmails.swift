import Domain
import Foundation
import Postgres

/// Invitations and password resets by e-mail (docs/people.md, "Invitations and password resets by e-mail"): the
/// token's SHA-256 is kept on the user, the token itself only in the outbox row of its e-mail until that is sent.
extension UserRepository {
    /// A password reset link works this long.
    public static let resetLifetimeMinutes = 30

    /// Queues the invitation e-mail of `user`, just invited with `token`.
    func queueInvitation(of user: User, token: String, mail: AccountMail) throws {
        try db.query(
            AccountEmailStatements.queueInvitation,
            [user.id, mail.tenant.timeZoneIdentifier, mail.links.invitation(tenant: mail.tenant.slug), token])
    }

    /// A new invitation for the invited user `id` (no password yet, enabled): a new token, valid 7 days, replaces
    /// the old one (which stops working) and is e-mailed; an e-mail of the old one still queued is cancelled.
    /// Returns the user and the new token (shown once).
    public func renewInvitation(_ id: Int64, mail: AccountMail) throws -> CreatedUser {
        let token = SecretToken.hex()
        let rows = try db.query(
            AccountEmailStatements.renewInvitation,
            [id, token, mail.tenant.timeZoneIdentifier, mail.links.invitation(tenant: mail.tenant.slug)])
        let user = try get(id)
        guard !rows.isEmpty else {
            throw UserError.notInvitable(user.disabledAt != nil ? "the user is disabled" : "the user has already set a password")
        }
        return CreatedUser(user: user, generatedPassword: nil, invitationToken: token)
    }

    /// The account a password reset was sent for.
    public struct ResetAccount: Sendable, Hashable {
        public let userID: Int64
        public let email: String
        public let role: Role
    }

    /// Sends a password reset link to the enabled user with a password whose address is `email` (any case): a
    /// single-use token valid ``resetLifetimeMinutes``, replacing any earlier one. `nil` when there is no such user
    /// or one was sent less than a minute ago (the caller answers the same either way).
    public func requestPasswordReset(email: String, mail: AccountMail) throws -> ResetAccount? {
        guard email.utf8.count <= 254 else { return nil }
        let row = try db.query(
            AccountEmailStatements.requestReset,
            [email, SecretToken.hex(), mail.tenant.timeZoneIdentifier, mail.links.passwordReset(tenant: mail.tenant.slug)]
        ).first
        return try row.map(Self.resetAccount)
    }

    /// Sets a new password with a reset token: uses the token up, clears the lockout and ends every session of the
    /// user (`tenantID`'s control rows), all in this transaction. `nil` when the token is unknown, used or expired.
    public func acceptPasswordReset(token: String, password: String, tenantID: Int64) throws -> ResetAccount? {
        if let violation = PasswordRules.violation(password) { throw UserError.invalid(field: "password", detail: violation) }
        guard (1...128).contains(token.utf8.count) else { return nil }
        let hash = try PasswordHasher.hash(password)
        guard let row = try db.query(AccountEmailStatements.acceptReset, [token, hash]).first else { return nil }
        let account = try Self.resetAccount(row)
        try controlQuery(sessions.deleteOfUser, [tenantID, account.userID])
        return account
    }

    static func resetAccount(_ row: PostgresRow) throws -> ResetAccount {
        ResetAccount(
            userID: try row.decode(Int64.self, "id"), email: try row.decode(String.self, "email"),
            role: try APIKeyInfo.role(row))
    }
}
