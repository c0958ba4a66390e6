import Foundation

/// A self-overwriting progress line on stderr, shown only when stderr is a terminal and redrawn at most ten
/// times a second.
struct ProgressLine {
    private let enabled = Output.stderrIsTerminal
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private var drawn = false
    private let started = ContinuousClock.now
    let label: String

    init(_ label: String) {
        self.label = label
    }

    mutating func update(completed: Int, total: Int, failed: Int) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard completed == total || now - lastDraw >= .milliseconds(100) else { return }
        lastDraw = now
        drawn = true
        let percent = total == 0 ? 100 : completed * 100 / total
        let filled = total == 0 ? 20 : completed * 20 / total
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled) + "]"
        Output.writeError(
            "\r\(label): \(bar) \(completed)/\(total) (\(percent)%)" + (failed > 0 ? ", \(failed) failed" : "")
                + eta(completed: completed, total: total, now: now) + "\u{1B}[K")
    }

    /// ` ETA 1m05s`, from the mean time per item so far; empty until one is done.
    private func eta(completed: Int, total: Int, now: ContinuousClock.Instant) -> String {
        guard completed > 0, completed < total else { return "" }
        let elapsed = now - started
        let (seconds, attoseconds) = elapsed.components
        let elapsedSeconds = Double(seconds) + Double(attoseconds) / 1e18
        let remaining = Int((elapsedSeconds / Double(completed) * Double(total - completed)).rounded(.up))
        return remaining >= 60 ? " ETA \(remaining / 60)m\(String(format: "%02d", remaining % 60))s" : " ETA \(remaining)s"
    }

    /// Ends the line so that what follows starts on a fresh one.
    func finish() {
        if enabled && drawn { Output.writeError("\n") }
    }
}
