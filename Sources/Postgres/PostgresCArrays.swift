#if canImport(Glibc)
import Glibc
#endif

/// Lays out parameters as the C arrays `PQexecParams` wants, all pointing into one buffer.
func withParameterArrays<R>(
    _ values: [PostgresValue],
    _ body: (
        UnsafePointer<UInt32>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?
    ) throws -> R
) throws -> R {
    if values.isEmpty { return try body(nil, nil, nil, nil) }
    var buffer: [UInt8] = [0]
    var offsets = [Int]()
    var lengths = [Int32]()
    var formats = [Int32]()
    var types = [UInt32]()
    offsets.reserveCapacity(values.count)
    for value in values {
        types.append(value.typeOID)
        formats.append(value.isBinary ? 1 : 0)
        if let bytes = value.bytes {
            offsets.append(buffer.count)
            buffer.append(contentsOf: bytes)
            if !value.isBinary { buffer.append(0) }
            lengths.append(Int32(bytes.count))
        } else {
            offsets.append(-1)
            lengths.append(0)
        }
    }
    return try buffer.withUnsafeBufferPointer { base in
        let start = UnsafeRawPointer(base.baseAddress!)
        let pointers: [UnsafePointer<CChar>?] = offsets.map {
            $0 < 0 ? nil : (start + $0).assumingMemoryBound(to: CChar.self)
        }
        return try body(types, pointers, lengths, formats)
    }
}

/// Passes a Swift string array as a NULL-terminated `const char * const *`.
func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let duplicates = strings.map { strdup($0) }
    defer { duplicates.forEach { free($0) } }
    let pointers: [UnsafePointer<CChar>?] = duplicates.map { $0.map { UnsafePointer($0) } } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
