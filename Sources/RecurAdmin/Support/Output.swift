#if canImport(Glibc)
import Glibc
#endif

/// Writing to stdout and stderr.
enum Output {
    /// A line on stdout.
    static func out(_ text: String) {
        print(text)
    }

    /// `recur-admin: error: …` on stderr, forced onto one line.
    static func error(_ message: String) {
        note("error: " + message)
    }

    /// `recur-admin: …` on stderr, one line.
    static func note(_ message: String) {
        let oneLine = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        writeError("recur-admin: \(oneLine)\n")
    }

    /// Raw text on stderr (progress lines).
    static func writeError(_ text: String) {
        fflush(nil)  // stdout first, so that the two streams interleave in order on a terminal
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = write(2, base + offset, bytes.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    /// Whether stderr is a terminal (progress is shown only then).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }
}
