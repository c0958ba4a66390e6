/// Reads a JSON object field by field, accumulating every problem as a ``FieldError`` with a JSON Pointer
/// instead of stopping at the first.
///
/// Required accessors return a placeholder (`""`, `0`, `false`, `[]`) when the field is missing or invalid and
/// record an error; ``finish()`` throws a 422 ``Problem/validation(_:detail:)`` listing every error, including
/// unknown fields. Values are meaningful only once ``finish()`` has returned.
///
/// ```swift
/// let body = try JSONObjectReader(request.jsonBody())
/// let customer = body.string("customer_id")
/// let lines = body.array("lines") { line in
///     Line(sku: line.string("sku"), quantity: line.int("quantity", in: 1...10_000),
///          unitPrice: line.decimalString("unit_price"))
/// }
/// let memo = body.optionalString("memo")
/// try body.finish()
/// ```
/// - Note: Not thread-safe; use one reader tree within one handler call.
public final class JSONObjectReader {
    /// The JSON Pointer of this object (`""` for the document root).
    public let path: String
    private let object: JSONObject
    private var consumed: Set<String> = []
    private let collector: Collector
    /// A reader standing in for a missing or invalid object: records nothing, returns placeholders.
    private let silent: Bool

    final class Collector {
        var errors: [FieldError] = []
    }

    /// Starts reading `value`, which must be an object (else throws a 422 problem at `path`).
    public convenience init(_ value: JSONValue, path: String = "") throws(Problem) {
        guard case .object(let object) = value else {
            throw Problem.validation([FieldError(pointer: path, detail: "must be an object, not \(value.kindName)")])
        }
        self.init(object: object, path: path, collector: Collector(), silent: false)
    }

    private init(object: JSONObject, path: String, collector: Collector, silent: Bool) {
        self.object = object
        self.path = path
        self.collector = collector
        self.silent = silent
    }

    /// Errors recorded so far in this reader tree.
    public var errors: [FieldError] { collector.errors }

    /// Records a custom validation error for `key` (or for this object when `key` is `nil`).
    public func addError(_ key: String?, _ detail: String) {
        guard !silent else { return }
        collector.errors.append(FieldError(pointer: key.map { FieldError.pointer(path, $0) } ?? path, detail: detail))
    }

    /// Records unknown fields, then throws a 422 validation problem if any error was recorded.
    public func finish() throws(Problem) {
        recordUnknownFields()
        if !collector.errors.isEmpty { throw Problem.validation(collector.errors) }
    }

    private func recordUnknownFields() {
        guard !silent else { return }
        for member in object where !consumed.contains(member.key) {
            addError(member.key, "unknown field")
        }
    }

    // MARK: Raw access

    /// The raw value of `key` (marks it as known); `nil` when absent.
    public func value(_ key: String) -> JSONValue? {
        consumed.insert(key)
        return object[key]
    }

    /// `true` when `key` is present (even as `null`).
    public func contains(_ key: String) -> Bool { object[key] != nil }

    private func required(_ key: String) -> JSONValue? {
        switch value(key) {
        case nil:
            addError(key, "is required")
            return nil
        case .null?:
            addError(key, "must not be null")
            return nil
        case let v?:
            return v
        }
    }

    private func optional(_ key: String) -> JSONValue? {
        switch value(key) {
        case nil, .null?: nil
        case let v?: v
        }
    }

    // MARK: Strings

    /// A required string, optionally bounded in length (in characters).
    public func string(_ key: String, maxLength: Int? = nil, allowEmpty: Bool = true) -> String {
        guard let v = required(key) else { return "" }
        return checkString(key, v, maxLength: maxLength, allowEmpty: allowEmpty) ?? ""
    }

    /// A string when present and not `null`.
    public func optionalString(_ key: String, maxLength: Int? = nil, allowEmpty: Bool = true) -> String? {
        guard let v = optional(key) else { return nil }
        return checkString(key, v, maxLength: maxLength, allowEmpty: allowEmpty)
    }

    private func checkString(_ key: String, _ v: JSONValue, maxLength: Int?, allowEmpty: Bool) -> String? {
        guard case .string(let s) = v else {
            addError(key, "must be a string, not \(v.kindName)")
            return nil
        }
        if let problem = TextInput.violation(in: s, multiline: true) {
            addError(key, problem)
            return nil
        }
        if !allowEmpty && s.isEmpty {
            addError(key, "must not be empty")
            return nil
        }
        if let maxLength, s.unicodeScalars.count > maxLength {
            addError(key, "must be at most \(maxLength) characters")
            return nil
        }
        return s
    }

    // MARK: Decimals

    /// A required exact decimal (a string such as `"12.50"`, no exponent), returned as its exact text.
    public func decimalString(_ key: String) -> String {
        guard let v = required(key) else { return "0" }
        return checkDecimal(key, v) ?? "0"
    }

    /// An exact decimal when present and not `null`.
    public func optionalDecimalString(_ key: String) -> String? {
        guard let v = optional(key) else { return nil }
        return checkDecimal(key, v)
    }

    private func checkDecimal(_ key: String, _ v: JSONValue) -> String? {
        // Strings only: a JSON number is a binary float to most clients, and money must not pass through one.
        guard case .string(let text) = v else {
            addError(key, "must be a decimal string such as \"12.50\", not \(v.kindName)")
            return nil
        }
        guard JSONObjectReader.isPlainDecimal(text) else {
            addError(key, "must be a plain decimal such as 12.50 (no exponent)")
            return nil
        }
        return text
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`
    static func isPlainDecimal(_ text: String) -> Bool {
        var u = Substring(text).utf8[...]
        if u.first == 0x2D { u = u.dropFirst() }
        let intPart = u.prefix { $0 >= 0x30 && $0 <= 0x39 }
        guard !intPart.isEmpty, intPart.count == 1 || intPart.first != 0x30 else { return false }
        u = u.dropFirst(intPart.count)
        if u.isEmpty { return true }
        guard u.first == 0x2E else { return false }
        u = u.dropFirst()
        return !u.isEmpty && u.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    // MARK: Integers and booleans

    /// A required integer (no fraction or exponent), optionally within `range`.
    public func int(_ key: String, in range: ClosedRange<Int>? = nil) -> Int {
        guard let v = required(key) else { return 0 }
        return checkInt(key, v, range: range) ?? 0
    }

    /// An integer when present and not `null`.
    public func optionalInt(_ key: String, in range: ClosedRange<Int>? = nil) -> Int? {
        guard let v = optional(key) else { return nil }
        return checkInt(key, v, range: range)
    }

    /// An array of integers when present and not `null` (`7.0` counts as 7, as in JSON Schema); any other element
    /// is an error at the array.
    public func optionalIntArray(_ key: String) -> [Int]? {
        optionalScalarArray(key, of: "integers") { element in
            guard case .number(let text) = element else { return nil }
            return Int(text) ?? JSONObjectReader.integralValue(text)
        }
    }

    /// An array of strings when present and not `null`; any other element is an error at the array.
    public func optionalStringArray(_ key: String) -> [String]? {
        optionalScalarArray(key, of: "strings") { element in
            guard case .string(let text) = element else { return nil }
            return text
        }
    }

    /// An array whose every element `read` accepts, else one error at the array naming `noun`.
    private func optionalScalarArray<T>(_ key: String, of noun: String, _ read: (JSONValue) -> T?) -> [T]? {
        guard let v = optional(key) else { return nil }
        guard case .array(let elements) = v else {
            addError(key, "must be an array of \(noun), not \(v.kindName)")
            return nil
        }
        var values = [T]()
        values.reserveCapacity(elements.count)
        for element in elements {
            guard let value = read(element) else {
                addError(key, "must be an array of \(noun)")
                return nil
            }
            values.append(value)
        }
        return values
    }

    private func checkInt(_ key: String, _ v: JSONValue, range: ClosedRange<Int>?) -> Int? {
        guard case .number(let text) = v else {
            addError(key, "must be an integer, not \(v.kindName)")
            return nil
        }
        guard let n = Int(text) ?? JSONObjectReader.integralValue(text) else {
            addError(key, text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
                ? "is out of range" : "must be an integer")
            return nil
        }
        if let range, !range.contains(n) {
            addError(key, "must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return n
    }

    /// The value of a JSON number written with a fraction or an exponent that is still a whole number (`454.0`,
    /// `4.54e2`): JSON Schema calls those integers too. `nil` for a fraction or a value beyond `Int`.
    static func integralValue(_ text: String) -> Int? {
        var digits = ""
        var exponent = 0
        var negative = false
        var index = text.startIndex
        if index < text.endIndex, text[index] == "-" {
            negative = true
            index = text.index(after: index)
        }
        var sawPoint = false
        while index < text.endIndex, text[index] != "e", text[index] != "E" {
            let c = text[index]
            if c == "." {
                sawPoint = true
            } else {
                guard c.isASCII, c.isNumber else { return nil }
                digits.append(c)
                if sawPoint { exponent -= 1 }
            }
            index = text.index(after: index)
        }
        if index < text.endIndex {
            guard let power = Int(text[text.index(after: index)...]), abs(power) <= 400 else { return nil }
            exponent += power
        }
        digits = String(digits.drop { $0 == "0" })
        // Drop the zeros a negative exponent removes; anything else left after the point is a fraction.
        while exponent < 0, digits.last == "0" {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty { return 0 }
        guard exponent >= 0, digits.count + exponent <= 19 else { return nil }
        guard let magnitude = Int(digits + String(repeating: "0", count: exponent)) else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// A required boolean.
    public func bool(_ key: String) -> Bool {
        guard let v = required(key) else { return false }
        return checkBool(key, v) ?? false
    }

    /// A boolean when present and not `null`.
    public func optionalBool(_ key: String) -> Bool? {
        guard let v = optional(key) else { return nil }
        return checkBool(key, v)
    }

    private func checkBool(_ key: String, _ v: JSONValue) -> Bool? {
        guard case .bool(let b) = v else {
            addError(key, "must be a boolean, not \(v.kindName)")
            return nil
        }
        return b
    }

    // MARK: Nested objects and arrays

    /// A required nested object read by `read`; unknown fields inside it are reported too.
    /// If it is missing or not an object, `read` still runs on a silent reader so a placeholder `T` results.
    public func object<T>(_ key: String, _ read: (JSONObjectReader) throws -> T) rethrows -> T {
        try readObject(key, required(key), read)
    }

    /// A nested object when present and not `null`.
    public func optionalObject<T>(_ key: String, _ read: (JSONObjectReader) throws -> T) rethrows -> T? {
        guard let v = optional(key) else { return nil }
        return try readObject(key, v, read)
    }

    private func readObject<T>(_ key: String, _ v: JSONValue?, _ read: (JSONObjectReader) throws -> T) rethrows -> T {
        let childPath = FieldError.pointer(path, key)
        if let v, case .object(let child) = v {
            return try readChild(child, childPath, read)
        }
        if let v { addError(key, "must be an object, not \(v.kindName)") }
        return try read(JSONObjectReader(object: JSONObject(), path: childPath, collector: collector, silent: true))
    }

    private func readChild<T>(_ child: JSONObject, _ childPath: String, _ read: (JSONObjectReader) throws -> T) rethrows -> T {
        let reader = JSONObjectReader(object: child, path: childPath, collector: collector, silent: silent)
        let result = try read(reader)
        reader.recordUnknownFields()
        return result
    }

    /// A required array of objects, each read by `read` (pointers like `/lines/2/quantity`).
    public func array<T>(_ key: String, minCount: Int = 0, maxCount: Int? = nil,
                         _ read: (JSONObjectReader) throws -> T) rethrows -> [T] {
        guard let v = required(key) else { return [] }
        return try readArray(key, v, minCount: minCount, maxCount: maxCount, read) ?? []
    }

    /// An array of objects when present and not `null`.
    public func optionalArray<T>(_ key: String, maxCount: Int? = nil,
                                 _ read: (JSONObjectReader) throws -> T) rethrows -> [T]? {
        guard let v = optional(key) else { return nil }
        return try readArray(key, v, minCount: 0, maxCount: maxCount, read)
    }

    private func readArray<T>(_ key: String, _ v: JSONValue, minCount: Int, maxCount: Int?,
                              _ read: (JSONObjectReader) throws -> T) rethrows -> [T]? {
        guard case .array(let elements) = v else {
            addError(key, "must be an array, not \(v.kindName)")
            return nil
        }
        if elements.count < minCount { addError(key, "must have at least \(minCount) element\(minCount == 1 ? "" : "s")") }
        if let maxCount, elements.count > maxCount { addError(key, "must have at most \(maxCount) elements") }
        let arrayPath = FieldError.pointer(path, key)
        var results: [T] = []
        results.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            let elementPath = FieldError.pointer(arrayPath, index)
            if case .object(let child) = element {
                results.append(try readChild(child, elementPath, read))
            } else {
                if !silent {
                    collector.errors.append(FieldError(pointer: elementPath, detail: "must be an object, not \(element.kindName)"))
                }
                results.append(try read(JSONObjectReader(object: JSONObject(), path: elementPath, collector: collector, silent: true)))
            }
        }
        return results
    }

    /// A required array of strings.
    public func stringArray(_ key: String) -> [String] {
        guard let v = required(key) else { return [] }
        guard case .array(let elements) = v else {
            addError(key, "must be an array, not \(v.kindName)")
            return []
        }
        let arrayPath = FieldError.pointer(path, key)
        var strings: [String] = []
        for (index, element) in elements.enumerated() {
            if case .string(let s) = element, let problem = TextInput.violation(in: s, multiline: false), !silent {
                collector.errors.append(FieldError(pointer: FieldError.pointer(arrayPath, index), detail: problem))
            } else if case .string(let s) = element {
                strings.append(s)
            } else if !silent {
                collector.errors.append(FieldError(pointer: FieldError.pointer(arrayPath, index),
                                                   detail: "must be a string, not \(element.kindName)"))
            }
        }
        return strings
    }
}
