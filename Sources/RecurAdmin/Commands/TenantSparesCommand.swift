import ArgumentParser
import Store

/// `recur-admin tenant spares [--fill N] [--drop-all]`
struct TenantSparesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spares",
        abstract: "Show, build or drop spare tenant schemas (ready empty schemas that `tenant create` renames).",
        discussion: """
            A spare is built from the current tenant migrations; `tenant create` takes one when there is one \
            (a rename instead of building tables, ~10x faster) and builds the schema otherwise. The server keeps \
            RECUR_SPARE_SCHEMAS of them ready in the background; `migrate` drops those built from other files.
            """)

    @Option(name: .long, help: "Build spares until this many are ready (0...1000).")
    var fill: Int?

    @Flag(name: .long, help: "Drop every spare schema.")
    var dropAll = false

    func validate() throws {
        if let fill, !(0...1_000).contains(fill) { throw ValidationError("--fill must be from 0 to 1000, not \(fill)") }
        if fill != nil && dropAll { throw ValidationError("--fill and --drop-all exclude each other") }
    }

    func run() throws {
        let spares = try AdminEnvironment.fromProcess().tenants(creating: true).spares
        if dropAll {
            Output.out("dropped \(try spares.dropAll()) spare schemas")
            return
        }
        if let fill {
            Output.out("built \(try spares.fill(upTo: fill)) spare schemas")
        }
        Output.out("\(try spares.count()) spare schemas ready")
    }
}
