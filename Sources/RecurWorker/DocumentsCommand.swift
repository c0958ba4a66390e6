import ArgumentParser
import DocumentArchive
import Foundation
import Store

/// `recur-worker documents`: renders and keeps the documents of issued invoices that have none yet.
struct Documents: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Renders and keeps the PDF, HTML and Factur-X XML of every issued invoice that has none yet (those the EOD issued), then exits.")

    @Option(help: "Only this tenant (slug).")
    var tenant: String?

    func run() {
        do {
            let worker = try WorkerEnvironment(concurrency: 1, databaseSlots: nil)
            let pass = try DocumentPass.make(worker)
            var failed = 0
            for tenant in try worker.tenantList(slug: tenant) {
                let outcome = try pass.run(tenant)
                for failure in outcome.failures {
                    print("\(tenant.slug): invoice \(failure.invoiceID.uuidString.lowercased()): \(failure.error)")
                }
                failed += outcome.failures.count
                if outcome.kept > 0 || !outcome.failures.isEmpty {
                    print("\(tenant.slug): \(outcome.kept) invoices' documents kept, \(outcome.failures.count) failed")
                }
            }
            if failed > 0 { Foundation.exit(1) }
        } catch {
            exitWithError(error)
        }
    }
}

extension DocumentPass {
    /// The pass over the worker's database; exit code 2 when fonts or the colour profile are missing.
    static func make(_ worker: WorkerEnvironment) throws -> DocumentPass {
        do {
            return DocumentPass(
                service: try InvoiceDocumentService(control: worker.tenants.control),
                database: TenantDatabase(pool: worker.pool, control: worker.tenants.control))
        } catch {
            throw WorkerFailure(message: "documents cannot be rendered: \(error)", exitCode: 2)
        }
    }
}
