import Domain
import Foundation
import Postgres

/// Posts one occurrence of a recurring invoice setup through the invoicing repository, which creates and issues
/// the invoice (number, lines, statement reference, GL entry), records the occurrence and moves the cursor.
enum RecurringInvoicePosting {
    static func post(setupID: String, occurrence: Occurrence, tenant: TenantContext, on connection: PostgresConnection)
        throws -> String
    {
        guard let id = UUID(uuidString: setupID) else {
            throw PostgresError.invalidUsage("recurring invoice setup id is not a uuid")
        }
        let invoiceID = try RecurringInvoiceSetupRepository(connection).postOccurrenceInvoiceID(
            setupID: id, occurrence: occurrence, context: tenant.scheduleContext)
        return invoiceID.uuidString.lowercased()
    }
}
