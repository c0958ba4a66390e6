import ArgumentParser
import DocumentArchive
import Domain
import EOD
import Foundation
import NotificationDelivery
import Store

/// `recur-worker run`: the daemon. Each tenant's EOD for a day runs at the tenant's slot in that day's night
/// window (``NightWindow``), then documents and delivery follow.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Runs as a daemon: each tenant's EOD at its own slot of its local night; stops on SIGTERM/SIGINT.",
        discussion: """
            The EOD for a day runs in that day's night window in the tenant's time zone: it opens at --night-start \
            (on the evening of the day when that is 12:00 or later, else on the morning after it) and lasts \
            --night-hours; each tenant has a fixed place in it, from its id, so that one zone's tenants are spread \
            over the window. A tenant whose place passed while no worker ran is run at once. Environment: \
            RECUR_EOD_NIGHT_START, RECUR_EOD_NIGHT_HOURS (the options win).
            """)

    @Option(help: "Seconds between passes.")
    var interval: Int = 60

    @Option(help: "Tenants run at once, each on its own database connection (1...64). Default: the number of CPU cores.")
    var concurrency: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "At most this many tenants post at once over all workers on the database (1...1024). Default: RECUR_EOD_DATABASE_SLOTS, else no cap.")
    var databaseSlots: Int?

    @Option(help: "Local time (HH:MM or HH:MM:SS) at which each night's EOD window opens. Default: RECUR_EOD_NIGHT_START, else 00:00.")
    var nightStart: String?

    @Option(help: "Length of the night window in hours (0...24, decimals allowed; 0 runs every tenant at the opening). Default: RECUR_EOD_NIGHT_HOURS, else 4.")
    var nightHours: String?

    func validate() throws {
        try validateConcurrency(concurrency)
        try validateDatabaseSlots(databaseSlots)
        guard interval >= 1 else { throw ValidationError("--interval must be at least 1 second") }
        if let nightStart, NightWindow.clockSeconds(nightStart) == nil {
            throw ValidationError("--night-start must be a local time HH:MM or HH:MM:SS, not \(nightStart)")
        }
        if let nightHours, Self.windowSeconds(nightHours) == nil {
            throw ValidationError("--night-hours must be a number of hours from 0 to 24, not \(nightHours)")
        }
    }

    /// Hours as whole seconds of window, or `nil` unless a number from 0 to 24.
    static func windowSeconds(_ hours: String) -> Int? {
        guard let value = Double(hours), value.isFinite, (0...24).contains(value) else { return nil }
        return Int((value * 3_600).rounded())
    }

    /// The window from the options, else from the environment, else ``NightWindow/standard``; exit 2 for an
    /// invalid environment value.
    func nightWindow(environment: [String: String]) throws -> NightWindow {
        let start = nightStart ?? environment["RECUR_EOD_NIGHT_START"].flatMap { $0.isEmpty ? nil : $0 }
        let hours = nightHours ?? environment["RECUR_EOD_NIGHT_HOURS"].flatMap { $0.isEmpty ? nil : $0 }
        guard let startSecond = start.map(NightWindow.clockSeconds) ?? NightWindow.standard.startSecond else {
            throw WorkerFailure(message: "RECUR_EOD_NIGHT_START must be a local time HH:MM or HH:MM:SS, not \(start ?? "")", exitCode: 2)
        }
        guard let lengthSeconds = hours.map(Self.windowSeconds) ?? NightWindow.standard.lengthSeconds,
            let window = NightWindow(startSecond: startSecond, lengthSeconds: lengthSeconds)
        else {
            throw WorkerFailure(message: "RECUR_EOD_NIGHT_HOURS must be a number of hours from 0 to 24, not \(hours ?? "")", exitCode: 2)
        }
        return window
    }

    func run() {
        let stop = StopSignal.install()
        do {
            let window = try nightWindow(environment: ProcessInfo.processInfo.environment)
            let worker = try WorkerEnvironment(concurrency: concurrency, databaseSlots: databaseSlots)
            let documents = try DocumentPass.make(worker)
            let delivery = try DeliveryPasses(worker)
            if delivery.mail.platform == nil { log(DeliveryPasses.mailOff) }
            // A held tenant is logged when its reason changes, not every pass.
            var held: [String: String] = [:]
            let cap = worker.runner.databaseSlots.map { ", at most \($0) over all workers" } ?? ""
            let opening = String(
                format: "%02d:%02d:%02d", window.startSecond / 3_600, window.startSecond / 60 % 60, window.startSecond % 60)
            log(
                "started (pass every \(interval) s, \(concurrency) tenants at once\(cap), night window \(opening) local "
                    + "for \(window.lengthSeconds) s)")
            while !stop.isSet {
                do {
                    let due = try worker.runner.tenantsDue(among: worker.tenantList(slug: nil), window: window)
                    let report = worker.runner.runPass(
                        due: due, requestedBy: .worker, concurrency: worker.concurrency,
                        progress: { log(describe($0)) }, shouldContinue: { !stop.isSet })
                    for (slug, error) in report.errors { log("\(slug): could not run: \(error)") }
                    // The invoices this pass issued get their documents now, so that they are ready to send.
                    for tenant in due.map(\.tenant) where !stop.isSet {
                        let outcome = try documents.run(tenant)
                        if outcome.kept > 0 || !outcome.failures.isEmpty {
                            log("\(tenant.slug): \(outcome.kept) invoices' documents kept, \(outcome.failures.count) failed")
                        }
                    }
                    // Then what is due goes out, every tenant's (reminders fall due on other tenants' days too).
                    for tenant in try worker.tenantList(slug: nil) where !stop.isSet {
                        let (mail, webhooks) = try delivery.run(tenant)
                        if mail.claimed > 0 { log(describe(mail)) }
                        if let reason = mail.held, held[tenant.slug] != reason { log("\(tenant.slug): e-mails held: \(reason)") }
                        held[tenant.slug] = mail.held
                        if webhooks.claimed > 0 { log(describe(webhooks, webhooks: true)) }
                    }
                } catch {
                    // The database may be restarting: say so and try again next pass.
                    log("pass failed: \(error)")
                }
                stop.wait(seconds: interval)
            }
            log("stopped")
            worker.pool.close()
        } catch {
            exitWithError(error)
        }
    }
}
