/// A mailbox: an address and, optionally, the name shown with it (`Recur Billing <billing@example.com>`).
public struct MailAddress: Sendable, Hashable {
    /// `local@domain`, ASCII (no SMTPUTF8).
    public var address: String
    /// Any Unicode text; written as an RFC 2047 encoded-word when it is not plain ASCII.
    public var displayName: String?

    public init(_ address: String, displayName: String? = nil) {
        self.address = address
        self.displayName = displayName
    }

    /// Checks the address alone, as it goes into a header and into the SMTP envelope (`MAIL FROM:<…>`, `RCPT TO:<…>`):
    /// printable ASCII, one `@` with text on both sides, none of space, `<`, `>`, `"`, `,`, `;`, `(`, `)`, `\`.
    ///
    /// - Note: deliberately stricter than RFC 5321's quoted local parts, which Recur never needs and which mail
    ///   providers refuse anyway.
    static func validate(_ address: String, field: String) throws(MailError) {
        let bytes = Array(address.utf8)
        guard !bytes.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else { throw .headerInjection(field: field) }
        let forbidden: Set<UInt8> = Set(" <>\",;()\\[]".utf8)
        guard bytes.allSatisfy({ $0 > 32 && $0 < 127 && !forbidden.contains($0) }),
            let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1,
            bytes.count <= 254
        else { throw .invalidAddress(field: field) }
    }
}
