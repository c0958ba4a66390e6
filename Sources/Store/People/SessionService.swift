import Domain
import Foundation
import Postgres

/// Users' login sessions: log in (password checked with Argon2id, failures counted, the fifth locking the account
/// for 15 minutes), resolve a cookie, log out, log out everywhere. Sessions live in the control schema; a session's
/// cookie token is kept only as its SHA-256.
public struct SessionService: Sendable {
    public let pool: PostgresPool
    public let control: ControlSchema

    public init(pool: PostgresPool, control: ControlSchema = .standard) {
        self.pool = pool
        self.control = control
    }

    var statements: SessionStatements { SessionStatements(control: control) }

    /// A successful login: the cookie's token (shown once), the access it gives and the user.
    public struct Login: Sendable {
        public let token: String
        public let access: TenantAccess
        public let user: User
    }

    /// Why a login failed. The HTTP answer is the same 401 for each (no enumeration); the reason is for logs.
    public enum LoginFailure: Error, Sendable, Hashable {
        case unknownTenant, unknownUser, disabled, locked, wrongPassword
        /// The password was right but TOTP is on and the code (or recovery code) was missing or wrong.
        case secondFactor
    }

    /// Checks `password` for `email` in tenant `slug` and opens a session. Every failure costs one Argon2id
    /// verification (against a dummy hash when there is no hash to check), so that its time says nothing.
    /// With TOTP on, `totp` must be a current code not used before, or an unused recovery code; without it (or
    /// wrong) the login fails like a wrong password and counts towards the lockout. `secrets` opens TOTP secrets.
    public func login(
        tenant slug: String, email: String, password: String, totp: String? = nil, secrets: SecretBox? = nil,
        at date: Date = Date()
    ) throws -> Result<Login, LoginFailure> {
        let statements = self.statements
        let tenantRow = try control.mappingMissingSchema {
            try pool.withConnection { try $0.query(statements.activeTenantBySlug, [slug]).first }
        }
        guard let tenantRow else {
            _ = PasswordHasher.verifyDummy(password)
            return .failure(.unknownTenant)
        }
        let tenant = try Tenant(row: tenantRow).context
        let database = TenantDatabase(pool: pool, control: control)
        let row = try database.transaction(tenant) { try $0.query(UserStatements.forLogin, [email]).first }
        guard let row, let hash = try row.decode(String?.self, "password_hash") else {
            _ = PasswordHasher.verifyDummy(password)
            return .failure(.unknownUser)
        }
        let userID = try row.decode(Int64.self, "id")
        if try row.decode(Bool.self, "disabled") {
            _ = PasswordHasher.verifyDummy(password)
            return .failure(.disabled)
        }
        if try row.decode(Bool.self, "locked") {
            _ = PasswordHasher.verifyDummy(password)
            return .failure(.locked)
        }
        // The slow verification holds no connection.
        guard PasswordHasher.verify(password, against: hash) else {
            try database.transaction(tenant) { try $0.query(UserStatements.recordFailure, [userID]) }
            return .failure(.wrongPassword)
        }
        let token = SecretToken.base64URL()
        let control = self.control
        return try database.transaction(tenant) { connection -> Result<Login, LoginFailure> in
            guard try UserRepository(connection, control: control)
                .useSecondFactor(userID: userID, code: totp, tenant: tenant, secrets: secrets, at: date)
            else {
                try connection.query(UserStatements.recordFailure, [userID])
                return .failure(.secondFactor)
            }
            try connection.query(UserStatements.recordSuccess, [userID])
            let user = try UserRepository.user(try connection.query(UserStatements.read, [userID]).first(orNotFound: "user"))
            let csrf = SecretToken.hex()
            // The session row is in the control schema: in this transaction, or on the control pool for a tenant
            // on another cluster (after its tenant-side checks passed).
            let insert = { (control: PostgresConnection) throws -> PostgresRow in
                let row = try control.query(
                    statements.insert, [tenant.id, userID, user.email, user.role.rawValue, Array(token.utf8), csrf]
                ).first(orNotFound: "session")
                try control.query(statements.deleteExpired)
                return row
            }
            let session = try tenant.cluster == ClusterConnections.defaultName
                ? insert(connection) : pool.transaction { try insert($0) }
            let credential = SessionCredential(
                id: try session.decode(Int64.self, "id"), userID: userID, userLabel: user.email, csrfToken: csrf,
                expiresAt: try session.decode(Date.self, "expires_at"))
            return .success(
                Login(token: token, access: TenantAccess(tenant: tenant, session: credential, role: user.role), user: user))
        }
    }

    /// The access of a presented cookie token: one indexed lookup by its SHA-256; ended, idle or unknown sessions and
    /// deleted tenants are ``APIKeyVerification/invalid``, suspended tenants ``APIKeyVerification/tenantNotActive(_:)``.
    public func verify(_ token: String) throws -> APIKeyVerification {
        guard (20...100).contains(token.utf8.count) else { return .invalid }
        let statement = statements.verify
        let row = try control.mappingMissingSchema {
            try pool.withConnection { try $0.query(statement, [Array(token.utf8)]).first }
        }
        guard let row else { return .invalid }
        let tenant = try Tenant(row: row)
        let credential = SessionCredential(
            id: try row.decode(Int64.self, "session_id"), userID: try row.decode(Int64.self, "user_id"),
            userLabel: try row.decode(String.self, "user_label"), csrfToken: try row.decode(String.self, "csrf_token"),
            expiresAt: try row.decode(Date.self, "session_expires_at"))
        let access = TenantAccess(tenant: tenant.context, session: credential, role: try APIKeyInfo.role(row))
        return APIKeyVerification(access, status: tenant.status)
    }

    /// Ends one session (logout).
    public func end(sessionID: Int64) throws {
        let statement = statements.delete
        try pool.withConnection { _ = try $0.query(statement, [sessionID]) }
    }

    /// Ends every session of a user (logout everywhere).
    public func endAll(tenantID: Int64, userID: Int64) throws {
        let statement = statements.deleteOfUser
        try pool.withConnection { _ = try $0.query(statement, [tenantID, userID]) }
    }
}
