/// The logic of `recur-admin schedule --rule '<json>' [--from DATE] [--until DATE] [--limit N]
/// [--fiscal-year-start-month M]`: prints occurrences as JSON lines.
///
/// Each line is `{"index":0,"postingDate":"…","dueDate":"…","periodStart":"…","periodEnd":"…"}`.
/// `--from` / `--until` bound the posting date (inclusive). Without `--until` at most ``defaultLimit``
/// lines are printed unless `--limit` says otherwise; with `--until`, all of them unless `--limit` is given.
/// The fiscal year starts in January unless `--fiscal-year-start-month` says otherwise.
public enum ScheduleCommand {
    /// Lines printed when neither `--until` nor `--limit` is given.
    public static let defaultLimit = 100

    /// Parses the options as typed on the command line and prints the occurrences through `write`, one
    /// JSON line per call (without the newline).
    ///
    /// - Throws: ``ScheduleCommandError``, whose `description` is a one-line message for stderr.
    public static func run(
        ruleJSON: String, from: String? = nil, until: String? = nil, limit: String? = nil,
        fiscalYearStartMonth: String? = nil, write: (String) -> Void
    ) throws(ScheduleCommandError) {
        let schedule: Schedule
        do {
            schedule = try Schedule.decode(json: ruleJSON)
        } catch {
            throw .invalidRule(error.errors)
        }
        let fromDate = try from.map { text throws(ScheduleCommandError) in try date(text, option: "--from") }
        let untilDate = try until.map { text throws(ScheduleCommandError) in try date(text, option: "--until") }
        if let fromDate, let untilDate, untilDate < fromDate {
            throw .invalidOption(name: "--until", message: "is before --from")
        }
        var maximum: Int?
        if let limit {
            guard let n = Int(limit), n >= 0 else {
                throw .invalidOption(name: "--limit", message: "must be a whole number ≥ 0, got \"\(limit)\"")
            }
            maximum = n
        }
        var context = ScheduleContext.calendarYear
        if let fiscalYearStartMonth {
            guard let month = Int(fiscalYearStartMonth), let c = ScheduleContext(fiscalYearStartMonth: month) else {
                throw .invalidOption(
                    name: "--fiscal-year-start-month", message: "must be a month 1…12, got \"\(fiscalYearStartMonth)\"")
            }
            context = c
        }
        run(
            schedule: schedule, context: context, from: fromDate, until: untilDate,
            limit: maximum ?? (untilDate == nil ? defaultLimit : nil), write: write)
    }

    /// Prints the occurrences of `schedule` posted in `from…until` (each end optional), at most `limit`.
    public static func run(
        schedule: Schedule, context: ScheduleContext, from: CalendarDate?, until: CalendarDate?, limit: Int?,
        write: (String) -> Void
    ) {
        let window = schedule.occurrences(context: context).posted(in: (from ?? .min)...(until ?? .max))
        for occurrence in window.prefix(limit ?? .max) {
            write(jsonLine(occurrence))
        }
    }

    /// One occurrence as a JSON object on one line, keys in a fixed order.
    public static func jsonLine(_ o: Occurrence) -> String {
        "{\"index\":\(o.index),\"postingDate\":\"\(o.postingDate)\",\"dueDate\":\"\(o.dueDate)\","
            + "\"periodStart\":\"\(o.periodStart)\",\"periodEnd\":\"\(o.periodEnd)\"}"
    }

    private static func date(_ text: String, option: String) throws(ScheduleCommandError) -> CalendarDate {
        guard let date = CalendarDate(text) else {
            throw .invalidOption(name: option, message: "must be a date YYYY-MM-DD, got \"\(text)\"")
        }
        return date
    }
}

/// Why `recur-admin schedule` could not run; `description` is one line for stderr.
public enum ScheduleCommandError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The `--rule` JSON is invalid; every problem is named.
    case invalidRule([FieldViolation])
    /// An option's value is invalid.
    case invalidOption(name: String, message: String)

    public var description: String {
        switch self {
        case .invalidRule(let errors): "invalid rule: " + FieldViolations(errors).description
        case .invalidOption(let name, let message): "invalid \(name): \(message)"
        }
    }
}
