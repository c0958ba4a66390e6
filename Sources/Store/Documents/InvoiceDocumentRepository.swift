import Domain
import Foundation
import Postgres

/// A rendered document as stored: an issued invoice's first rendering, kept byte for byte.
public struct StoredInvoiceDocument: Sendable, Hashable {
    public let invoiceID: UUID
    public let format: InvoiceDocumentFormat
    public let body: [UInt8]
    /// SHA-256 of ``body``, computed by PostgreSQL when stored.
    public let sha256: [UInt8]
    /// Which renderer (and version) made it, e.g. `recur-pdf/1`.
    public let renderer: String
    public let createdAt: Date

    /// The SHA-256 as lower-case hex.
    public var sha256Hex: String { sha256.map { String(format: "%02x", $0) }.joined() }
}

/// The formats kept for an issued invoice.
public enum InvoiceDocumentFormat: String, Sendable, Hashable, CaseIterable {
    case pdf, html, cii
}

/// What a document of one invoice is made from, read in one tenant transaction.
public struct InvoiceDocumentSource: Sendable {
    public let invoice: Invoice
    public let document: InvoiceDocument
    public let settings: TenantSettings
}

/// Reads what an invoice's documents print and keeps the documents of issued invoices.
public struct InvoiceDocumentRepository {
    let db: PostgresConnection
    let control: ControlSchema

    public init(_ connection: PostgresConnection, control: ControlSchema = .standard) {
        db = connection
        self.control = control
    }

    /// The invoice with `id` as a document, with the tenant's settings.
    /// - Throws: ``LedgerError/notFound(resource:id:)``.
    public func source(_ invoiceID: UUID, tenant: TenantContext) throws -> InvoiceDocumentSource {
        let invoice = try InvoiceRepository(db).get(invoiceID)
        let party = try PartyRepository(db).get(invoice.partyID)
        let settings = try TenantSettingsRepository(db, control: control).settings()
        let document = try InvoiceDocumentAssembly.document(
            invoice: invoice, party: party, legal: settings.legal, settings: settings.documents, today: tenant.today(),
            taxCodes: try TaxCodeRepository(db).codes(invoice.lines.compactMap(\.taxCodeID)))
        return InvoiceDocumentSource(invoice: invoice, document: document, settings: settings)
    }

    /// The stored document of `format`, if the invoice has one.
    public func stored(_ invoiceID: UUID, _ format: InvoiceDocumentFormat) throws -> StoredInvoiceDocument? {
        try db.query(InvoiceDocumentStatements.read, [invoiceID, format.rawValue]).first.map(Self.document)
    }

    /// The stored documents of `format` of these invoices, in one query (a delivery batch's PDFs), by invoice;
    /// invoices without one are absent.
    public func stored(_ invoiceIDs: [UUID], _ format: InvoiceDocumentFormat) throws -> [UUID: StoredInvoiceDocument] {
        guard !invoiceIDs.isEmpty else { return [:] }
        let rows = try db.query(InvoiceDocumentStatements.readMany, [SQLArray(invoiceIDs), format.rawValue])
        return Dictionary(try rows.map { row in let document = try Self.document(row); return (document.invoiceID, document) },
                          uniquingKeysWith: { first, _ in first })
    }

    /// Keeps the documents of an issued invoice unless it already has them: the first rendering wins, and the one
    /// stored is returned (a concurrent renderer's, when it was first).
    public func keep(_ invoiceID: UUID, _ bodies: [(InvoiceDocumentFormat, [UInt8])], renderer: String) throws
        -> [InvoiceDocumentFormat: StoredInvoiceDocument]
    {
        try db.transaction { db in
            for (format, body) in bodies {
                try db.query(InvoiceDocumentStatements.insert, [invoiceID, format.rawValue, body, renderer])
            }
            var kept: [InvoiceDocumentFormat: StoredInvoiceDocument] = [:]
            for row in try db.query(InvoiceDocumentStatements.readAll, [invoiceID]) {
                let document = try Self.document(row)
                kept[document.format] = document
            }
            return kept
        }
    }

    /// Issued (or paid, or void) invoices that have no stored PDF yet, oldest first: what the worker's documents
    /// pass renders after an EOD.
    public func issuedWithoutPDF(limit: Int) throws -> [UUID] {
        try db.query(InvoiceDocumentStatements.missing, [limit]).map { try $0.decode(UUID.self, "id") }
    }

    static func document(_ row: PostgresRow) throws -> StoredInvoiceDocument {
        let format = try row.decode(String.self, "format")
        guard let parsed = InvoiceDocumentFormat(rawValue: format) else {
            throw LedgerError.conflict("unknown stored document format \(format)")
        }
        return StoredInvoiceDocument(
            invoiceID: try row.decode(UUID.self, "invoice_id"), format: parsed,
            body: try row.decode([UInt8].self, "body"), sha256: try row.decode([UInt8].self, "sha256"),
            renderer: try row.decode(String.self, "renderer"), createdAt: try row.decode(Date.self, "created_at"))
    }
}

/// The stored documents' SQL.
enum InvoiceDocumentStatements {
    static let columns = "invoice_id, format, body, sha256, renderer, created_at"

    static let read = PostgresStatement(
        "documents_read", "SELECT \(columns) FROM invoice_documents WHERE invoice_id = $1 AND format = $2")

    static let readMany = PostgresStatement(
        "documents_read_many", "SELECT \(columns) FROM invoice_documents WHERE invoice_id = ANY($1::uuid[]) AND format = $2")

    static let readAll = PostgresStatement(
        "documents_read_all", "SELECT \(columns) FROM invoice_documents WHERE invoice_id = $1")

    /// $1 invoice, $2 format, $3 body, $4 renderer. Only for an invoice that is not a draft.
    static let insert = PostgresStatement(
        "documents_insert",
        """
        INSERT INTO invoice_documents (invoice_id, format, body, renderer)
        SELECT $1, $2, $3, $4
        WHERE EXISTS (SELECT 1 FROM invoices WHERE id = $1 AND status <> 'draft')
        ON CONFLICT (invoice_id, format) DO NOTHING
        """)

    static let missing = PostgresStatement(
        "documents_missing",
        """
        SELECT i.id FROM invoices i
        WHERE i.status <> 'draft'
          AND NOT EXISTS (SELECT 1 FROM invoice_documents d WHERE d.invoice_id = i.id AND d.format = 'pdf')
        ORDER BY i.issued_at, i.id LIMIT $1
        """)
}
