import CLibCurl
#if canImport(Glibc)
import Glibc
#endif

/// The bytes a transfer uploads (an SMTP message), handed to libcurl by ``CurlCallbacks/read``.
final class UploadSource {
    private let bytes: [UInt8]
    private var offset = 0
    /// Set once the last byte has been handed to libcurl (it may not ask again when it knows the size).
    private(set) var reachedEnd = false

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Moves to `position` (libcurl asks for 0 when it sends the body again on a fresh connection).
    func seek(to position: Int) -> Bool {
        guard position >= 0, position <= bytes.count else { return false }
        offset = position
        reachedEnd = false
        return true
    }

    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, bytes.count - offset)
        if count == 0 {
            reachedEnd = true
            return 0
        }
        bytes.withUnsafeBytes { source in
            guard let base = source.baseAddress else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + offset, byteCount: count)
        }
        offset += count
        reachedEnd = offset == bytes.count
        return count
    }
}

/// What a transfer receives: the first `limit` bytes of a response body, or the last reply lines of an SMTP dialogue.
final class ReceivedBytes {
    private let limit: Int
    private(set) var prefix: [UInt8] = []
    /// The last lines libcurl passed to the header callback (SMTP: each server reply line), each at most `limit`
    /// bytes. Several, because after a refusal libcurl still says QUIT and records the `221`.
    private(set) var lastLines: [String] = []
    private static let linesKept = 8

    init(limit: Int) { self.limit = limit }

    func appendBody(_ chunk: UnsafeRawBufferPointer) {
        let room = limit - prefix.count
        if room > 0 { prefix.append(contentsOf: chunk.prefix(room)) }
    }

    func recordLine(_ chunk: UnsafeRawBufferPointer) {
        var line = Array(chunk.prefix(limit))
        while let last = line.last, last == 13 || last == 10 { line.removeLast() }
        guard !line.isEmpty else { return }
        if lastLines.count == ReceivedBytes.linesKept { lastLines.removeFirst() }
        lastLines.append(String(decoding: line, as: UTF8.self))
    }

    /// The last line starting with `code` (the final line of a multi-line reply), or `""`.
    func lastLine(withCode code: Int) -> String {
        let prefix = String(code)
        return lastLines.last { $0.hasPrefix(prefix) } ?? ""
    }
}

/// The C callbacks, as closures that capture nothing (`@convention(c)`); their context is an unretained pointer to an
/// ``UploadSource`` or ``ReceivedBytes`` that the transport keeps alive for the transfer.
enum CurlCallbacks {
    /// `CURLOPT_READFUNCTION` over an ``UploadSource``.
    static let read: recur_curl_data_callback = { buffer, size, count, context in
        guard let buffer, let context else { return Int(CURL_READFUNC_ABORT) }
        return Unmanaged<UploadSource>.fromOpaque(context).takeUnretainedValue().read(into: buffer, capacity: size * count)
    }

    /// `CURLOPT_SEEKFUNCTION` over an ``UploadSource`` (from the start only: `SEEK_SET`).
    static let seek: recur_curl_seek_callback = { context, offset, origin in
        guard let context, origin == SEEK_SET,
            Unmanaged<UploadSource>.fromOpaque(context).takeUnretainedValue().seek(to: Int(offset))
        else { return Int32(CURL_SEEKFUNC_CANTSEEK) }
        return Int32(CURL_SEEKFUNC_OK)
    }

    /// `CURLOPT_WRITEFUNCTION` into a ``ReceivedBytes``: keeps its first bytes, consumes (and drops) the rest.
    static let writeBody: recur_curl_data_callback = { buffer, size, count, context in
        received(buffer, size * count, context) { $0.appendBody($1) }
    }

    /// `CURLOPT_HEADERFUNCTION` into a ``ReceivedBytes``: records the last line (for SMTP, libcurl passes every
    /// server reply line here).
    static let recordLine: recur_curl_data_callback = { buffer, size, count, context in
        received(buffer, size * count, context) { $0.recordLine($1) }
    }

    /// Hands the `total` bytes libcurl passed at `buffer` to the ``ReceivedBytes`` behind `context`; returns `total`
    /// (all of them taken, which is what keeps libcurl going).
    private static func received(
        _ buffer: UnsafeMutablePointer<CChar>?, _ total: Int, _ context: UnsafeMutableRawPointer?,
        _ take: (ReceivedBytes, UnsafeRawBufferPointer) -> Void
    ) -> Int {
        guard let buffer, let context else { return total }
        take(Unmanaged<ReceivedBytes>.fromOpaque(context).takeUnretainedValue(), UnsafeRawBufferPointer(start: buffer, count: total))
        return total
    }
}
