import ArgumentParser
import DocumentArchive
import Foundation
import NotificationDelivery
import Store

/// `recur-worker deliver`: sends the due notifications of every tenant (or one) and exits, or keeps going with
/// `--follow`. Any number of workers on any hosts may run it at once.
struct Deliver: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "E-mails the due notifications (invoices with their PDF, reminders, alerts) through RECUR_SMTP_URL, then exits; --follow keeps going until SIGTERM.")

    @Option(help: "Only this tenant (slug).")
    var tenant: String?

    @Flag(help: "Keep delivering as notifications fall due, until SIGTERM/SIGINT.")
    var follow = false

    @Option(help: "Seconds to wait, when following, after a round that found nothing due (1...3600).")
    var interval: Int = 5

    @Option(help: "Notifications per tenant and round: one tenant's backlog never holds up another's (1...1000).")
    var batchSize: Int = 50

    func validate() throws {
        guard (1...3600).contains(interval) else { throw ValidationError("--interval must be between 1 and 3600 seconds, not \(interval)") }
        guard (1...1000).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 1000, not \(batchSize)") }
    }

    func run() {
        let stop = follow ? StopSignal.install() : nil
        do {
            let worker = try WorkerEnvironment(concurrency: 1, databaseSlots: nil)
            var pass = try DeliveryPass.make(worker)
            pass.batchSize = batchSize
            var totals = DeliveryRoundOutcome(slug: "")
            repeat {
                var claimed = 0
                for tenant in try worker.tenantList(slug: tenant) where stop?.isSet != true {
                    let round = try pass.run(tenant)
                    claimed += round.claimed
                    if round.claimed > 0 { print(describe(round)) }
                    totals.add(round)
                }
                if claimed == 0 {
                    guard let stop else { break }
                    stop.wait(seconds: interval)
                }
            } while stop?.isSet != true
            print("delivered: \(totals.sent) sent, \(totals.retrying) to retry, \(totals.failed) failed, \(totals.cancelled) cancelled")
            worker.pool.close()
        } catch {
            exitWithError(error)
        }
    }
}

/// `acme: 3 sent, 1 to retry, 0 failed, 0 cancelled (1 after an unknown outcome)`.
func describe(_ round: DeliveryRoundOutcome) -> String {
    "\(round.slug): \(round.sent) sent, \(round.retrying) to retry, \(round.failed) failed, \(round.cancelled) cancelled"
        + (round.unknown > 0 ? " (\(round.unknown) after an unknown outcome)" : "")
}

extension DeliveryRoundOutcome {
    mutating func add(_ other: DeliveryRoundOutcome) {
        sent += other.sent
        retrying += other.retrying
        failed += other.failed
        cancelled += other.cancelled
        unknown += other.unknown
    }
}

extension DeliveryPass {
    /// The pass over the worker's database and the environment's relay; exit code 2 when no relay is configured.
    static func make(_ worker: WorkerEnvironment) throws -> DeliveryPass {
        guard let relay = try relayConfiguration() else {
            throw WorkerFailure(message: "RECUR_SMTP_URL is not set: there is no relay to deliver e-mails through", exitCode: 2)
        }
        return DeliveryPass(
            database: TenantDatabase(pool: worker.pool, control: worker.tenants.control), relay: relay,
            documents: try? InvoiceDocumentService(control: worker.tenants.control))
    }

    /// The environment's relay, `nil` when none is set; exit code 2 when its settings are wrong.
    static func relayConfiguration() throws -> RelayConfiguration? {
        do {
            return try RelayConfiguration.fromEnvironment()
        } catch {
            throw WorkerFailure(message: "\(error)", exitCode: 2)
        }
    }
}
