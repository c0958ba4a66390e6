import Documents
import Domain
import Foundation
import Postgres
import Store

/// An invoice or credit note document ready to send: its bytes, media type and, when kept (an issued invoice, a
/// credit note), the SHA-256 it was stored with.
public struct RenderedInvoiceDocument: Sendable {
    public let format: InvoiceDocumentFormat
    public let body: [UInt8]
    /// Lower-case hex; `nil` for a draft (never stored).
    public let sha256: String?
    /// A file name for downloads: `FA-2026-000123.pdf`, `draft-<id>.pdf`, `FA-2026-000123-factur-x.xml`.
    public let fileName: String

    public var mediaType: String {
        switch format {
        case .pdf: "application/pdf"
        case .html: "text/html; charset=utf-8"
        case .cii: "application/xml"
        }
    }
}

/// Renders an invoice's or a credit note's documents (PDF/A-3, HTML, Factur-X XML) and keeps the first rendering of
/// an issued invoice or a credit note, so that it reads back byte for byte whatever changes later (template,
/// settings, party, renderer).
///
/// Loads the fonts and the colour profile once; share one value per process.
public struct InvoiceDocumentService: Sendable {
    /// Recorded with every stored document; bump when the renderers' output changes.
    public static let rendererName = "recur-documents/1"

    let pdf: InvoicePDFRenderer
    let html: InvoiceHTMLRenderer
    let control: ControlSchema

    /// - Parameter resources: where fonts and the ICC profile are (Debian paths by default, `RECUR_FONT_DIR` and
    ///   `RECUR_ICC_PROFILE` override them).
    public init(control: ControlSchema = .standard, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws
    {
        pdf = try InvoicePDFRenderer(
            fontFolder: environment["RECUR_FONT_DIR"] ?? FontSet.defaultFolder,
            colorProfilePath: environment["RECUR_ICC_PROFILE"] ?? ColorProfile.defaultPath)
        html = InvoiceHTMLRenderer()
        self.control = control
    }

    /// The document of `format` of the invoice or credit note: the stored one when kept, else rendered (and, for an
    /// issued invoice or a credit note, kept: the first rendering wins). A draft invoice renders with a DRAFT
    /// watermark and is never kept.
    /// - Throws: ``LedgerError/notFound(resource:id:)``; ``LedgerError/conflict(_:)`` for the e-invoice of a draft;
    ///   ``LedgerError/validation(_:)`` listing what EN 16931 needs for an e-invoice and is missing.
    public func document(
        _ format: InvoiceDocumentFormat, of key: DocumentKey, tenant: TenantContext, on db: PostgresConnection
    ) throws -> RenderedInvoiceDocument {
        let repository = InvoiceDocumentRepository(db, control: control)
        if let stored = try repository.stored(key, format) {
            return rendered(stored, number: try repository.number(key))
        }
        let source = try repository.source(key, tenant: tenant)
        if format == .cii {
            if source.document.isDraft { throw LedgerError.conflict("a draft is not an e-invoice: issue it first") }
            try Self.checkEInvoice(source.document)
        }
        if source.document.isDraft {
            return RenderedInvoiceDocument(
                format: format, body: try render(format, source),
                sha256: nil, fileName: Self.fileName(format, number: nil, id: key.id))
        }
        let kept = try keep(source, on: db)
        guard let document = kept[format] else {
            throw LedgerError.conflict("the \(key.resource)'s \(format.rawValue) document could not be kept")
        }
        return rendered(document, number: source.number)
    }

    /// Renders and keeps the documents of an issued invoice or a credit note that has none yet (after issuing it, or
    /// in the worker's documents pass). Returns the PDF's SHA-256.
    @discardableResult
    public func keepDocuments(of key: DocumentKey, tenant: TenantContext, on db: PostgresConnection) throws -> String? {
        let repository = InvoiceDocumentRepository(db, control: control)
        if let stored = try repository.stored(key, .pdf) { return stored.sha256Hex }
        let source = try repository.source(key, tenant: tenant)
        guard !source.document.isDraft else { return nil }
        return try keep(source, on: db)[.pdf]?.sha256Hex
    }

    /// Refuses (422, listing the fields) to issue an invoice the tenant sends as an e-invoice when it misses data
    /// EN 16931 requires. Nothing to check when the tenant does not send e-invoices.
    public func checkIssuable(_ invoiceID: UUID, tenant: TenantContext, on db: PostgresConnection) throws {
        let source = try InvoiceDocumentRepository(db, control: control).source(.invoice(invoiceID), tenant: tenant)
        guard source.settings.documents.eInvoicing else { return }
        // A draft has no number yet: issuing gives it one.
        try LedgerError.check(EInvoiceRequirements.violations(for: source.document).filter { $0.path != "number" })
    }

    /// The Mustache template of the default design.
    public static var defaultTemplate: String { InvoiceHTMLRenderer.defaultTemplate }

    /// Renders a tenant's template against sample invoices; throws 422 at `template` naming the problem.
    public static func checkTemplate(_ template: String) throws {
        do {
            try InvoiceHTMLRenderer.validate(template: template)
        } catch {
            try LedgerError.check([FieldViolation(path: "template", code: .invalidValue, message: "\(error)")])
        }
    }

    static func checkEInvoice(_ document: InvoiceDocument) throws {
        try LedgerError.check(EInvoiceRequirements.violations(for: document))
    }

    private func keep(_ source: InvoiceDocumentSource, on db: PostgresConnection) throws
        -> [InvoiceDocumentFormat: StoredInvoiceDocument]
    {
        let document = source.document
        let xml = EInvoiceRequirements.violations(for: document).isEmpty ? CIIWriter.xml(for: document) : nil
        var bodies: [(InvoiceDocumentFormat, [UInt8])] = []
        if let xml { bodies.append((.cii, xml)) }
        bodies.append((.pdf, try renderPDF(source, facturX: source.settings.documents.eInvoicing ? xml : nil)))
        bodies.append((.html, try renderHTML(source)))
        return try InvoiceDocumentRepository(db, control: control).keep(source.key, bodies, renderer: Self.rendererName)
    }

    private func render(_ format: InvoiceDocumentFormat, _ source: InvoiceDocumentSource) throws -> [UInt8] {
        switch format {
        case .pdf: try renderPDF(source, facturX: nil)
        case .html: try renderHTML(source)
        case .cii: CIIWriter.xml(for: source.document)
        }
    }

    private func renderPDF(_ source: InvoiceDocumentSource, facturX: [UInt8]?) throws -> [UInt8] {
        let settings = source.settings.documents
        let rgb = settings.accentRGB
        return try pdf.render(
            source.document,
            options: PDFRenderOptions(
                paper: settings.paper, facturX: facturX,
                accentColor: RGBColor(red: Double(rgb.red) / 255, green: Double(rgb.green) / 255, blue: Double(rgb.blue) / 255)))
    }

    private func renderHTML(_ source: InvoiceDocumentSource) throws -> [UInt8] {
        var html = self.html
        html.paper = source.settings.documents.paper
        return Array(try html.render(source.document, template: source.settings.documentTemplate).utf8)
    }

    private func rendered(_ stored: StoredInvoiceDocument, number: String?) -> RenderedInvoiceDocument {
        RenderedInvoiceDocument(
            format: stored.format, body: stored.body, sha256: stored.sha256Hex,
            fileName: Self.fileName(stored.format, number: number, id: stored.key.id))
    }

    static func fileName(_ format: InvoiceDocumentFormat, number: String?, id: UUID) -> String {
        let stem = (number ?? "draft-\(id.uuidString.lowercased())").map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }
        switch format {
        case .pdf: return String(stem) + ".pdf"
        case .html: return String(stem) + ".html"
        case .cii: return String(stem) + "-factur-x.xml"
        }
    }
}
