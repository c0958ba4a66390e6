import CLibSodium

/// Argon2id password hashes through libsodium (`crypto_pwhash_str`, interactive limits: 2 passes over 64 MiB), in
/// the self-describing `$argon2id$v=19$m=65536,t=2,p=1$salt$hash` form. Never a fast hash.
public enum PasswordHasher {
    /// `sodium_init` once per process (thread-safe: a lazily initialised global).
    private static let ready: Bool = sodium_init() >= 0

    /// Hashes `password` with a fresh random salt.
    /// - Throws: ``PasswordHashError`` when libsodium cannot be initialised or runs out of memory.
    public static func hash(_ password: String) throws(PasswordHashError) -> String {
        guard ready else { throw .unavailable }
        var output = [CChar](repeating: 0, count: recur_pwhash_strbytes())
        let length = UInt64(password.utf8.count)
        let status = password.withCString { chars in
            crypto_pwhash_str(
                &output, chars, length, recur_pwhash_opslimit_interactive(), recur_pwhash_memlimit_interactive())
        }
        guard status == 0 else { throw .outOfMemory }
        return String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `password` matches `hash` (constant-time inside libsodium). A malformed hash does not match.
    public static func verify(_ password: String, against hash: String) -> Bool {
        guard ready else { return false }
        let length = UInt64(password.utf8.count)
        return hash.withCString { stored in
            password.withCString { chars in crypto_pwhash_str_verify(stored, chars, length) == 0 }
        }
    }

    /// A hash of no one's password, verified against when the e-mail is unknown, so that an unknown user costs
    /// the same time as a wrong password (no enumeration by timing).
    public static let dummyHash: String = (try? hash("recur: the dummy password of no user")) ?? ""

    /// Spends the time of one verification and answers `false`.
    public static func verifyDummy(_ password: String) -> Bool {
        _ = verify(password, against: dummyHash)
        return false
    }
}

/// libsodium could not hash.
public enum PasswordHashError: Error, Sendable, Hashable {
    case unavailable
    case outOfMemory
}

/// The rules a new password must follow: 12 to 128 characters (docs/people.md).
public enum PasswordRules {
    public static let minimumLength = 12
    public static let maximumLength = 128

    /// Why `password` is refused, or `nil` when it is acceptable.
    /// Characters are Unicode code points, as JSON Schema's `minLength`/`maxLength` count them.
    public static func violation(_ password: String) -> String? {
        let count = password.unicodeScalars.count
        if count < minimumLength { return "must be at least \(minimumLength) characters" }
        if count > maximumLength { return "must be at most \(maximumLength) characters" }
        return nil
    }
}
