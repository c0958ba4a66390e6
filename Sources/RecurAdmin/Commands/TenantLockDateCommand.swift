import ArgumentParser
import Domain
import Store

/// `recur-admin tenant lock-date <slug> [YYYY-MM-DD | --clear] [--json]`: shows the tenant's lock date, setting it
/// first when a date or `--clear` is given. Unlike `PATCH /v1/tenant`, an operator may move it back (reopen a
/// closed period) or clear it (docs/invoicing.md, "Lock date").
struct TenantLockDateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock-date",
        abstract: "Show or set a tenant's lock date (nothing is posted on or before it).",
        discussion: "Clients move it forward with PATCH /v1/tenant; only this command moves it back or clears it.")

    @OptionGroup var target: TenantSlug
    @Argument(help: "The new lock date (YYYY-MM-DD).")
    var date: String?
    @Flag(help: "Remove the lock date: every period open again.")
    var clear = false

    @OptionGroup var output: JSONFlag

    func run() throws {
        if clear, date != nil { throw AdminError.usage("give a date or --clear, not both") }
        let newDate = try date.map { text in
            guard let parsed = CalendarDate(text) else { throw AdminError.usage("the lock date must be YYYY-MM-DD") }
            return parsed
        }
        let lockDate = try AdminEnvironment.fromProcess().transaction(slug: target.slug) { db in
            let lock = LedgerLock(db)
            if clear || newDate != nil { try lock.set(newDate) }
            return try lock.current().date
        }
        let view = LockDateView(lock_date: lockDate?.description)
        try output.print(view, text: (view.lock_date ?? "none"))
    }
}

/// The lock date as `GET /v1/tenant` shows it.
struct LockDateView: Encodable {
    let lock_date: String?

    private enum CodingKeys: String, CodingKey { case lock_date }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lock_date, forKey: .lock_date)  // null, not absent, while nothing is locked
    }
}
