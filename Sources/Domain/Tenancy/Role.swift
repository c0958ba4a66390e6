/// What an actor (an API key, later a user) may do in its tenant. Each role includes the one below it:
/// `viewer` reads, `accountant` also writes the books (invoices, payments, expenses, budgets…), `owner` also
/// changes the tenant's settings and integrations. The route-by-route table is ``APIPermissions`` (docs/people.md).
public enum Role: String, Sendable, Hashable, CaseIterable, Comparable, WireEnum {
    case viewer
    case accountant
    case owner

    /// viewer < accountant < owner.
    public var rank: Int {
        switch self {
        case .viewer: 0
        case .accountant: 1
        case .owner: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Whether this role may do what `required` may.
    public func includes(_ required: Role) -> Bool { self >= required }
}
