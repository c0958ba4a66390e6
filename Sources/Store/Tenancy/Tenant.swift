import Foundation

/// A tenant as the control schema records it.
public struct Tenant: Sendable, Hashable {
    public let context: TenantContext
    public let displayName: String
    public let createdAt: Date
    public let updatedAt: Date
    /// When it was deleted; `nil` unless ``TenantContext/status`` is `.deleted`.
    public let deletedAt: Date?

    public var id: Int64 { context.id }
    public var slug: String { context.slug }
    public var status: TenantStatus { context.status }
}
