import Crypto
import Foundation

/// The `Recur-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
///
/// Receivers recompute the HMAC over the raw body bytes with their secret, compare it in constant time and refuse a
/// timestamp too far from their clock (replays). During a secret rotation a receiver accepts either secret, and a
/// header may carry one `v1` per active secret.
public enum WebhookSignature {
    /// The header value for `body` signed with `secret` at `timestamp` (Unix seconds).
    public static func header(secret: String, timestamp: Int64, body: [UInt8]) -> String {
        "t=\(timestamp),v1=" + hex(Array(mac(secret: secret, timestamp: timestamp, body: body)))
    }

    /// The header with one `v1` per secret (for a rotation: the new secret and the old one).
    public static func header(secrets: [String], timestamp: Int64, body: [UInt8]) -> String {
        (["t=\(timestamp)"] + secrets.map { "v1=" + hex(Array(mac(secret: $0, timestamp: timestamp, body: body))) })
            .joined(separator: ",")
    }

    /// Checks a received header: well formed, its timestamp within `tolerance` seconds of `now`, and some `v1` the
    /// HMAC of `body` under one of `secrets` (compared in constant time).
    ///
    /// - Returns: the timestamp the header carries.
    @discardableResult
    public static func verify(
        header: String, body: [UInt8], secrets: [String], now: Int64 = currentTime(), tolerance: Int64 = 300
    ) throws(WebhookSignatureError) -> Int64 {
        var timestamp: Int64?
        var signatures: [[UInt8]] = []
        for element in header.split(separator: ",") {
            let pair = element.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { throw .malformedHeader }
            switch pair[0] {
            case "t":
                guard timestamp == nil, let value = Int64(pair[1]) else { throw .malformedHeader }
                timestamp = value
            case "v1":
                guard let bytes = bytes(fromHex: pair[1]), bytes.count == SHA256.byteCount else { throw .malformedHeader }
                signatures.append(bytes)
            default:
                continue  // other schemes, for later versions
            }
        }
        guard let timestamp, !signatures.isEmpty else { throw .malformedHeader }
        guard abs(now - timestamp) <= tolerance else { throw .timestampOutsideTolerance(timestamp: timestamp, now: now) }
        let message = signedBytes(timestamp: timestamp, body: body)
        for secret in secrets {
            let key = SymmetricKey(data: Array(secret.utf8))
            for signature in signatures
            where HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: message, using: key) {
                return timestamp
            }
        }
        throw .noMatchingSignature
    }

    /// The current time in Unix seconds.
    public static func currentTime() -> Int64 { Int64(Date().timeIntervalSince1970) }

    private static func mac(secret: String, timestamp: Int64, body: [UInt8]) -> HashedAuthenticationCode<SHA256> {
        HMAC<SHA256>.authenticationCode(
            for: signedBytes(timestamp: timestamp, body: body), using: SymmetricKey(data: Array(secret.utf8)))
    }

    /// `"<timestamp>."` followed by the raw body.
    private static func signedBytes(timestamp: Int64, body: [UInt8]) -> [UInt8] {
        Array("\(timestamp).".utf8) + body
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out += [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]] }
        return String(decoding: out, as: UTF8.self)
    }

    private static func bytes(fromHex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 48...57: digit - 48
        case 97...102: digit - 87
        case 65...70: digit - 55
        default: nil
        }
    }
}

/// Why ``WebhookSignature/verify(header:body:secrets:now:tolerance:)`` refused a header.
public enum WebhookSignatureError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not `t=<integer>` and at least one `v1=<64 hex digits>`, comma-separated.
    case malformedHeader
    /// Signed too long ago, or too far in the future: a replay or a wrong clock.
    case timestampOutsideTolerance(timestamp: Int64, now: Int64)
    /// No `v1` matches the body under any of the secrets.
    case noMatchingSignature

    public var description: String {
        switch self {
        case .malformedHeader: "webhook signature: malformed header"
        case .timestampOutsideTolerance(let timestamp, let now):
            "webhook signature: timestamp \(timestamp) is \(now - timestamp) s from now (\(now))"
        case .noMatchingSignature: "webhook signature: no signature matches the body"
        }
    }
}
