import Foundation

/// A self-overwriting progress line on stderr, shown only when stderr is a terminal and redrawn at most ten
/// times a second.
struct ProgressLine {
    private let enabled = Output.stderrIsTerminal
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private var drawn = false
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
        Output.writeError("\r\(label): \(completed)/\(total) (\(percent)%)" + (failed > 0 ? ", \(failed) failed" : "") + "\u{1B}[K")
    }

    /// Ends the line so that what follows starts on a fresh one.
    func finish() {
        if enabled && drawn { Output.writeError("\n") }
    }
}
