import Domain
import Foundation
import Postgres

extension RecurringTemplate {
    /// The lifecycle part of a row read with ``RecurringTemplateStatements``'s columns; `schedule` when the
    /// caller has it decoded already (the EOD's batches).
    init(row: PostgresRow, schedule: Schedule? = nil) throws {
        self.init(
            schedule: try schedule ?? StoredSchedule.decode(try row.decode(String.self, "schedule"), column: "schedule"),
            isActive: try row.decode(Bool.self, "is_active"), endedAt: try row.decode(Date?.self, "ended_at"),
            scheduleFinished: try row.decode(Bool.self, "schedule_finished"),
            skipThrough: try row.decode(CalendarDate?.self, "skip_through"),
            lastPostedIndex: try row.decode(Int?.self, "last_posted_index"),
            lastPostedDate: try row.decode(CalendarDate?.self, "last_posted_date"))
    }
}

extension LedgerError {
    /// A template's refusal as the store reports it: a conflict with its state, or an invalid field; `resource`
    /// names the kind in the message.
    init(_ error: RecurringTemplateError, resource: String = "recurring template") {
        let message = error.description(of: resource)
        switch error {
        case .notAnOccurrence: self = .invalid("occurrence", .invalidValue, message)
        case .previewCount: self = .invalid("count", .outOfRange, message)
        case .ended, .scheduleFinished, .paused, .skipped, .alreadyPosted: self = .conflict(message)
        }
    }
}
