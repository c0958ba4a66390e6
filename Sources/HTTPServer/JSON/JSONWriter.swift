/// A fast streaming JSON writer that keeps key order and escapes strings per RFC 8259.
///
/// Commas are inserted automatically:
/// ```swift
/// var w = JSONWriter()
/// w.beginObject()
/// w.key("id"); w.string("inv_1")
/// w.key("total"); w.number("12.50")   // exact decimal text
/// w.endObject()
/// ```
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// Continues writing at the end of `buffer`, which is moved in (left empty); get it back with
    /// ``takeBytes()``. Batches many documents into one buffer without copying.
    init(taking buffer: inout [UInt8]) {
        bytes = buffer
        buffer = []
    }

    /// Moves the written bytes out, leaving the writer empty.
    mutating func takeBytes() -> [UInt8] {
        let taken = bytes
        bytes = []
        return taken
    }

    @inline(__always)
    private mutating func separate() {
        if needsComma { bytes.append(0x2C) }
    }

    public mutating func beginObject() {
        separate()
        bytes.append(0x7B)
        needsComma = false
    }

    public mutating func endObject() {
        bytes.append(0x7D)
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        bytes.append(0x5B)
        needsComma = false
    }

    public mutating func endArray() {
        bytes.append(0x5D)
        needsComma = true
    }

    /// Writes an object member name; the next call writes its value.
    public mutating func key(_ key: String) {
        separate()
        appendQuoted(key)
        bytes.append(0x3A)
        needsComma = false
    }

    /// An object member name encoded once (quoted, escaped, with its colon), for a name written many times — a
    /// table's column in every row: writing it is a copy, not a scan for characters to escape.
    public struct Key: Sendable {
        let encoded: [UInt8]

        public init(_ name: String) {
            var w = JSONWriter(capacity: name.utf8.count + 3)
            w.key(name)
            encoded = w.bytes
        }
    }

    /// Writes an object member name encoded once (``Key``); the next call writes its value.
    public mutating func key(_ key: Key) {
        separate()
        bytes.append(contentsOf: key.encoded)
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
        needsComma = true
    }

    /// Writes number text as is (e.g. an exact decimal `"12.50"`); the caller guarantees it is valid JSON.
    public mutating func number(_ text: String) {
        separate()
        bytes.append(contentsOf: text.utf8)
        needsComma = true
    }

    /// Writes bytes known to need no escaping (ASCII without quotes, backslashes or controls) as a string.
    mutating func plainString(bytes value: [UInt8]) {
        separate()
        bytes.append(0x22)
        bytes.append(contentsOf: value)
        bytes.append(0x22)
        needsComma = true
    }

    /// Writes number text given as bytes; the caller guarantees it is a valid JSON number.
    mutating func number(bytes value: [UInt8]) {
        separate()
        bytes.append(contentsOf: value)
        needsComma = true
    }

    public mutating func int(_ value: Int) {
        separate()
        if value < 0 {
            bytes.append(0x2D)
            if value == .min {
                bytes.append(contentsOf: String(value).utf8.dropFirst())
                needsComma = true
                return
            }
        }
        ASCII.appendDecimal(value < 0 ? -value : value, to: &bytes)
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? "true".utf8 : "false".utf8)
        needsComma = true
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    /// Writes a value that is already JSON text (a constant of this codebase, such as a schema), unchanged.
    /// - Note: The text is not checked here; callers pass only JSON that tests parse.
    public mutating func raw(_ jsonText: String) {
        separate()
        bytes.append(contentsOf: jsonText.utf8)
        needsComma = true
    }

    /// Writes an object whose members `body` writes.
    public mutating func object(_ body: (inout JSONWriter) throws -> Void) rethrows {
        beginObject()
        try body(&self)
        endObject()
    }

    /// Writes an array whose elements `body` writes.
    public mutating func array(_ body: (inout JSONWriter) throws -> Void) rethrows {
        beginArray()
        try body(&self)
        endArray()
    }

    /// Writes an array with one object per element of `elements`, whose members `body` writes: the shape of every
    /// list of records inside a response (an invoice's lines, a payment's allocations, …).
    public mutating func objects<Elements: Sequence>(
        _ elements: Elements, _ body: (inout JSONWriter, Elements.Element) throws -> Void
    ) rethrows {
        try array { w in
            for element in elements {
                try w.object { w in try body(&w, element) }
            }
        }
    }

    /// Writes any ``JSONValue``.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .object(let object):
            beginObject()
            for member in object {
                key(member.key)
                self.value(member.value)
            }
            endObject()
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element) }
            endArray()
        case .string(let s): string(s)
        case .number(let n): number(n)
        case .bool(let b): bool(b)
        case .null: null()
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Whether `byte` must be escaped inside a JSON string: a control character, `"` or `\`.
    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C }

    private mutating func appendQuoted(_ s: String) {
        bytes.append(0x22)
        // The usual case — a native string with nothing to escape — scanned and copied from its contiguous UTF-8 (the
        // view's iterator cost about a fifth of the 740 kB upcoming-postings answer's CPU).
        let copied = s.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            var i = 0
            while i < utf8.count {
                if Self.needsEscape(utf8[i]) { return false }
                i += 1
            }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied != true { appendEscaped(s.utf8) }
        bytes.append(0x22)
    }

    /// `utf8` escaped per RFC 8259 (the quotes around it are the caller's).
    private mutating func appendEscaped(_ utf8: String.UTF8View) {
        if !utf8.contains(where: Self.needsEscape) {
            bytes.append(contentsOf: utf8)
        } else {
            for b in utf8 {
                switch b {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
                case 0x0D: bytes.append(0x5C); bytes.append(0x72)
                case 0x09: bytes.append(0x5C); bytes.append(0x74)
                case 0x08: bytes.append(0x5C); bytes.append(0x62)
                case 0x0C: bytes.append(0x5C); bytes.append(0x66)
                case 0..<0x20:
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, JSONWriter.hex[Int(b >> 4)], JSONWriter.hex[Int(b & 0xF)]])
                default: bytes.append(b)
                }
            }
        }
    }
}

extension JSONValue {
    /// The compact JSON encoding of this value.
    public var jsonBytes: [UInt8] {
        var w = JSONWriter()
        w.value(self)
        return w.bytes
    }
}
