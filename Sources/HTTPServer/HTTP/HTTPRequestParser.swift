/// An incremental, strict HTTP/1.1 request parser (RFC 9112).
///
/// Feed bytes as they arrive with ``append(_:)`` and call ``next()`` until it returns `nil` (more bytes needed).
/// Bytes may be split anywhere. The first error is final: every later ``next()`` throws it again, and the
/// connection must answer with the error's status and close.
///
/// ```swift
/// var parser = HTTPRequestParser(limits: HTTPLimits())
/// parser.append(bytes)
/// while let event = try parser.next() { ... }
/// ```
public struct HTTPRequestParser: Sendable {
    /// What ``next()`` produced.
    public enum Event: Sendable {
        /// The head carries `Expect: 100-continue` and its body has not fully arrived: send `100 Continue`.
        case continueExpected(HTTPRequestHead)
        /// A complete request with its decoded body.
        case request(HTTPRequestHead, body: [UInt8])
    }

    /// Where the parser is within the current request, for timeouts.
    public enum Phase: Sendable, Equatable {
        /// Between requests, nothing buffered.
        case idle
        /// Some bytes of a request head have arrived.
        case head
        /// The head is parsed; waiting for body bytes.
        case body
    }

    private enum State: Sendable {
        case head
        case body(HTTPRequestHead, remaining: Int)
        case chunked(HTTPRequestHead, ChunkedDecoder)
        case failed(HTTPParseError)
    }

    public let limits: HTTPLimits
    private var buffer: [UInt8] = []
    /// Index of the first unconsumed byte.
    private var start = 0
    private var state: State = .head
    private var scan = HeadScan()

    /// Progress of the search for the end of the head, so fragments are never rescanned.
    private struct HeadScan: Sendable {
        var next = 0
        var lineStart = 0
        var sawCR = false
        /// Index of the CR ending the request line, once seen.
        var requestLineEnd = -1
        var headerLines = 0
        var leadingEmptyLines = 0
    }

    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Bytes received but not yet consumed by a request.
    public var bufferedByteCount: Int { buffer.count - start }

    public var phase: Phase {
        switch state {
        case .head: buffer.count > start ? .head : .idle
        case .body, .chunked: .body
        case .failed: .idle
        }
    }

    /// Adds received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Adds received bytes.
    public mutating func append<C: Collection>(contentsOf bytes: C) where C.Element == UInt8 {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Drops consumed bytes when that is cheap relative to what remains.
    private mutating func compact() {
        guard start > 0 else { return }
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else if start >= 4096 && start * 2 >= buffer.count {
            buffer.removeSubrange(0..<start)
        } else {
            return
        }
        scan.next -= start
        scan.lineStart -= start
        if scan.requestLineEnd >= 0 { scan.requestLineEnd -= start }
        start = 0
    }

    /// Returns the next event, or `nil` when more bytes are needed.
    public mutating func next() throws(HTTPParseError) -> Event? {
        do {
            return try step()
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func step() throws(HTTPParseError) -> Event? {
        switch state {
        case .failed(let error):
            throw error
        case .body, .chunked:
            return try continueBody()
        case .head:
            guard let headEnd = try scanHead() else { return nil }
            let requestLineEnd = scan.requestLineEnd
            let headStart = start
            let head = try buffer.withUnsafeBufferPointer { (buf) throws(HTTPParseError) -> HTTPRequestHead in
                try HeadParser.parse(buf, start: headStart, requestLineEnd: requestLineEnd, headEnd: headEnd, limits: limits)
            }
            start = headEnd
            resetScan()
            switch head.framing {
            case .none:
                return .request(head, body: [])
            case .contentLength(let length):
                if length > limits.maxBodyBytes {
                    throw HTTPParseError(.contentTooLarge, "The request body exceeds \(limits.maxBodyBytes) bytes.")
                }
                state = .body(head, remaining: length)
            case .chunked:
                state = .chunked(head, ChunkedDecoder(limits: limits))
            }
            if let event = try continueBody() { return event }
            return head.expectsContinue ? .continueExpected(head) : nil
        }
    }

    private mutating func resetScan() {
        scan = HeadScan(next: start, lineStart: start)
    }

    private mutating func continueBody() throws(HTTPParseError) -> Event? {
        switch state {
        case .body(let head, let length):
            guard buffer.count - start >= length else { return nil }
            let body = Array(buffer[start..<(start + length)])
            start += length
            state = .head
            resetScan()
            return .request(head, body: body)
        case .chunked(let head, var decoder):
            state = .head // release the decoder's storage while it is mutated
            var position = start
            let done = try buffer.withUnsafeBufferPointer { (buf) throws(HTTPParseError) -> Bool in
                try decoder.decode(buf, from: &position)
            }
            start = position
            if done {
                resetScan()
                return .request(head, body: decoder.body)
            }
            state = .chunked(head, decoder)
            return nil
        default:
            return nil
        }
    }

    /// Advances the head scan; returns the index just past the blank line ending the head, if it has arrived.
    private mutating func scanHead() throws(HTTPParseError) -> Int? {
        var s = scan
        var consumedLeading = start
        let limits = self.limits
        let result = try buffer.withUnsafeBufferPointer { (buf) throws(HTTPParseError) -> Int? in
            var i = s.next
            let n = buf.count
            while i < n {
                let b = buf[i]
                if s.sawCR {
                    guard b == ASCII.lf else { throw HTTPParseError(.badRequest, "Bare CR in the request head.") }
                    s.sawCR = false
                    let lineEnd = i - 1
                    if lineEnd == s.lineStart {
                        if s.requestLineEnd < 0 {
                            s.leadingEmptyLines += 1
                            if s.leadingEmptyLines > limits.maxLeadingEmptyLines {
                                throw HTTPParseError(.badRequest, "Too many empty lines before the request line.")
                            }
                            consumedLeading = i + 1
                        } else {
                            if lineEnd - (s.requestLineEnd + 2) > limits.maxHeaderBytes {
                                throw HTTPParseError(.headerFieldsTooLarge, "The header section exceeds \(limits.maxHeaderBytes) bytes.")
                            }
                            s.next = i + 1
                            return i + 1
                        }
                    } else if s.requestLineEnd < 0 {
                        if lineEnd - s.lineStart > limits.maxRequestLineBytes {
                            throw HTTPParseError(.uriTooLong, "The request line exceeds \(limits.maxRequestLineBytes) bytes.")
                        }
                        s.requestLineEnd = lineEnd
                    } else {
                        s.headerLines += 1
                        if s.headerLines > limits.maxHeaderCount {
                            throw HTTPParseError(.headerFieldsTooLarge, "More than \(limits.maxHeaderCount) header fields.")
                        }
                    }
                    s.lineStart = i + 1
                } else if b == ASCII.cr {
                    s.sawCR = true
                } else if b == ASCII.lf {
                    throw HTTPParseError(.badRequest, "Bare LF in the request head; lines must end with CRLF.")
                }
                i += 1
            }
            s.next = n
            // Early checks on an incomplete line allow one extra byte: the line's CR may already be here.
            if s.requestLineEnd < 0 {
                if n - s.lineStart > limits.maxRequestLineBytes + 1 {
                    throw HTTPParseError(.uriTooLong, "The request line exceeds \(limits.maxRequestLineBytes) bytes.")
                }
            } else if n - (s.requestLineEnd + 2) > limits.maxHeaderBytes + 1 {
                throw HTTPParseError(.headerFieldsTooLarge, "The header section exceeds \(limits.maxHeaderBytes) bytes.")
            }
            return nil
        }
        scan = s
        start = consumedLeading
        return result
    }
}
