import CLibCurl

/// One libcurl easy handle and the error buffer it writes to.
///
/// Not `Sendable`: libcurl forbids using one handle from two threads at once, so the transports keep theirs inside a
/// `Mutex`. The handle lives as long as its transport, and with it libcurl's connection cache: a second transfer to
/// the same host and port (and the same credentials) reuses the open connection.
///
/// - Note: libcurl keeps every option set on a handle from one transfer to the next. ``reset()`` clears them (but
///   keeps the connection cache, DNS cache and TLS session IDs), so each transfer sets all of its options again and no
///   pointer of an earlier transfer stays behind.
final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    /// `CURLOPT_ERRORBUFFER`: libcurl's detailed message for the last failure (`CURL_ERROR_SIZE` bytes).
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private static let errorBufferSize = Int(CURL_ERROR_SIZE)

    init() throws(CurlFailure) {
        let global = CurlGlobal.initialisation
        guard global == CURLE_OK else { throw CurlFailure(step: "curl_global_init", code: global, detail: "") }
        guard let handle = curl_easy_init() else {
            throw CurlFailure(step: "curl_easy_init", code: CURLE_FAILED_INIT, detail: "")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: CurlEasy.errorBufferSize)
        errorBuffer.initialize(repeating: 0, count: CurlEasy.errorBufferSize)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Clears every option of the previous transfer, then sets those every transfer needs: no signals (the handle
    /// is used from many threads), the error buffer.
    func reset() throws(CurlFailure) {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
    }

    func set(_ option: CURLoption, _ value: Int) throws(CurlFailure) {
        try check(option, recur_curl_setopt_long(handle, option, value))
    }

    func set(_ option: CURLoption, _ value: String) throws(CurlFailure) {
        try check(option, recur_curl_setopt_string(handle, option, value))
    }

    /// A pointer libcurl keeps and uses during the transfer: the caller keeps it valid until ``perform()`` returns.
    func set(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) throws(CurlFailure) {
        try check(option, recur_curl_setopt_pointer(handle, option, value))
    }

    /// A list libcurl reads during the transfer: the caller keeps `list` alive until ``perform()`` returns.
    func set(_ option: CURLoption, _ list: CurlStringList) throws(CurlFailure) {
        try check(option, recur_curl_setopt_slist(handle, option, list.head))
    }

    func set(_ option: CURLoption, _ callback: recur_curl_data_callback) throws(CurlFailure) {
        try check(option, recur_curl_setopt_callback(handle, option, callback))
    }

    func set(_ option: CURLoption, _ callback: recur_curl_seek_callback) throws(CurlFailure) {
        try check(option, recur_curl_setopt_seek_callback(handle, option, callback))
    }

    /// Lets the next transfers connect to public addresses only (`recur_curl_public_addresses_only` in the shim):
    /// `refused` turns 1 when an address was refused; the caller keeps it valid until ``perform()`` returns.
    func allowPublicAddressesOnly(refused: UnsafeMutablePointer<Int32>) throws(CurlFailure) {
        try check(CURLOPT_OPENSOCKETFUNCTION, recur_curl_public_addresses_only(handle, refused))
    }

    /// Runs the transfer; blocks until it ends or a timeout set on the handle runs out.
    func perform() -> CURLcode { curl_easy_perform(handle) }

    /// `CURLINFO_RESPONSE_CODE`: the last HTTP status or SMTP reply code received in this transfer, 0 if none.
    var responseCode: Int {
        var code = 0
        guard recur_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK else { return 0 }
        return code
    }

    /// libcurl's message for `code`: the error buffer's detail when it has one, else `curl_easy_strerror`.
    func message(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? CurlFailure.name(of: code) : detail
    }

    private func check(_ option: CURLoption, _ code: CURLcode) throws(CurlFailure) {
        guard code == CURLE_OK else {
            let name = curl_easy_option_by_id(option).flatMap { $0.pointee.name.map { String(cString: $0) } }
            throw CurlFailure(step: "CURLOPT_\(name ?? String(option.rawValue))", code: code, detail: "")
        }
    }
}

extension Duration {
    /// Whole milliseconds, at least 1 (libcurl reads 0 as "no timeout"), for the `_MS` timeout options.
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

/// A `curl_slist` (headers, SMTP recipients) owned by Swift and freed when it goes.
final class CurlStringList {
    private(set) var head: UnsafeMutablePointer<curl_slist>?

    init(_ strings: [String]) throws(CurlFailure) {
        for string in strings {
            guard let next = curl_slist_append(head, string) else {
                throw CurlFailure(step: "curl_slist_append", code: CURLE_OUT_OF_MEMORY, detail: "")
            }
            head = next
        }
    }

    deinit { curl_slist_free_all(head) }
}

/// libcurl refused a step of setting up a transfer (an option this libcurl does not know, no memory). The transports
/// report it as a transient outcome: the message is not at fault.
struct CurlFailure: Error, CustomStringConvertible {
    var step: String
    var code: CURLcode
    var detail: String

    var description: String {
        "libcurl: \(step) failed: \(CurlFailure.name(of: code))" + (detail.isEmpty ? "" : " (\(detail))")
    }

    static func name(of code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code)) + " (CURLE \(code.rawValue))"
    }
}
