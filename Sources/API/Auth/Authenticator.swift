import Foundation
import HTTPServer
import Store
import Synchronization

/// Resolves `Authorization: Bearer <api key>` or, without that header, a user's `recur_session` cookie to a
/// ``TenantAccess``. Sessions are looked up on every request (no cache: a logout ends the very next request).
///
/// Answers are cached (default 60 s, `RECUR_KEY_CACHE_SECONDS`) so that a client costs one key lookup per period —
/// with thousands of tenants each key is seen every few seconds at most, and a lookup per request would cost a
/// round trip and a connection (docs/tenancy.md, "Tenant affinity"). The cache is only a shortcut: every tenant
/// transaction checks the access again in its first statement (``TenantDatabase``: key live, tenant active, and its
/// schema, cluster, slug, time zone, currency and fiscal year as cached), and a failed check makes the handler
/// ``forget(_:)`` the key and authenticate afresh, so a revoked key, a suspended or deleted tenant or a changed
/// setting takes effect on the next request. The cache is bounded.
public final class Authenticator: Sendable {
    private struct Entry {
        let verification: APIKeyVerification
        let expires: ContinuousClock.Instant
    }

    private let keys: APIKeyService
    private let sessions: SessionService?
    /// The session cookie's name.
    public static let sessionCookie = "recur_session"
    private let ttl: Duration
    private let maximumEntries: Int
    private let cache = Mutex<[String: Entry]>([:])

    public init(
        keys: APIKeyService, sessions: SessionService? = nil, ttl: Duration = .seconds(60), maximumEntries: Int = 100_000
    ) {
        self.keys = keys
        self.sessions = sessions
        self.ttl = ttl
        self.maximumEntries = maximumEntries
    }

    /// The access of the request's key; throws 400 (more than one `Authorization` header), 401 (missing or
    /// invalid key) or 403 (tenant not active).
    public func access(for request: Request) throws -> TenantAccess {
        let verification: APIKeyVerification
        if request.headers.values(for: "authorization").isEmpty, let sessions, let token = Self.sessionToken(request) {
            verification = try ErrorMapping.mapped { try sessions.verify(token) }
            if case .invalid = verification {
                throw Self.unauthorized("The session has ended (logged out, expired or unknown): log in again.")
            }
        } else {
            verification = try self.verification(of: try presentedKey(request))
        }
        switch verification {
        case .valid(let access):
            return access
        case .tenantNotActive(let access):
            let tenant = access.tenant
            throw Problem(
                status: .forbidden, type: "tenant-suspended", title: "Tenant suspended",
                detail: "The tenant \(tenant.slug) is \(tenant.status); its API is not available.")
        case .invalid:
            throw Self.unauthorized("The API key is not valid (unknown, malformed or revoked).")
        }
    }

    /// Forgets the cached answer for the request's key (after a tenant transaction found the access withdrawn).
    public func forget(_ request: Request) {
        guard let key = try? presentedKey(request) else { return }
        _ = cache.withLock { $0.removeValue(forKey: key) }
    }

    private func presentedKey(_ request: Request) throws -> String {
        let values = request.headers.values(for: "authorization")
        guard values.count <= 1 else {
            throw Problem.badRequest("Send one Authorization header, not \(values.count).")
        }
        guard let header = values.first else {
            throw Self.unauthorized("Send an API key (Authorization: Bearer <key>) or log in (the recur_session cookie).")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Self.unauthorized("The Authorization header must use the Bearer scheme.")
        }
        // ASCII trim on the UTF-8 view (Foundation's trimming goes through NSString, a measured hot spot).
        var bytes = Array(parts[1].utf8)
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        return String(decoding: bytes.drop(while: { $0 == 0x20 || $0 == 0x09 }), as: UTF8.self)
    }

    /// The `recur_session` cookie's value, if the request carries one (any `Cookie` header).
    static func sessionToken(_ request: Request) -> String? {
        RequestCookies.value(sessionCookie, in: request)
    }

    /// Forgets every cached answer (for tests and after administrative changes in-process).
    public func invalidateAll() {
        cache.withLock { $0.removeAll() }
    }

    private func verification(of key: String) throws -> APIKeyVerification {
        let now = ContinuousClock.now
        if let entry = cache.withLock({ $0[key] }), entry.expires > now {
            return entry.verification
        }
        let verification = try ErrorMapping.mapped { try keys.verify(key) }
        // A suspended tenant may be resumed at any moment: that answer is not kept. (A revoked or unknown key
        // never becomes valid, and a valid one is checked again by every tenant transaction.)
        if case .tenantNotActive = verification { return verification }
        cache.withLock { cache in
            if cache.count >= maximumEntries {
                cache = cache.filter { $0.value.expires > now }
                if cache.count >= maximumEntries { cache.removeAll() }
            }
            cache[key] = Entry(verification: verification, expires: now + ttl)
        }
        return verification
    }

    static func unauthorized(_ detail: String) -> Problem {
        Problem(
            status: .unauthorized, type: "unauthorized", detail: detail,
            headers: HTTPHeaders([("WWW-Authenticate", #"Bearer realm="recur""#)]))
    }
}
