import CZlib

/// Flate (zlib) compression for PDF streams.
enum Flate {
    /// `bytes` compressed with zlib's `compress2` at level 6 (zlib format, as `/FlateDecode` expects).
    static func compress(_ bytes: [UInt8]) throws(DocumentRenderError) -> [UInt8] {
        var capacity = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let code = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &capacity, input.baseAddress, uLong(input.count), 6)
            }
        }
        guard code == Z_OK else { throw .compressionFailed(code: code, inputSize: bytes.count) }
        output.removeLast(output.count - Int(capacity))
        return output
    }
}
