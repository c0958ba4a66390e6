/// FNV-1a hashes: deterministic identifiers from content (the trailer's `/ID`, subset tags). Not cryptographic.
struct ContentHash {
    private(set) var low: UInt64 = 0xcbf2_9ce4_8422_2325
    private(set) var high: UInt64 = 0x6c62_272e_07bb_0142

    mutating func combine(_ bytes: [UInt8]) {
        for byte in bytes { combine(byte) }
    }

    mutating func combine(_ byte: UInt8) {
        low = (low ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        // A second FNV-1a lane with another basis and the byte rotated, so the two halves are not one hash twice.
        high = (high ^ UInt64(byte &+ 0x5b)) &* 0x0000_0100_0000_01b3
    }

    /// The 128 bits as 16 bytes, big-endian, low lane first.
    var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
    }
}
