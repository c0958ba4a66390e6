import Foundation

/// Random (version 4) UUIDs from the standard library's CSPRNG (`SystemRandomNumberGenerator`: `getrandom(2)` on
/// Linux, two calls a UUID). Foundation's `UUID()` on Linux opens, reads and closes `/dev/urandom` for each one:
/// auto-reconcile draws about 170,000 of them at 100,000 lines (docs/banking.md, "Random ids without a file each").
struct RandomUUIDs {
    private var generator = SystemRandomNumberGenerator()

    /// A new random UUID (RFC 9562 version 4, variant 10).
    mutating func make() -> UUID {
        var bytes = (generator.next() as UInt64, generator.next() as UInt64)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = raw[6] & 0x0F | 0x40
            raw[8] = raw[8] & 0x3F | 0x80
            return UUID(uuid: raw.load(as: uuid_t.self))
        }
    }
}
