import CLibCurl

/// libcurl's process-wide initialisation, done once before the first handle: `curl_global_init` is not thread-safe,
/// and a Swift `static let` runs its initialiser exactly once, under a lock.
enum CurlGlobal {
    /// `CURLE_OK`, or what `curl_global_init` returned; a failed initialisation is reported by every handle.
    static let initialisation: CURLcode = recur_curl_global_init_all()
}
