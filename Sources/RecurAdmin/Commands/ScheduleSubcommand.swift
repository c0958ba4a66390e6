import ArgumentParser
import Domain

/// `recur-admin schedule --rule '<json>' [--from DATE] [--until DATE] [--limit N] [--fiscal-year-start-month M]`:
/// a thin shell over ``Domain/ScheduleCommand``.
struct ScheduleSubcommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Print the occurrences of a schedule rule as JSON lines (no database needed).",
        discussion: """
            Each line is {"index":…,"postingDate":"…","dueDate":"…","periodStart":"…","periodEnd":"…"}. \
            --from and --until bound the posting date (inclusive, YYYY-MM-DD). Without --until at most \
            \(ScheduleCommand.defaultLimit) lines unless --limit says otherwise. See docs/schedule.md for rules.
            """)

    @Option(name: .long, help: "The schedule as JSON (docs/schedule.md).")
    var rule: String

    @Option(name: .long, help: "First posting date to print (YYYY-MM-DD).")
    var from: String?

    @Option(name: .long, help: "Last posting date to print (YYYY-MM-DD).")
    var until: String?

    @Option(name: .long, help: "At most this many occurrences.")
    var limit: String?

    @Option(name: .long, help: "Month (1-12) the fiscal year starts in (default 1).")
    var fiscalYearStartMonth: String?

    func run() throws {
        try ScheduleCommand.run(
            ruleJSON: rule, from: from, until: until, limit: limit, fiscalYearStartMonth: fiscalYearStartMonth,
            write: { Output.out($0) })
    }
}
