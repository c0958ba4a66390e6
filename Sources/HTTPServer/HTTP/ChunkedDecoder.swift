/// Incremental decoder for a `Transfer-Encoding: chunked` request body (RFC 9112 §7.1).
///
/// Enforces the body limit (413), the chunk-size line limit (400) and the trailer limits (431); trailer
/// fields are validated like header fields and then discarded.
struct ChunkedDecoder: Sendable {
    private enum State: Sendable {
        case sizeLine
        case data(remaining: Int)
        case dataEnd
        case trailers
    }

    private var state = State.sizeLine
    private(set) var body: [UInt8] = []
    private var trailerBytes = 0
    private var trailerCount = 0
    private let limits: HTTPLimits

    init(limits: HTTPLimits) {
        self.limits = limits
    }

    private static func bad(_ detail: String) -> HTTPParseError { HTTPParseError(.badRequest, detail) }

    /// Decodes from `position`, advancing it past consumed bytes; returns `true` once the body is complete.
    mutating func decode(_ buf: UnsafeBufferPointer<UInt8>, from position: inout Int) throws(HTTPParseError) -> Bool {
        while true {
            switch state {
            case .sizeLine:
                guard let cr = try Self.findLineEnd(buf, from: position, limit: limits.maxChunkLineBytes,
                                                    tooLong: Self.bad("Chunk size line too long.")) else { return false }
                let size = try parseSizeLine(buf[position..<cr])
                position = cr + 2
                state = size == 0 ? .trailers : .data(remaining: size)
            case .data(let remaining):
                let available = buf.count - position
                guard available > 0 else { return false }
                let take = min(available, remaining)
                body.append(contentsOf: buf[position..<(position + take)])
                position += take
                state = take == remaining ? .dataEnd : .data(remaining: remaining - take)
            case .dataEnd:
                guard buf.count - position >= 2 else { return false }
                guard buf[position] == ASCII.cr, buf[position + 1] == ASCII.lf else {
                    throw Self.bad("Chunk data not followed by CRLF.")
                }
                position += 2
                state = .sizeLine
            case .trailers:
                let remainingBudget = limits.maxTrailerBytes - trailerBytes
                guard let cr = try Self.findLineEnd(buf, from: position, limit: max(remainingBudget, 0),
                                                    tooLong: HTTPParseError(.headerFieldsTooLarge, "Trailer section too large.")) else {
                    return false
                }
                if cr == position {
                    position += 2
                    return true
                }
                try validateTrailer(buf[position..<cr])
                trailerBytes += cr - position + 2
                trailerCount += 1
                if trailerCount > limits.maxHeaderCount || trailerBytes > limits.maxTrailerBytes {
                    throw HTTPParseError(.headerFieldsTooLarge, "Trailer section too large.")
                }
                position = cr + 2
            }
        }
    }

    /// Index of the CR of the next CRLF at or after `from`, `nil` if it has not arrived yet.
    private static func findLineEnd(_ buf: UnsafeBufferPointer<UInt8>, from: Int, limit: Int,
                                    tooLong: HTTPParseError) throws(HTTPParseError) -> Int? {
        var i = from
        while i < buf.count {
            let b = buf[i]
            if b == ASCII.cr {
                guard i + 1 < buf.count else { return nil }
                guard buf[i + 1] == ASCII.lf else { throw bad("Bare CR in chunked framing.") }
                if i - from > limit { throw tooLong }
                return i
            }
            if b == ASCII.lf { throw bad("Bare LF in chunked framing.") }
            i += 1
            if i - from > limit { throw tooLong }
        }
        return nil
    }

    private func parseSizeLine(_ line: UnsafeBufferPointer<UInt8>.SubSequence) throws(HTTPParseError) -> Int {
        var size = 0
        var digits = 0
        var i = line.startIndex
        while i < line.endIndex, let v = ASCII.hexValue(line[i]) {
            digits += 1
            guard digits <= 15 else { throw Self.bad("Chunk size too large.") }
            size = size << 4 | Int(v)
            i += 1
        }
        guard digits > 0 else { throw Self.bad("Missing chunk size.") }
        if i < line.endIndex {
            // chunk-ext: *( BWS ";" BWS ext-name [ BWS "=" BWS ext-value ] ), validated as field-value characters.
            var j = i
            while j < line.endIndex && (line[j] == ASCII.space || line[j] == ASCII.tab) { j += 1 }
            guard j < line.endIndex, line[j] == 0x3B,
                  line[j...].allSatisfy(ASCII.isFieldValueChar) else {
                throw Self.bad("Malformed chunk extension.")
            }
        }
        if size > limits.maxBodyBytes - body.count {
            throw HTTPParseError(.contentTooLarge, "The request body exceeds \(limits.maxBodyBytes) bytes.")
        }
        return size
    }

    private func validateTrailer(_ line: UnsafeBufferPointer<UInt8>.SubSequence) throws(HTTPParseError) {
        let first = line[line.startIndex]
        if first == ASCII.space || first == ASCII.tab { throw Self.bad("Obsolete line folding in trailer.") }
        var colon = line.startIndex
        while colon < line.endIndex && ASCII.isTokenChar(line[colon]) { colon += 1 }
        guard colon > line.startIndex, colon < line.endIndex, line[colon] == ASCII.colon else {
            throw Self.bad("Invalid trailer field.")
        }
        guard line[(colon + 1)...].allSatisfy(ASCII.isFieldValueChar) else {
            throw Self.bad("Invalid character in a trailer field value.")
        }
    }
}
