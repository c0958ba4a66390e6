/// Bank account identifiers checked by their published rules: IBAN (ISO 13616, mod 97-10 of ISO 7064), BIC
/// (ISO 9362) and the ISO 11649 structured creditor reference (`RF` + two check digits + up to 21 characters).
public enum BankIdentifiers {
    /// `iban` without spaces, upper-cased, if it is 15–34 letters and digits, starts with a country code and two
    /// digits, and its mod-97 check holds; otherwise `nil`.
    public static func iban(_ text: String) -> String? {
        let compact = String(text.filter { $0 != " " }.uppercased())
        let bytes = Array(compact.utf8)
        guard (15...34).contains(bytes.count), bytes[0...1].allSatisfy(isLetter), bytes[2...3].allSatisfy(isDigit),
              bytes.allSatisfy({ isLetter($0) || isDigit($0) })
        else { return nil }
        return mod97(bytes[4...] + bytes[0..<4]) == 1 ? compact : nil
    }

    /// `bic` upper-cased if it has the shape of ISO 9362 (4 letters bank, 2 letters country, 2 location, optional
    /// 3 branch); otherwise `nil`.
    public static func bic(_ text: String) -> String? {
        let upper = text.uppercased()
        let bytes = Array(upper.utf8)
        guard bytes.count == 8 || bytes.count == 11, bytes[0..<6].allSatisfy(isLetter),
              bytes[6...].allSatisfy({ isLetter($0) || isDigit($0) })
        else { return nil }
        return upper
    }

    /// `reference` without spaces, upper-cased, if it is a valid ISO 11649 creditor reference (`RF18539007547034`).
    public static func creditorReference(_ text: String) -> String? {
        let compact = String(text.filter { $0 != " " }.uppercased())
        return isCreditorReference(Array(compact.utf8)[...]) ? compact : nil
    }

    /// Whether upper-case ASCII `bytes` without spaces are a valid ISO 11649 reference (`RF`, 2 check digits, 1–21
    /// letters or digits, mod 97 = 1).
    static func isCreditorReference(_ bytes: ArraySlice<UInt8>) -> Bool {
        let start = bytes.startIndex
        guard (5...25).contains(bytes.count), bytes[start] == UInt8(ascii: "R"), bytes[start + 1] == UInt8(ascii: "F"),
              bytes[(start + 2)...(start + 3)].allSatisfy(isDigit), bytes[(start + 4)...].allSatisfy({ isLetter($0) || isDigit($0) })
        else { return false }
        return mod97(bytes[(start + 4)...] + bytes[start..<(start + 4)]) == 1
    }

    /// The ISO 11649 creditor reference for `payload` (1–21 letters or digits): `RF` and the two check digits
    /// that make its mod-97 equal 1. `nil` when the payload does not fit.
    public static func creditorReference(forPayload payload: String) -> String? {
        let upper = Array(payload.uppercased().utf8)
        guard (1...21).contains(upper.count), upper.allSatisfy({ isLetter($0) || isDigit($0) }) else { return nil }
        let remainder = mod97(upper + Array("RF00".utf8))
        let check = 98 - remainder
        return "RF" + (check < 10 ? "0" : "") + String(check) + String(decoding: upper, as: UTF8.self)
    }

    /// The ISO 7064 mod 97-10 remainder, letters counted as 10…35.
    static func mod97<S: Sequence>(_ bytes: S) -> Int where S.Element == UInt8 {
        var remainder = 0
        for byte in bytes {
            if isDigit(byte) {
                remainder = (remainder * 10 + Int(byte - 48)) % 97
            } else {
                remainder = (remainder * 100 + Int(byte - 65 + 10)) % 97
            }
        }
        return remainder
    }

    static func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }
}
