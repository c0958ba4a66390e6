import Domain
import Foundation
import Postgres

/// Whose documents: an invoice's or a credit note's. Both are rendered by the same renderers and kept by the same
/// rules (docs/documents.md); each kind in a table of its own.
public enum DocumentKey: Sendable, Hashable {
    case invoice(UUID)
    case creditNote(UUID)

    /// The invoice's or credit note's id.
    public var id: UUID {
        switch self {
        case .invoice(let id), .creditNote(let id): id
        }
    }

    /// "invoice", "credit note": as 404s name it.
    public var resource: String {
        switch self {
        case .invoice: "invoice"
        case .creditNote: "credit note"
        }
    }

    var statements: DocumentStatements {
        switch self {
        case .invoice: .invoice
        case .creditNote: .creditNote
        }
    }
}

/// A rendered document as stored: an issued invoice's or a credit note's first rendering, kept byte for byte.
public struct StoredInvoiceDocument: Sendable, Hashable {
    public let key: DocumentKey
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

/// The formats kept for an issued invoice or a credit note.
public enum InvoiceDocumentFormat: String, Sendable, Hashable, CaseIterable {
    case pdf, html, cii
}

/// What a document of one invoice or credit note is made from, read in one tenant transaction.
public struct InvoiceDocumentSource: Sendable {
    public let key: DocumentKey
    /// The invoice's or credit note's number; `nil` for a draft invoice.
    public let number: String?
    public let document: InvoiceDocument
    public let settings: TenantSettings
}

/// Reads what an invoice's or a credit note's documents print and keeps the documents of issued invoices and of
/// credit notes.
public struct InvoiceDocumentRepository {
    let db: PostgresConnection
    let control: ControlSchema

    public init(_ connection: PostgresConnection, control: ControlSchema = .standard) {
        db = connection
        self.control = control
    }

    /// The invoice or credit note as a document, with the tenant's settings.
    /// - Throws: ``LedgerError/notFound(resource:id:)``.
    public func source(_ key: DocumentKey, tenant: TenantContext) throws -> InvoiceDocumentSource {
        let settings = try TenantSettingsRepository(db, control: control).settings()
        switch key {
        case .invoice(let id):
            let invoice = try InvoiceRepository(db).get(id)
            let party = try PartyRepository(db).get(invoice.partyID)
            let document = try InvoiceDocumentAssembly.document(
                invoice: invoice, party: party, legal: settings.legal, settings: settings.documents, today: tenant.today(),
                taxCodes: try TaxCodeRepository(db).codes(invoice.lines.compactMap(\.taxCodeID)))
            return InvoiceDocumentSource(key: key, number: invoice.number, document: document, settings: settings)
        case .creditNote(let id):
            let note = try CreditNoteRepository(db).get(id)
            let invoice = try InvoiceRepository(db).get(note.invoiceID)
            let party = try PartyRepository(db).get(note.partyID)
            let document = try InvoiceDocumentAssembly.document(
                creditNote: note, invoice: invoice, party: party, legal: settings.legal, settings: settings.documents,
                taxCodes: try TaxCodeRepository(db).codes(invoice.lines.compactMap(\.taxCodeID)))
            return InvoiceDocumentSource(key: key, number: note.number, document: document, settings: settings)
        }
    }

    /// The stored document of `format`, if the invoice or credit note has one.
    public func stored(_ key: DocumentKey, _ format: InvoiceDocumentFormat) throws -> StoredInvoiceDocument? {
        try db.query(key.statements.read, [key.id, format.rawValue]).first.map { try Self.document($0) { _ in key } }
    }

    /// The number of the invoice or credit note (`nil` for a draft invoice).
    /// - Throws: ``LedgerError/notFound(resource:id:)``.
    public func number(_ key: DocumentKey) throws -> String? {
        guard let row = try db.query(key.statements.number, [key.id]).first else {
            throw LedgerError.notFound(resource: key.resource, id: key.id.uuidString.lowercased())
        }
        return try row.decode(String?.self, "number")
    }

    /// The stored documents of `format` of these invoices, in one query (a delivery batch's PDFs), by invoice;
    /// invoices without one are absent.
    public func stored(_ invoiceIDs: [UUID], _ format: InvoiceDocumentFormat) throws -> [UUID: StoredInvoiceDocument] {
        guard !invoiceIDs.isEmpty else { return [:] }
        let rows = try db.query(InvoiceDocumentStatements.readMany, [SQLArray(invoiceIDs), format.rawValue])
        return Dictionary(try rows.map { row in (try row.decode(UUID.self, "owner_id"), try Self.document(row, DocumentKey.invoice)) },
                          uniquingKeysWith: { first, _ in first })
    }

    /// Keeps the documents of an issued invoice or a credit note unless it already has them: the first rendering
    /// wins, and the one stored is returned (a concurrent renderer's, when it was first).
    public func keep(_ key: DocumentKey, _ bodies: [(InvoiceDocumentFormat, [UInt8])], renderer: String) throws
        -> [InvoiceDocumentFormat: StoredInvoiceDocument]
    {
        let statements = key.statements
        return try db.transaction { db in
            for (format, body) in bodies {
                try db.query(statements.insert, [key.id, format.rawValue, body, renderer])
            }
            var kept: [InvoiceDocumentFormat: StoredInvoiceDocument] = [:]
            for row in try db.query(statements.readAll, [key.id]) {
                let document = try Self.document(row) { _ in key }
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

    /// `kind` names the key's case; the id is the row's.
    static func document(_ row: PostgresRow, _ kind: (UUID) -> DocumentKey) throws -> StoredInvoiceDocument {
        let format = try row.decode(String.self, "format")
        guard let parsed = InvoiceDocumentFormat(rawValue: format) else {
            throw LedgerError.conflict("unknown stored document format \(format)")
        }
        return StoredInvoiceDocument(
            key: kind(try row.decode(UUID.self, "owner_id")), format: parsed,
            body: try row.decode([UInt8].self, "body"), sha256: try row.decode([UInt8].self, "sha256"),
            renderer: try row.decode(String.self, "renderer"), createdAt: try row.decode(Date.self, "created_at"))
    }
}

/// The SQL of one kind's stored documents: the same statements over `invoice_documents` and
/// `credit_note_documents`.
struct DocumentStatements: Sendable {
    let read: PostgresStatement
    let readAll: PostgresStatement
    /// $1 owner, $2 format, $3 body, $4 renderer; nothing for a draft invoice or when the format is kept already.
    let insert: PostgresStatement
    let number: PostgresStatement

    /// `name` prefixes the prepared statements' names; `issued` selects the owner $1 when its documents may be kept.
    init(name: String, table: String, key: String, owner: String, issued: String) {
        let columns = "\(key) AS owner_id, format, body, sha256, renderer, created_at"
        read = PostgresStatement("\(name)_read", "SELECT \(columns) FROM \(table) WHERE \(key) = $1 AND format = $2")
        readAll = PostgresStatement("\(name)_read_all", "SELECT \(columns) FROM \(table) WHERE \(key) = $1")
        insert = PostgresStatement(
            "\(name)_insert",
            """
            INSERT INTO \(table) (\(key), format, body, renderer)
            SELECT $1, $2, $3, $4
            WHERE EXISTS (\(issued))
            ON CONFLICT (\(key), format) DO NOTHING
            """)
        number = PostgresStatement("\(name)_number", "SELECT number FROM \(owner) WHERE id = $1")
    }

    static let invoice = DocumentStatements(
        name: "documents", table: "invoice_documents", key: "invoice_id", owner: "invoices",
        issued: "SELECT 1 FROM invoices WHERE id = $1 AND status <> 'draft'")

    static let creditNote = DocumentStatements(
        name: "credit_note_documents", table: "credit_note_documents", key: "credit_note_id", owner: "credit_notes",
        issued: "SELECT 1 FROM credit_notes WHERE id = $1")
}

/// The invoice documents' SQL beyond ``DocumentStatements``: a delivery batch's PDFs, the documents pass's work.
enum InvoiceDocumentStatements {
    static let readMany = PostgresStatement(
        "documents_read_many",
        """
        SELECT invoice_id AS owner_id, format, body, sha256, renderer, created_at
        FROM invoice_documents WHERE invoice_id = ANY($1::uuid[]) AND format = $2
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
