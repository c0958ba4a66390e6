import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An element of a statement file read by ``StatementXML``: local name (namespace dropped), attributes, text and
/// children, with the line it starts on.
final class StatementXMLElement {
    let name: String
    let attributes: [String: String]
    let line: Int
    var text = ""
    var children: [StatementXMLElement] = []

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    /// The first child named `name`.
    func child(_ name: String) -> StatementXMLElement? { children.first { $0.name == name } }

    /// Every child named `name`.
    func children(_ name: String) -> [StatementXMLElement] { children.filter { $0.name == name } }

    /// The first element at the path of child names, e.g. `["Refs", "AcctSvcrRef"]`.
    func at(_ path: String...) -> StatementXMLElement? {
        var node: StatementXMLElement? = self
        for name in path { node = node?.child(name) }
        return node
    }

    /// The trimmed text at the path, `nil` when absent or empty.
    func value(_ path: String...) -> String? {
        var node: StatementXMLElement? = self
        for name in path { node = node?.child(name) }
        guard let text = node?.text.trimmedWhitespace(), !text.isEmpty else { return nil }
        return text
    }
}

/// Reads an XML statement file into a tree with Foundation's `XMLParser` (libxml2), hardened for files from
/// outside: no DOCTYPE at all (so no entity expansion, "billion laughs", and no external entity or DTD is ever
/// fetched), external entities off, a size cap, a depth cap and an element-count cap.
enum StatementXML {
    static let maxDepth = 40
    static let maxElements = 2_000_000

    static func parse(_ bytes: [UInt8]) throws(BankStatementError) -> StatementXMLElement {
        guard bytes.count <= BankStatementRules.maxFileBytes else {
            throw BankStatementError("", "the file exceeds \(BankStatementRules.maxFileBytes) bytes")
        }
        if let line = declarationLine(bytes) {
            throw BankStatementError("line \(line)", "a DOCTYPE or ENTITY declaration is not accepted in a statement file")
        }
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let builder = TreeBuilder()
        parser.delegate = builder
        let ok = parser.parse()
        if let failure = builder.failure { throw failure }
        guard ok, let root = builder.root else {
            let line = parser.lineNumber
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "not well-formed XML"
            throw BankStatementError("line \(line)", "malformed XML (\(reason))")
        }
        // libxml2 fed the whole file in one chunk may stop at its end without reporting the elements left open.
        if let open = builder.stack.last {
            throw BankStatementError("line \(open.line)", "malformed XML (<\(open.name)> is never closed: the file is cut short)")
        }
        return root
    }

    /// The line of the first `<!DOCTYPE` or `<!ENTITY`, case-insensitive, if any.
    static func declarationLine(_ bytes: [UInt8]) -> Int? {
        let doctype = Array("<!DOCTYPE".utf8), entity = Array("<!ENTITY".utf8)
        var line = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 10 { line += 1 }
            if byte == 60, index + 1 < bytes.count, bytes[index + 1] == 33 {
                for word in [doctype, entity] where index + word.count <= bytes.count {
                    if zip(bytes[index..<(index + word.count)], word).allSatisfy({ $0 & 0xDF == $1 & 0xDF || $0 == $1 }) {
                        return line
                    }
                }
            }
            index += 1
        }
        return nil
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var root: StatementXMLElement?
        var stack: [StatementXMLElement] = []
        var count = 0
        var failure: BankStatementError?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            count += 1
            guard stack.count < StatementXML.maxDepth, count <= StatementXML.maxElements else {
                fail(parser, "line \(parser.lineNumber)", "the XML nests deeper than \(StatementXML.maxDepth) or has too many elements")
                return
            }
            let element = StatementXMLElement(name: elementName, attributes: attributes, line: parser.lineNumber)
            if let parent = stack.last { parent.children.append(element) } else if root == nil { root = element }
            stack.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard let current = stack.last, current.children.isEmpty else { return }
            current.text += string
        }

        func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
            fail(parser, "line \(parser.lineNumber)", "an ENTITY declaration is not accepted in a statement file")
        }

        func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
            fail(parser, "line \(parser.lineNumber)", "an external entity is not accepted in a statement file")
        }

        func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
            fail(parser, "line \(parser.lineNumber)", "an external entity is not accepted in a statement file")
            return nil
        }

        private func fail(_ parser: XMLParser, _ location: String, _ message: String) {
            if failure == nil { failure = BankStatementError(location, message) }
            parser.abortParsing()
        }
    }
}
