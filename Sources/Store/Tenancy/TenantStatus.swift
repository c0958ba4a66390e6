import Domain

/// A tenant's life cycle: active tenants work; suspended ones keep their data but their API keys get 403;
/// deleted ones have no schema any more and keep only their control row, for audit.
public enum TenantStatus: String, WireEnum, Sendable, Hashable, CustomStringConvertible {
    case active
    case suspended
    case deleted

    public var description: String { wireValue }
}
