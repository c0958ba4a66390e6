import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Version-7 UUIDs (RFC 9562) for rows written in bulk: the Unix time in milliseconds when the generator was made,
/// then a 26-bit counter (in `rand_a` and the top of `rand_b`), then 48 random bits. Ids of one batch are
/// strictly increasing, so a batch's primary-key and foreign-key index entries land together on the right edge of
/// each B-tree instead of on random pages; the random bits keep ids unguessable.
struct TimeOrderedUUIDs {
    private let millisecondsBytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)
    private var counter: UInt32 = 0
    private var random: [UInt8]
    private var offset = 0

    /// - Parameter expected: how many ids will be asked for (random bytes are read once, for this many).
    init(expected: Int, now: Date = Date()) {
        let milliseconds = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        millisecondsBytes = (
            UInt8(truncatingIfNeeded: milliseconds >> 40), UInt8(truncatingIfNeeded: milliseconds >> 32),
            UInt8(truncatingIfNeeded: milliseconds >> 24), UInt8(truncatingIfNeeded: milliseconds >> 16),
            UInt8(truncatingIfNeeded: milliseconds >> 8), UInt8(truncatingIfNeeded: milliseconds)
        )
        random = Self.randomBytes(max(1, expected) * 6)
    }

    /// The next id: greater than every id this generator made before.
    mutating func next() -> UUID {
        if offset + 6 > random.count {
            random = Self.randomBytes(random.count)
            offset = 0
        }
        precondition(counter < 1 << 26, "more than 2^26 ids from one generator")
        let count = counter
        counter += 1
        let r = offset
        offset += 6
        let t = millisecondsBytes
        return UUID(
            uuid: (
                t.0, t.1, t.2, t.3, t.4, t.5,
                0x70 | UInt8(truncatingIfNeeded: count >> 22), UInt8(truncatingIfNeeded: count >> 14),
                0x80 | UInt8(truncatingIfNeeded: count >> 8) & 0x3F, UInt8(truncatingIfNeeded: count),
                random[r], random[r + 1], random[r + 2], random[r + 3], random[r + 4], random[r + 5]
            ))
    }

    /// Cryptographically secure random bytes, read in one call (`arc4random_buf`, glibc ≥ 2.36).
    private static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { arc4random_buf(base, buffer.count) }
        }
        return bytes
    }
}
