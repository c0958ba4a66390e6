/// The state of one client connection. Owned and touched only by its event loop's thread.
final class Connection {
    /// A response position in the connection's strictly ordered output.
    struct Slot {
        let sequence: UInt64
        /// Encoded bytes once the response (or interim `100 Continue`) is ready.
        var bytes: [UInt8]?
        /// Close the connection after these bytes.
        var close = false
    }

    let id: UInt64
    let socket: Socket
    let remoteAddress: String
    /// Rejected at the connection cap: not counted as open, only lingers to deliver its 503.
    let rejected: Bool
    var parser: HTTPRequestParser

    /// Responses owed, in request order (at most `maxPipelinedRequests` requests plus interim responses).
    var pending: [Slot] = []
    var nextSequence: UInt64 = 0
    /// Bytes being written, from `outputOffset`.
    var output: [UInt8] = []
    var outputOffset = 0

    /// No further requests will be parsed (close requested, error, or shutdown).
    var stopParsing = false
    /// Close once `output` and `pending` are empty.
    var closeAfterWrite = false
    /// The peer sent end-of-stream: finish what is owed, then close.
    var peerClosed = false
    /// Write side shut down; reading and discarding until EOF or `closingDeadline`.
    var closing = false
    var closingDeadline: UInt64 = 0

    /// Interest currently registered with epoll.
    var registeredEvents: UInt32 = 0
    var phase: HTTPRequestParser.Phase = .idle
    var phaseSince: UInt64
    var lastActivity: UInt64
    var lastWriteProgress: UInt64

    init(id: UInt64, socket: Socket, remoteAddress: String, limits: HTTPLimits, now: UInt64, rejected: Bool = false) {
        self.id = id
        self.socket = socket
        self.remoteAddress = remoteAddress
        self.rejected = rejected
        self.parser = HTTPRequestParser(limits: limits)
        self.phaseSince = now
        self.lastActivity = now
        self.lastWriteProgress = now
    }

    var hasUnsentOutput: Bool { outputOffset < output.count }

    /// Nothing owed, nothing buffered: safe to close silently.
    var isIdle: Bool {
        pending.isEmpty && !hasUnsentOutput && parser.phase == .idle && !closing
    }

    /// Reserves the next response slot.
    func reserveSlot(bytes: [UInt8]? = nil, close: Bool = false) -> UInt64 {
        let sequence = nextSequence
        nextSequence += 1
        pending.append(Slot(sequence: sequence, bytes: bytes, close: close))
        return sequence
    }

    /// Fills a reserved slot; ignored if the slot was dropped (connection closing).
    func fill(_ sequence: UInt64, bytes: [UInt8], close: Bool) {
        guard let index = pending.firstIndex(where: { $0.sequence == sequence }) else { return }
        pending[index].bytes = bytes
        pending[index].close = close
        if close { stopParsing = true }
    }

    /// Moves ready slots, in order, into `output`; stops after a closing response.
    func collectReadyOutput() {
        if outputOffset == output.count {
            output.removeAll(keepingCapacity: true)
            outputOffset = 0
        }
        while let first = pending.first, let bytes = first.bytes {
            pending.removeFirst()
            if output.isEmpty {
                output = bytes
            } else {
                output.append(contentsOf: bytes)
            }
            if first.close {
                closeAfterWrite = true
                stopParsing = true
                pending.removeAll()
                break
            }
        }
    }
}
