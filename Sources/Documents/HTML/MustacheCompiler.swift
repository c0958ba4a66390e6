import Mustache
import Synchronization

/// Compiles tenants' Mustache templates (invoice documents, e-mails) with one size rule and Mustache's parser
/// errors in words, so every template a tenant saves is refused the same way. Compiled templates are kept (by
/// output and text, up to ``cacheLimit``): a delivery worker writes thousands of e-mails from the same few
/// templates, and parsing them again for each was an eighth of its CPU (docs/benchmarks.md, "Delivery").
enum MustacheCompiler {
    /// Compiled templates kept at most; past it the cache starts again empty (templates are few and small).
    static let cacheLimit = 256
    private struct Key: Hashable {
        var output: Output
        var template: String
    }
    private static let cache = Mutex<[Key: MustacheTemplate]>([:])

    /// How `{{…}}` escapes values: HTML (the default) or not at all (subjects and plain text).
    enum Output {
        case html, text

        /// The pragma put before a template of this output (none for HTML).
        var pragma: String { self == .text ? "{{% CONTENT_TYPE: TEXT}}" : "" }
    }

    /// The compiled `template`, or the error naming why not (line and column in the tenant's text).
    static func compile(_ template: String, maxBytes: Int, output: Output = .html) throws(DocumentTemplateError) -> MustacheTemplate {
        let bytes = template.utf8.count
        guard bytes <= maxBytes else { throw .tooLarge(bytes: bytes, limit: maxBytes) }
        let key = Key(output: output, template: template)
        if let compiled = cache.withLock({ $0[key] }) { return compiled }
        do {
            let compiled = try MustacheTemplate(string: output.pragma + template)
            cache.withLock {
                if $0.count >= cacheLimit { $0.removeAll(keepingCapacity: true) }
                $0[key] = compiled
            }
            return compiled
        } catch let error as MustacheTemplate.ParserError {
            let line = error.context.lineNumber
            // The pragma sits on the first line, before the tenant's text.
            let column = line == 1 ? max(1, error.context.columnNumber - output.pragma.count) : error.context.columnNumber
            throw .syntax(problem: problem(error.error), line: line, column: column)
        } catch {
            throw .syntax(problem: problem(error), line: nil, column: nil)
        }
    }

    /// Mustache's parser errors in words.
    private static func problem(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return String(describing: error) }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with another name than it was opened with"
        case .unfinishedName: return "a tag is not finished (missing }})"
        case .expectedSectionEnd: return "a section is never closed (missing {{/name}})"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: return "a transform is applied to an inheritance section"
        case .illegalTokenInsideInheritSection: return "an inherit section holds a tag it cannot"
        case .textInsideInheritSection: return "an inherit section holds text"
        case .invalidConfigVariableSyntax: return "a pragma tag is malformed"
        case .unrecognisedConfigVariable: return "a pragma tag names an unknown setting"
        @unknown default: return String(describing: error)
        }
    }
}
