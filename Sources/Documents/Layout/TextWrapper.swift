/// Breaks text into lines that fit a width, at spaces (never at no-break spaces); a word wider than the line is
/// cut between characters. Explicit line breaks are kept.
enum TextWrapper {
    static func wrap(_ text: String, width: Double, size: Double, font: TrueTypeFont) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if font.width(of: candidate, size: size) <= width {
                    line = candidate
                    continue
                }
                if !line.isEmpty { lines.append(line) }
                line = ""
                for character in word {
                    let longer = line + String(character)
                    if !line.isEmpty, font.width(of: longer, size: size) > width {
                        lines.append(line)
                        line = String(character)
                    } else {
                        line = longer
                    }
                }
            }
            lines.append(line)
        }
        return lines
    }
}
