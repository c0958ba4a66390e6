import Synchronization

/// Per-request facts that handlers record for the server's log line, e.g. the resolved tenant.
///
/// A reference shared by the request and the server, so it survives a thrown error:
/// `request.context.tenant = "acme"`.
public final class RequestContext: Sendable {
    private let state = Mutex<String?>(nil)

    public init() {}

    /// The tenant the request acted for; appears as `tenant` in the request log line.
    public var tenant: String? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
