#if canImport(Glibc)
import Glibc
#endif

/// A fault a test makes a worker suffer on purpose, to prove what survives it. Recur's one fault-injection
/// switch is the environment variable `RECUR_FAULT_INJECTION`, which only ``configured(in:)`` reads and only
/// `recur-worker` asks it to; unset (production), the runner has no fault and runs no test hook. docs/eod.md,
/// "Fault injection", lists the values.
public enum FaultInjection: Sendable, Hashable, CustomStringConvertible {
    /// `kill-after-postings:K`: the process kills itself with SIGKILL as soon as a tenant's run has written K
    /// postings of one recurring kind (K ≥ 1), inside the open batch, before it commits.
    case killAfterPostings(Int)

    /// The switch's name.
    public static let environmentVariable = "RECUR_FAULT_INJECTION"

    /// The fault the environment asks for; `nil` when ``environmentVariable`` is unset or empty.
    public static func configured(in environment: [String: String]) throws(FaultInjectionError) -> FaultInjection? {
        guard let value = environment[environmentVariable], !value.isEmpty else { return nil }
        let parts = value.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0] == "kill-after-postings", let count = Int(parts[1]), count >= 1 else {
            throw FaultInjectionError(value: value)
        }
        return .killAfterPostings(count)
    }

    public var description: String {
        switch self {
        case .killAfterPostings(let count): "kill-after-postings:\(count)"
        }
    }

    /// The runner's one hook: a batch of the run is written, not yet committed, and the run has written
    /// `postingsInRun` postings of the batch's kind so far.
    func batchWritten(postingsInRun: Int) {
        switch self {
        case .killAfterPostings(let count):
            if postingsInRun >= count { kill(getpid(), SIGKILL) }
        }
    }
}

/// `RECUR_FAULT_INJECTION` holds something that is not a fault.
public struct FaultInjectionError: Error, Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public var description: String {
        "\(FaultInjection.environmentVariable)=\(value) is not a fault: expected kill-after-postings:K (K ≥ 1)"
    }
}
