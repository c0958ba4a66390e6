import Foundation
import Postgres
import Store

/// What one documents pass did for one tenant.
public struct DocumentPassOutcome: Sendable {
    public let slug: String
    /// Invoices whose documents were rendered and kept.
    public var kept = 0
    /// Invoices that could not be rendered, with why (tried again next pass).
    public var failures: [(invoiceID: UUID, error: String)] = []
}

/// Renders and keeps the documents of issued invoices that have none yet: those the EOD issued (its batches post
/// without rendering, to keep the posting fast) and any an interrupted request left. Safe on any number of workers:
/// the first rendering kept wins, a second one is dropped.
public struct DocumentPass: Sendable {
    public let service: InvoiceDocumentService
    public let database: TenantDatabase
    /// Invoices rendered per transaction.
    public var batchSize = 100
    /// Invoices looked at per tenant and pass.
    public var limit = 100_000

    public init(service: InvoiceDocumentService, database: TenantDatabase) {
        self.service = service
        self.database = database
    }

    /// Runs over `tenant`'s issued invoices without documents.
    public func run(_ tenant: TenantContext) throws -> DocumentPassOutcome {
        var outcome = DocumentPassOutcome(slug: tenant.slug)
        let pending = try database.transaction(tenant) { db in
            try InvoiceDocumentRepository(db, control: database.control).issuedWithoutPDF(limit: limit)
        }
        var start = 0
        while start < pending.count {
            let chunk = pending[start..<min(start + batchSize, pending.count)]
            start += chunk.count
            try database.transaction(tenant) { db in
                for id in chunk {
                    do {
                        try db.transaction { db in _ = try service.keepDocuments(of: .invoice(id), tenant: tenant, on: db) }
                        outcome.kept += 1
                    } catch let error as PostgresError where Self.endsTransaction(error) {
                        throw error
                    } catch {
                        outcome.failures.append((id, "\(error)"))
                    }
                }
            }
        }
        return outcome
    }

    /// The database went away: the pass stops (the next one picks up), rather than failing every invoice.
    private static func endsTransaction(_ error: PostgresError) -> Bool {
        switch error {
        case .connectionFailed, .connectionLost, .poolClosed, .poolTimeout: true
        default: false
        }
    }
}
