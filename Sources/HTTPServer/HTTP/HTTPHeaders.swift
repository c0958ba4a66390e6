/// One header field as received or to be sent.
public struct HTTPField: Sendable, Equatable {
    public var name: String
    public var value: String
}

/// Header fields in order, with case-insensitive lookup by name.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var fields: [HTTPField]

    public init() { fields = [] }

    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { HTTPField(name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    public func makeIterator() -> IndexingIterator<[HTTPField]> { fields.makeIterator() }

    /// The first value for `name` (case-insensitive), or `nil`.
    public subscript(name: String) -> String? {
        for field in fields where ASCII.caseInsensitiveEquals(field.name, name) { return field.value }
        return nil
    }

    /// All values for `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { ASCII.caseInsensitiveEquals($0.name, name) }.map(\.value)
    }

    /// `true` when a field named `name` is present.
    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Appends a field, keeping any existing ones with the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append(HTTPField(name: name, value: value))
    }

    /// Replaces every field named `name` with one field (or appends it).
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append(HTTPField(name: name, value: value))
    }

    /// Removes every field named `name`.
    public mutating func remove(_ name: String) {
        fields.removeAll { ASCII.caseInsensitiveEquals($0.name, name) }
    }

    mutating func reserveCapacity(_ n: Int) { fields.reserveCapacity(n) }

    mutating func append(_ field: HTTPField) { fields.append(field) }
}
