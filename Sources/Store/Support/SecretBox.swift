import Crypto
import Foundation

/// Seals the secrets a tenant gives Recur (its SMTP relay's password) under the platform's key, so that the database
/// never holds them in the clear: ChaCha20-Poly1305, a fresh nonce per seal, bound to what the secret is for.
///
/// The key is 32 bytes, base64, in `RECUR_SECRETS_KEY` or in the file `RECUR_SECRETS_KEY_FILE`; recur-server,
/// recur-worker and recur-admin read the same one (docs/delivery.md, "Per-tenant relay").
public struct SecretBox: Sendable {
    /// The key's bytes (`SymmetricKey` is not `Sendable`; one is made per use).
    private let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// What is wrong with the key's configuration, naming the variable. Never shows the key.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// A sealed value that cannot be opened: another key, another purpose, or altered bytes.
    public struct Unopenable: Error, CustomStringConvertible {
        public var description: String { "the secret cannot be opened with RECUR_SECRETS_KEY (another key, or altered)" }
    }

    /// The key bytes must number 32.
    public init(key: [UInt8]) throws(Problem) {
        guard key.count == 32 else { throw Problem(description: "the secrets key must be 32 bytes, not \(key.count)") }
        keyBytes = key
    }

    /// The key named by `RECUR_SECRETS_KEY` (base64) or `RECUR_SECRETS_KEY_FILE` (a file holding the base64);
    /// `nil` when neither is set.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(Problem)
        -> SecretBox?
    {
        var text = environment["RECUR_SECRETS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        var variable = "RECUR_SECRETS_KEY"
        if text == nil, let file = environment["RECUR_SECRETS_KEY_FILE"], !file.isEmpty {
            guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw Problem(description: "RECUR_SECRETS_KEY_FILE \(file) cannot be read")
            }
            text = contents
            variable = "RECUR_SECRETS_KEY_FILE"
        }
        guard let text else { return nil }
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Problem(description: "\(variable) must hold 32 bytes in base64 (openssl rand -base64 32)")
        }
        do {
            return try SecretBox(key: [UInt8](bytes))
        } catch {
            throw Problem(description: "\(variable) must hold 32 bytes in base64 (openssl rand -base64 32), not \(bytes.count) bytes")
        }
    }

    /// `secret` sealed for `purpose` (e.g. `delivery.relay.password/<tenant id>`): `v1:` and the base64 of nonce,
    /// ciphertext and tag. Opening it for another purpose fails.
    public func seal(_ secret: String, for purpose: String) throws -> String {
        let box = try ChaChaPoly.seal(Data(secret.utf8), using: key, authenticating: Data(purpose.utf8))
        return "v1:" + box.combined.base64EncodedString()
    }

    /// The secret `sealed` holds.
    /// - Throws: ``Unopenable`` for another key, another purpose, or altered bytes.
    public func open(_ sealed: String, for purpose: String) throws(Unopenable) -> String {
        guard sealed.hasPrefix("v1:"), let combined = Data(base64Encoded: String(sealed.dropFirst(3))),
            let box = try? ChaChaPoly.SealedBox(combined: combined),
            let plain = try? ChaChaPoly.open(box, using: key, authenticating: Data(purpose.utf8)),
            let text = String(data: plain, encoding: .utf8)
        else { throw Unopenable() }
        return text
    }
}
