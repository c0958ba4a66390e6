import Domain
import Mustache

/// HTML invoice and credit-note documents: a Mustache template (the tenant's, or ``defaultTemplate``) rendered with
/// ``InvoiceTemplateContext``. `{{…}}` HTML-escapes every value, so user text (descriptions, names) cannot inject
/// markup through the default template.
public struct InvoiceHTMLRenderer: Sendable {
    /// The largest template accepted, in UTF-8 bytes.
    public static let maxTemplateBytes = 256 * 1024
    /// The template used when a tenant has none (``render(_:template:)`` with `nil`).
    public static let defaultTemplate = DefaultInvoiceTemplate.text

    /// The paper `@page` asks for (`{{page_size}}`).
    public var paper: PaperSize
    private let compiledDefault: MustacheTemplate?

    public init(paper: PaperSize = .a4) {
        self.paper = paper
        compiledDefault = try? MustacheTemplate(string: DefaultInvoiceTemplate.text)
    }

    /// The HTML of `document` through `template` (`nil`: the default template).
    /// - Throws: ``DocumentTemplateError`` when `template` is too large or does not compile.
    public func render(_ document: InvoiceDocument, template: String?) throws(DocumentTemplateError) -> String {
        let compiled: MustacheTemplate
        if let template {
            compiled = try Self.compile(template)
        } else if let compiledDefault {
            compiled = compiledDefault
        } else {
            compiled = try Self.compile(DefaultInvoiceTemplate.text)
        }
        return compiled.render(InvoiceTemplateContext.values(for: document, paper: paper))
    }

    /// Checks a tenant's template before it is saved: at most ``maxTemplateBytes``, compiles, and renders something
    /// visible for the sample invoice in French and in English and for a draft.
    /// - Throws: ``DocumentTemplateError`` naming the first problem (Mustache's, with line and column).
    public static func validate(template: String) throws(DocumentTemplateError) {
        let compiled = try compile(template)
        let samples: [(String, InvoiceDocument)] = [
            ("French sample invoice", .sample(lineCount: 3, locale: .fr)),
            ("English sample invoice", .sample(lineCount: 3, locale: .en)),
            ("sample draft", .sample(lineCount: 3, locale: .fr, isDraft: true)),
        ]
        for (name, document) in samples {
            let html = compiled.render(InvoiceTemplateContext.values(for: document))
            guard !TextField.isBlank(html) else { throw .emptyOutput(sample: name) }
        }
    }

    /// The compiled template, or the error naming why not.
    static func compile(_ template: String) throws(DocumentTemplateError) -> MustacheTemplate {
        try MustacheCompiler.compile(template, maxBytes: maxTemplateBytes)
    }
}
