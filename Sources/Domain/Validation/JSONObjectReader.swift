/// Reads one JSON object field by field for a `Decodable` initialiser, collecting ``FieldViolation``s (unknown
/// fields, wrong types, missing fields) with full paths instead of stopping at the first `DecodingError`.
///
/// Paths start from the decoder's coding path, so a document nested in a larger one reports
/// `schedule/interval` rather than `interval`.
struct JSONObjectReader {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }

    /// Decodes anything without failing, so that an unkeyed container always advances.
    private struct AnyScalar: Decodable {
        let string: String?
        init(from decoder: any Decoder) throws {
            string = try? decoder.singleValueContainer().decode(String.self)
        }
    }

    private let container: KeyedDecodingContainer<Key>?
    /// Path tokens of this object.
    let tokens: [String]
    /// Problems found so far, in the order found.
    var errors: [FieldViolation] = []

    /// Reads the object at `decoder`; records a type error if it is not an object.
    init(_ decoder: any Decoder) {
        tokens = decoder.codingPath.map(JSONObjectReader.token)
        do {
            container = try decoder.container(keyedBy: Key.self)
        } catch {
            container = nil
            errors.append(FieldViolation(path: FieldViolation.path(tokens), code: .wrongType, message: "must be an object"))
        }
    }

    private init(container: KeyedDecodingContainer<Key>?, tokens: [String]) {
        self.container = container
        self.tokens = tokens
    }

    /// Whether the value is an object at all.
    var isObject: Bool { container != nil }

    /// The path of `key` in this object.
    func path(_ key: String) -> String { FieldViolation.path(tokens + [key]) }

    /// Whether `key` is present with a non-null value.
    func has(_ key: String) -> Bool {
        guard let container, container.contains(Key(key)) else { return false }
        return (try? container.decodeNil(forKey: Key(key))) == false
    }

    mutating func report(_ error: FieldViolation?) {
        if let error { errors.append(error) }
    }

    mutating func report(_ errors: [FieldViolation]) { self.errors += errors }

    /// Reports each present key not in `allowed`, alphabetically.
    mutating func rejectUnknownKeys(allowed: Set<String>) {
        guard let container else { return }
        for key in container.allKeys.map(\.stringValue).sorted() where !allowed.contains(key) {
            errors.append(FieldViolation(path: path(key), code: .unknownField, message: "is not a known field here"))
        }
    }

    /// An integer field; `nil` when absent, null, or of the wrong type (reported).
    mutating func int(_ key: String, required: Bool = false) -> Int? {
        decode(Int.self, key, required: required, expected: "must be an integer")
    }

    /// A string field; `nil` when absent, null, or of the wrong type (reported).
    mutating func string(_ key: String, required: Bool = false) -> String? {
        decode(String.self, key, required: required, expected: "must be a string")
    }

    /// A `"YYYY-MM-DD"` field; `nil` when absent, null, or invalid (reported).
    mutating func date(_ key: String, required: Bool = false) -> CalendarDate? {
        guard let text = string(key, required: required) else { return nil }
        guard let date = CalendarDate(text) else {
            errors.append(
                FieldViolation(
                    path: path(key), code: .invalidValue,
                    message: "must be a calendar date YYYY-MM-DD (0001…9999), got \"\(text)\""))
            return nil
        }
        return date
    }

    /// A string field naming a case of `T` in its wire spelling; unknown names are reported with the accepted ones.
    mutating func name<T: WireEnum>(_ key: String, _ type: T.Type, required: Bool = false) -> T? {
        guard let text = string(key, required: required) else { return nil }
        guard let value = T(wireValue: text) else {
            errors.append(FieldViolation(path: path(key), code: .invalidValue, message: JSONObjectReader.unknown(text, T.self)))
            return nil
        }
        return value
    }

    /// An array of names of `T`: `nil` when absent or not an array (reported); unknown or non-string
    /// elements are reported at `key/index` and come back as `nil` so that indexes stay meaningful.
    mutating func names<T: WireEnum>(_ key: String, _ type: T.Type) -> [T?]? {
        guard let container, has(key) else { return nil }
        guard var array = try? container.nestedUnkeyedContainer(forKey: Key(key)) else {
            errors.append(FieldViolation(path: path(key), code: .wrongType, message: "must be an array of strings"))
            return nil
        }
        var values: [T?] = []
        while !array.isAtEnd {
            let elementPath = FieldViolation.path(tokens + [key, String(array.currentIndex)])
            let text = (try? array.decode(AnyScalar.self))?.string
            guard let text else {
                errors.append(FieldViolation(path: elementPath, code: .wrongType, message: "must be a string"))
                values.append(nil)
                continue
            }
            let value = T(wireValue: text)
            if value == nil {
                errors.append(FieldViolation(path: elementPath, code: .invalidValue, message: JSONObjectReader.unknown(text, T.self)))
            }
            values.append(value)
        }
        return values
    }

    /// A nested object field: `nil` when absent or not an object (reported). Merge its ``errors`` back.
    mutating func object(_ key: String, required: Bool = false) -> JSONObjectReader? {
        guard let container, has(key) else {
            if required { errors.append(FieldViolation(path: path(key), code: .required, message: "is required")) }
            return nil
        }
        guard let nested = try? container.nestedContainer(keyedBy: Key.self, forKey: Key(key)) else {
            errors.append(FieldViolation(path: path(key), code: .wrongType, message: "must be an object"))
            return nil
        }
        return JSONObjectReader(container: nested, tokens: tokens + [key])
    }

    private mutating func decode<T: Decodable>(_ type: T.Type, _ key: String, required: Bool, expected: String) -> T? {
        guard let container, has(key) else {
            if required { errors.append(FieldViolation(path: path(key), code: .required, message: "is required")) }
            return nil
        }
        do {
            return try container.decode(T.self, forKey: Key(key))
        } catch {
            errors.append(FieldViolation(path: path(key), code: .wrongType, message: expected))
            return nil
        }
    }

    private static func unknown<T: WireEnum>(_ text: String, _ type: T.Type) -> String {
        "unknown value \"\(text)\"; expected one of " + T.wireValues.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    private static func token(_ key: any CodingKey) -> String {
        key.intValue.map(String.init) ?? key.stringValue
    }
}
