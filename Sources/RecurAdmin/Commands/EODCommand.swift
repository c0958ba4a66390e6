import ArgumentParser
import Domain
import EOD
import Foundation
import Store

/// `recur-admin eod status [--tenant <slug>] [--limit N] [--json]`
struct EODCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eod", abstract: "Inspect end-of-day runs (the worker posts them: recur-worker).",
        subcommands: [EODStatusCommand.self])
}

struct EODStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "The latest EOD runs, newest first: tenant, as-of date, status, postings per kind, error.")

    @Option(help: "Only this tenant's runs.")
    var tenant: String?

    @Option(help: "How many runs (1-1000).")
    var limit: Int = 20

    @OptionGroup var output: JSONFlag

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
    }

    func run() throws {
        let environment = try AdminEnvironment.fromProcess()
        let tenantID = try tenant.map { try environment.tenants().tenant(slug: $0).id }
        let runs = try EODRunner(pool: environment.pool, control: environment.control, sources: [])
            .runs(tenantID: tenantID, limit: limit)
        if output.json {
            Output.out(try JSONOutput.render(runs.map(EODRunJSON.init)))
            return
        }
        if runs.isEmpty {
            Output.out("no EOD runs yet")
            return
        }
        let lines = runs.map { run -> String in
            let counts = run.counts.keys.sorted().map { "\($0)=\(run.counts[$0] ?? 0)" }.joined(separator: " ")
            let error = run.error.map { " error: \($0)" } ?? ""
            return "\(run.id)\t\(run.tenantSlug)\t\(run.asOf)\t\(run.status.wireValue)\t\(run.requestedBy.wireValue)\t\(counts)\(error)"
        }
        Output.out((["run\ttenant\tas_of\tstatus\trequested_by\tcounts"] + lines).joined(separator: "\n"))
    }
}

/// The stable JSON of one run.
struct EODRunJSON: Encodable {
    let run: EODRun

    enum Keys: String, CodingKey {
        case id, tenant, as_of, status, requested_by, worker, started_at, finished_at, counts, error
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(run.id, forKey: .id)
        try container.encode(run.tenantSlug, forKey: .tenant)
        try container.encode(run.asOf.description, forKey: .as_of)
        try container.encode(run.status.wireValue, forKey: .status)
        try container.encode(run.requestedBy.wireValue, forKey: .requested_by)
        try container.encode(run.worker, forKey: .worker)
        try container.encode(run.startedAt, forKey: .started_at)
        try container.encode(run.finishedAt, forKey: .finished_at)
        try container.encode(run.counts, forKey: .counts)
        try container.encode(run.error, forKey: .error)
    }
}
