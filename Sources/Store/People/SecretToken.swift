/// Random opaque tokens: session cookies (32 bytes, base64url, 43 characters), CSRF tokens and invitation tokens
/// (32 bytes, hex, 64 characters). Drawn from the system's CSPRNG (`SystemRandomNumberGenerator`: getrandom).
public enum SecretToken {
    /// 32 random bytes.
    public static func bytes() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// 32 random bytes as unpadded base64url (43 characters): a session cookie.
    public static func base64URL() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        let input = bytes()
        var output: [UInt8] = []
        var index = 0
        while index < input.count {
            let chunk = input[index..<min(index + 3, input.count)]
            var value: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * UInt32(offset)) }
            for position in 0..<(chunk.count + 1) {
                output.append(alphabet[Int((value >> (18 - 6 * UInt32(position))) & 0x3F)])
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// 32 random bytes as lower-case hex (64 characters).
    public static func hex() -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes().flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }, as: UTF8.self)
    }

    /// Whether two tokens are equal, in time independent of where they differ.
    public static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
