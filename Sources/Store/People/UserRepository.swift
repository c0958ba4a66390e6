import Domain
import Foundation
import Postgres

/// A tenant's users, on a connection inside the tenant's transaction. Role changes and disabling also delete the
/// user's sessions (control schema) in that transaction, so that a session never outlives the rights it copied.
/// For a tenant on another cluster than the control schema's (`controlPool` given), the sessions are deleted on
/// `controlPool` in a statement of their own, once the tenant-side change has passed its checks.
public struct UserRepository {
    let db: PostgresConnection
    let sessions: SessionStatements
    let controlPool: PostgresPool?

    public init(_ connection: PostgresConnection, control: ControlSchema = .standard, controlPool: PostgresPool? = nil) {
        db = connection
        sessions = SessionStatements(control: control)
        self.controlPool = controlPool
    }

    /// Runs a control-schema statement: in this transaction, or on ``controlPool`` when the tenant is elsewhere.
    func controlQuery(_ statement: PostgresStatement, _ parameters: [any PostgresEncodable]) throws {
        if let controlPool {
            try controlPool.withConnection { _ = try $0.query(statement, parameters) }
        } else {
            try db.query(statement, parameters)
        }
    }

    /// Creates a user. `password`: set it (checked against ``PasswordRules``); `nil` with `invite`: an invitation
    /// token is drawn and returned once; `nil` without: a 20-character password is generated and returned once.
    /// With `mail`, an invitation is also e-mailed (through the outbox and the delivery worker).
    public func create(
        email: String, name: String = "", role: Role, password: String?, invite: Bool = false, mail: AccountMail? = nil
    ) throws -> CreatedUser {
        let email = try UserEmail.validated(email)
        guard name.count <= 200 else { throw UserError.invalid(field: "name", detail: "must be at most 200 characters") }
        var generated: String?
        var invitation: String?
        var secret = password
        if let password {
            if let violation = PasswordRules.violation(password) { throw UserError.invalid(field: "password", detail: violation) }
        } else if invite {
            invitation = SecretToken.hex()
        } else {
            generated = String(SecretToken.base64URL().prefix(20))
            secret = generated
        }
        let hash = try secret.map { password throws(PasswordHashError) in try PasswordHasher.hash(password) }
        let parameters: [any PostgresEncodable] = [email, name, role.rawValue, hash, invitation.map { Array($0.utf8) }]
        guard let row = try db.query(UserStatements.insert, parameters).first else { throw UserError.duplicateEmail(email) }
        let user = try Self.user(row)
        if let invitation, let mail { try queueInvitation(of: user, token: invitation, mail: mail) }
        return CreatedUser(user: user, generatedPassword: generated, invitationToken: invitation)
    }

    /// Every user (at most 1000), oldest first.
    public func list() throws -> [User] {
        try db.query(UserStatements.list).map(Self.user)
    }

    public func get(_ id: Int64) throws -> User {
        guard let row = try db.query(UserStatements.read, [id]).first else { throw UserError.notFound(id) }
        return try Self.user(row)
    }

    /// Changes role, name or disabled state (`nil`: unchanged). A change of role or a disabling ends the user's
    /// sessions; the tenant keeps at least one enabled owner (``UserError/lastOwner``).
    public func update(_ id: Int64, tenantID: Int64, role: Role?, name: String?, disabled: Bool?) throws -> User {
        if let name, name.count > 200 { throw UserError.invalid(field: "name", detail: "must be at most 200 characters") }
        let before = try get(id)
        guard let row = try db.query(UserStatements.update, [id, role?.rawValue, name, disabled]).first else {
            throw UserError.notFound(id)
        }
        let after = try Self.user(row)
        let owners = try db.query(UserStatements.enabledOwners).first?.decode(Int64.self, "owners") ?? 0
        let wasEnabledOwner = before.role == .owner && before.disabledAt == nil
        if wasEnabledOwner && owners == 0 { throw UserError.lastOwner }
        if after.role != before.role || (after.disabledAt != nil && before.disabledAt == nil) {
            try controlQuery(sessions.deleteOfUser, [tenantID, id])
        }
        return after
    }

    /// Sets the password of the invited user whose token this is; `false` when the token is unknown, used or expired.
    public func acceptInvitation(token: String, password: String) throws -> Bool {
        if let violation = PasswordRules.violation(password) { throw UserError.invalid(field: "password", detail: violation) }
        let hash = try PasswordHasher.hash(password)
        return try !db.query(UserStatements.acceptInvitation, [Array(token.utf8), hash]).isEmpty
    }

    static func user(_ row: PostgresRow) throws -> User {
        User(
            id: try row.decode(Int64.self, "id"), email: try row.decode(String.self, "email"),
            name: try row.decode(String.self, "name"), role: try APIKeyInfo.role(row),
            createdAt: try row.decode(Date.self, "created_at"), disabledAt: try row.decode(Date?.self, "disabled_at"),
            hasPassword: try row.decode(Bool.self, "has_password"), lockedUntil: try row.decode(Date?.self, "locked_until"),
            totpEnabled: try row.decode(Bool.self, "totp_enabled"))
    }
}
