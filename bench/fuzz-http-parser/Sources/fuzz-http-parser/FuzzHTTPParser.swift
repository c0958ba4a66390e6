import HTTPServer

/// One libFuzzer input: byte 0 picks a fragment size, the rest is the byte stream a client sends.
///
/// Oracles (a violation traps, which libFuzzer reports as a crash):
/// - the parser never crashes or loops (libFuzzer's timeout catches hangs);
/// - feeding the stream whole and in fragments yields the same requests and the same error/no-error outcome;
/// - no decoded body exceeds the body limit;
/// - a body that parses as JSON re-encodes to JSON that parses to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let input = UnsafeBufferPointer(start: data, count: size)
    let fragmentSize = Int(input[0] % 32) + 1
    let stream = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: input[1...]))

    var limits = HTTPLimits()
    limits.maxRequestLineBytes = 512
    limits.maxHeaderBytes = 1024
    limits.maxHeaderCount = 16
    limits.maxBodyBytes = 2048
    limits.maxChunkLineBytes = 64
    limits.maxTrailerBytes = 256

    let whole = run(stream, fragmentSize: max(stream.count, 1), limits: limits)
    let fragmented = run(stream, fragmentSize: fragmentSize, limits: limits)
    if whole != fragmented {
        fatalError("fragmentation changed the outcome:\n\(whole)\nvs\n\(fragmented)")
    }
    return 0
}

/// What a parse produced, comparable across fragmentations.
struct Outcome: Equatable, CustomStringConvertible {
    var requests: [String] = []
    var failed = false

    var description: String { "\(requests) failed=\(failed)" }
}

func run(_ stream: UnsafeRawBufferPointer, fragmentSize: Int, limits: HTTPLimits) -> Outcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = Outcome()
    var offset = 0
    while offset < stream.count {
        let end = min(offset + fragmentSize, stream.count)
        parser.append(UnsafeRawBufferPointer(rebasing: stream[offset..<end]))
        offset = end
        do {
            while let event = try parser.next() {
                guard case .request(let head, let body) = event else { continue }
                precondition(body.count <= limits.maxBodyBytes, "body over the limit")
                outcome.requests.append("\(head.method) \(head.target) \(head.version) h=\(head.headers.count) b=\(body.count) ka=\(head.keepAlive)")
                checkJSON(body)
            }
        } catch {
            outcome.failed = true
            return outcome
        }
    }
    return outcome
}

func checkJSON(_ body: [UInt8]) {
    guard let value = try? JSONValue.parse(body) else { return }
    guard let again = try? JSONValue.parse(value.jsonBytes), again == value else {
        fatalError("JSON did not round-trip: \(value)")
    }
}
