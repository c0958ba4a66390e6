/// Why a tenant's document template is refused, in words the tenant can act on (the API returns it as a 422).
public enum DocumentTemplateError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The template is longer than the limit (bytes of UTF-8).
    case tooLarge(bytes: Int, limit: Int)
    /// Mustache cannot parse it: the problem, and where (1-based line and column) when known.
    case syntax(problem: String, line: Int?, column: Int?)
    /// It renders to nothing visible for one of the sample documents (named: "French invoice", "draft"…).
    case emptyOutput(sample: String)

    public var description: String {
        switch self {
        case .tooLarge(let bytes, let limit):
            "the template is \(bytes) bytes; at most \(limit) are accepted"
        case .syntax(let problem, let line, let column):
            if let line, let column {
                "the template does not compile: \(problem) at line \(line), column \(column)"
            } else {
                "the template does not compile: \(problem)"
            }
        case .emptyOutput(let sample):
            "the template renders an empty document for the \(sample)"
        }
    }
}
