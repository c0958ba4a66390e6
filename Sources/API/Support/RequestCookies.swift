import Foundation
import HTTPServer

/// Cookies a request carries (every `Cookie` header, `name=value` pairs separated by `;`).
enum RequestCookies {
    /// The first non-empty value of cookie `name`.
    static func value(_ name: String, in request: Request) -> String? {
        for header in request.headers.values(for: "cookie") {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name else { continue }
                let value = parts[1].trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { return value }
            }
        }
        return nil
    }
}
