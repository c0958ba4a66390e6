import HTTPServer
import Synchronization

/// Failed logins per key (the client address and the tenant's slug), in this process's memory: after
/// ``maximumFailures`` failures within ``window`` a key gets 429 (with `Retry-After`) until the window ends. The
/// per-user lockout (5 failures → 15 minutes, in the database) protects one account on every server; this slows one
/// address guessing across many accounts of a tenant. Keyed by tenant too, so that behind a proxy (one address for
/// every client) failures against one tenant never stop the logins of another. Bounded: at most
/// ``maximumAddresses`` keys are remembered (expired windows are dropped first, then everything).
final class LoginThrottle: Sendable {
    static let maximumFailures = 20
    static let window = Duration.seconds(15 * 60)
    static let maximumAddresses = 10_000

    private struct Entry {
        var failures: Int
        let started: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// The failures a key may have in one window (``maximumFailures`` for logins).
    let maximum: Int

    init(maximum: Int = LoginThrottle.maximumFailures) { self.maximum = maximum }

    /// Seconds until `address` may try again, or `nil` when it may now.
    func retryAfter(_ address: String) -> Int? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[address] else { return nil }
            let end = entry.started + Self.window
            if end <= now {
                entries[address] = nil
                return nil
            }
            guard entry.failures >= maximum else { return nil }
            return max(1, Int((end - now).components.seconds))
        }
    }

    /// The key of `request`'s client address and `tenant`; 429 problem+json (`type`, with `Retry-After`) when it
    /// has had too many `what` ("failed logins") in the window.
    func check(_ request: Request, tenant: String, type: String, what: String) throws -> String {
        let key = "\(Self.host(of: request.remoteAddress)) \(tenant.lowercased())"
        if let seconds = retryAfter(key) {
            throw Problem(
                status: .tooManyRequests, type: type, title: "Too many \(what)",
                detail: "Too many \(what) from this address for this tenant; try again later.",
                headers: HTTPHeaders([("Retry-After", String(seconds))]))
        }
        return key
    }

    /// Counts one failed login of `address`.
    func recordFailure(_ address: String) {
        let now = ContinuousClock.now
        entries.withLock { entries in
            if entries.count >= Self.maximumAddresses, entries[address] == nil {
                entries = entries.filter { $0.value.started + Self.window > now }
                if entries.count >= Self.maximumAddresses { entries.removeAll() }
            }
            var entry = entries[address].flatMap { $0.started + Self.window > now ? $0 : nil }
                ?? Entry(failures: 0, started: now)
            entry.failures += 1
            entries[address] = entry
        }
    }

    /// The host part of a peer address as the server writes it (`127.0.0.1:39984`, `[::1]:39984`): the port
    /// changes with every connection and must not split one client's count.
    static func host(of address: String) -> String {
        if address.hasPrefix("["), let end = address.firstIndex(of: "]") {
            return String(address[address.index(after: address.startIndex)..<end])
        }
        let colons = address.filter { $0 == ":" }.count
        if colons == 1, let colon = address.lastIndex(of: ":") { return String(address[..<colon]) }
        return address
    }
}
