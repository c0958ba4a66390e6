/// Writes numbers as ASCII digits straight into a byte buffer, for the text forms `COPY` and array literals take.
enum TextDigits {
    /// `value` (0 ≤ value < 10^width) with leading zeros to exactly `width` digits.
    @inline(__always)
    static func appendPadded(_ value: Int, width: Int, to buffer: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            buffer.append(UInt8(truncatingIfNeeded: rest / divisor) + 48)
            rest %= divisor
            divisor /= 10
        }
    }

    /// A date as `YYYY-MM-DD`.
    static func append(_ date: PostgresDate, to buffer: inout [UInt8]) {
        appendPadded(date.year, width: 4, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(date.month, width: 2, to: &buffer)
        buffer.append(UInt8(ascii: "-"))
        appendPadded(date.day, width: 2, to: &buffer)
    }

    /// An integer in decimal, with a minus sign when negative.
    static func append(_ value: Int, to buffer: inout [UInt8]) {
        var magnitude = value.magnitude
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
            UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[count] = UInt8(truncatingIfNeeded: magnitude % 10) + 48
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[index]) }
        }
    }
}
