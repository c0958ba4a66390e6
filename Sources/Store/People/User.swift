import Domain
import Foundation

/// A person who logs in to one tenant (tenant table `users`), with one ``Role``.
public struct User: Sendable, Hashable {
    public let id: Int64
    public let email: String
    public let name: String
    public let role: Role
    public let createdAt: Date
    public let disabledAt: Date?
    /// Whether a password is set (an invited user has none until the invitation is accepted).
    public let hasPassword: Bool
    public let lockedUntil: Date?
    /// Whether logging in also needs a TOTP code (or a recovery code).
    public let totpEnabled: Bool
}

/// What `recur-admin user add` and `POST /v1/users` create: the user, and the one-time secret shown once (a
/// generated password, or an invitation token to set one), if any.
public struct CreatedUser: Sendable, Hashable {
    public let user: User
    /// A generated password (`recur-admin user add` without stdin).
    public let generatedPassword: String?
    /// The invitation token (`POST /v1/invitations/accept`), valid for ``UserRepository/invitationLifetime``.
    public let invitationToken: String?
}

/// Why a user operation was refused.
public enum UserError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `field`, `detail`: a bad input.
    case invalid(field: String, detail: String)
    case duplicateEmail(String)
    case notFound(Int64)
    /// The change would leave the tenant without an enabled owner.
    case lastOwner
    /// An invitation cannot be sent again: the reason (a password is set, the user is disabled).
    case notInvitable(String)
    /// TOTP cannot be changed so: the reason (not enabled, already enabled, no enrolment started, no key).
    case totpState(String)

    public var description: String {
        switch self {
        case .invalid(let field, let detail): "\(field) \(detail)"
        case .duplicateEmail(let email): "a user with the e-mail \(email) already exists"
        case .notFound(let id): "no user with id \(id)"
        case .lastOwner: "the tenant must keep at least one enabled owner"
        case .notInvitable(let reason): "no new invitation can be sent: \(reason)"
        case .totpState(let reason): reason
        }
    }
}

/// A user's e-mail: ``EmailAddress``'s rule (the parties' and delivery settings', and the OpenAPI pattern), taken as
/// sent — a space around it is refused, not trimmed. Compared case-insensitively (the unique index is on
/// `lower(email)`).
enum UserEmail {
    static func validated(_ text: String) throws(UserError) -> String {
        let email = text
        guard email.unicodeScalars.count >= 3, EmailAddress.isValid(email) else {
            throw .invalid(field: "email", detail: EmailAddress.rule)
        }
        return email
    }
}

extension UserError: CategorizedError {
    public var category: StoreErrorCategory {
        switch self {
        case .invalid: .invalidInput
        case .duplicateEmail, .lastOwner, .notInvitable, .totpState: .conflict
        case .notFound: .notFound
        }
    }
}

extension PasswordHashError: CategorizedError {
    public var category: StoreErrorCategory { .failed }
}
