import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Random (version 4) UUIDs from the kernel's CSPRNG, drawn 256 at a time: one read of 4 KiB instead of two
/// `getrandom(2)` calls a UUID (`SystemRandomNumberGenerator`: 3.6 % of the server's CPU samples during auto-reconcile
/// at 100,000 lines, in the kernel alone). Foundation's `UUID()` on Linux opens, reads and closes `/dev/urandom` for
/// each one: auto-reconcile draws about 170,000 of them at 100,000 lines (docs/banking.md, "Random ids without a
/// file each").
struct RandomUUIDs {
    private static let batch = 256
    private var bytes = [UInt8](repeating: 0, count: 16 * batch)
    private var next = 16 * batch
    private var generator = SystemRandomNumberGenerator()

    /// A new random UUID (RFC 9562 version 4, variant 10).
    mutating func make() -> UUID {
        if next == bytes.count { refill() }
        let offset = next
        next += 16
        return bytes.withUnsafeMutableBytes { raw in
            raw[offset + 6] = raw[offset + 6] & 0x0F | 0x40
            raw[offset + 8] = raw[offset + 8] & 0x3F | 0x80
            return UUID(uuid: raw.loadUnaligned(fromByteOffset: offset, as: uuid_t.self))
        }
    }

    /// The buffer filled again from `/dev/urandom` (one open, read and close per 256 ids; the standard library's
    /// generator has no bulk read, and Glibc's module does not export `getrandom`), or from the standard library's
    /// generator where the device cannot be read.
    private mutating func refill() {
        var filled = 0
        #if canImport(Glibc)
        let device = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        if device >= 0 {
            defer { close(device) }
            while filled < bytes.count {
                let count = bytes.withUnsafeMutableBytes { raw in
                    raw.baseAddress.map { read(device, $0 + filled, raw.count - filled) } ?? -1
                }
                if count > 0 {
                    filled += count
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
        }
        #endif
        while filled < bytes.count {
            var word = generator.next() as UInt64
            withUnsafeBytes(of: &word) { word in
                for byte in word where filled < bytes.count {
                    bytes[filled] = byte
                    filled += 1
                }
            }
        }
        next = 0
    }
}
