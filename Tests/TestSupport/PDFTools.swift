import Foundation

/// Reads PDFs back with independent tools (Debian's poppler-utils and qpdf), as a customer's software would. A
/// missing tool fails the test: `deploy/test.sh` installs them.
public enum PDFTools {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes `bytes` to a new temporary file and returns its path.
    public static func write(_ bytes: [UInt8], suffix: String = ".pdf") throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("recur-\(UUID().uuidString)\(suffix)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// `pdftotext -layout` of the pages `first…last` (every page by default).
    public static func text(_ path: String, page: Int? = nil) throws -> String {
        var arguments = ["-layout", "-enc", "UTF-8"]
        if let page { arguments += ["-f", "\(page)", "-l", "\(page)"] }
        return try tool("pdftotext", arguments + [path, "-"]).stdout
    }

    /// `pdfinfo`: page size, page count, producer…
    public static func info(_ path: String) throws -> String { try tool("pdfinfo", [path]).stdout }

    /// The number of pages `pdfinfo` reports.
    public static func pageCount(_ path: String) throws -> Int {
        let line = try info(path).split(separator: "\n").first { $0.hasPrefix("Pages:") }
        guard let count = line.flatMap({ Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) }) else {
            throw Failure(description: "pdfinfo gave no page count")
        }
        return count
    }

    /// `pdffonts`: the fonts and whether they are embedded and have a ToUnicode map.
    public static func fonts(_ path: String) throws -> String { try tool("pdffonts", [path]).stdout }

    /// `qpdf --check`: throws unless it finds no error.
    public static func check(_ path: String) throws {
        let result = try tool("qpdf", ["--check", path], allowFailure: true)
        guard result.status == 0, !result.stdout.contains("ERROR") else {
            throw Failure(description: "qpdf --check: exit \(result.status)\n\(result.stdout)\(result.stderr)")
        }
    }

    /// The bytes of the embedded file `name` (`pdfdetach`).
    public static func attachment(_ path: String, named name: String) throws -> [UInt8] {
        let list = try tool("pdfdetach", ["-list", path]).stdout
        guard let line = list.split(separator: "\n").first(where: { $0.hasSuffix(" \(name)") }),
            let number = Int(line.split(separator: ":").first ?? "")
        else { throw Failure(description: "no attachment \(name) in: \(list)") }
        let out = path + ".\(name)"
        _ = try tool("pdfdetach", ["-save", "\(number)", "-o", out, path])
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))
    }

    /// `text` with the no-break spaces of French formatting (U+00A0, U+202F) made plain spaces, as `pdftotext`
    /// prints them.
    public static func spaced(_ text: String) -> String {
        String(text.map { $0 == "\u{00A0}" || $0 == "\u{202F}" ? " " : $0 })
    }

    /// Runs `/usr/bin/<name>`; throws when it is missing or (unless allowed) exits non-zero.
    @discardableResult
    public static func tool(_ name: String, _ arguments: [String], allowFailure: Bool = false) throws -> TestProcess.Result {
        let path = "/usr/bin/\(name)"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Failure(description: "\(path) is missing: install poppler-utils and qpdf (deploy/test.sh does)")
        }
        let result = try TestProcess.run(path, arguments)
        if !allowFailure && result.status != 0 { throw Failure(description: "\(name) \(arguments): \(result)") }
        return result
    }
}
