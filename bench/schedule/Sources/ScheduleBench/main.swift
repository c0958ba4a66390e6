// Throughput of the schedule engine on one core, and memory while streaming.
//
//   occurrences/s for a monthly rule and an every-N-days rule (goal ≥ 10 million/s in release)
//   peak RSS (VmHWM) before and after streaming 100 million occurrences: it must stay flat.

import Domain

#if canImport(Glibc)
    import Glibc
#endif

/// Peak resident set size in kB, from /proc/self/status (VmHWM); -1 where unavailable.
func peakRSSKilobytes() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return -1 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmHWM:") {
            return Int(text.dropFirst(6).filter(\.isNumber)) ?? -1
        }
    }
    return -1
}

func seconds(_ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    let elapsed = clock.measure(body)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// Streams `n` occurrences of `s` (restarting from the first when a bounded schedule runs out) and folds
/// every field into a checksum so that nothing is optimised away.
func stream(_ s: Schedule, _ n: Int) -> (checksum: Int, count: Int) {
    let occurrences = s.occurrences(context: .calendarYear)
    var checksum = 0, produced = 0
    while produced < n {
        for o in occurrences.prefix(n - produced) {
            checksum &+= o.index &+ o.postingDate.day &+ o.dueDate.month &+ o.periodStart.year &+ o.periodEnd.day
            produced += 1
        }
    }
    return (checksum, produced)
}

func schedule(_ rule: ScheduleRule, _ start: String) -> Schedule {
    guard let date = CalendarDate(start), let s = try? Schedule(rule: rule, start: date) else {
        fatalError("invalid benchmark schedule")
    }
    return s
}

let rules: [(String, Schedule)] = [
    ("monthly, day 31 clamped (0001-01-31 …)", schedule(.monthly(interval: 1, day: .dayOfMonth(31)), "0001-01-31")),
    ("every 45 days (mixerpDuration)", schedule(.mixerpDuration(everyDays: 45), "0001-01-01")),
    ("daily", schedule(.daily(interval: 1), "0001-01-01")),
    ("monthly, 2nd Tuesday", schedule(.monthly(interval: 1, day: .weekday(.tuesday, ordinal: 2)), "0001-01-01")),
    ("weekly Mon/Wed/Fri", schedule(.weekly(interval: 1, weekdays: [.monday, .wednesday, .friday]), "0001-01-01")),
]

print("schedule engine benchmark (one thread)")
let perRule = 20_000_000
for (name, s) in rules {
    _ = stream(s, 1_000_000)  // warm up
    var result = (checksum: 0, count: 0)
    let t = seconds { result = stream(s, perRule) }
    let rate = Double(result.count) / t / 1e6
    print("  \(name): \(String(format: "%.1f", rate)) million occurrences/s  (\(result.count) in \(String(format: "%.2f", t)) s, checksum \(result.checksum))")
}

// Random access: occurrence(at:) and the EOD window query on an old schedule.
do {
    let s = schedule(.monthly(interval: 1, day: .dayOfMonth(31)), "0001-01-31")
    let occurrences = s.occurrences(context: .calendarYear)
    var checksum = 0
    let n = 5_000_000
    let t = seconds {
        for i in 0..<n {
            let k = (i &* 7919) % occurrences.count
            checksum &+= occurrences.occurrence(at: k)?.dueDate.day ?? 0
        }
    }
    print("  occurrence(at:) random access, monthly: \(String(format: "%.1f", Double(n) / t / 1e6)) million lookups/s (checksum \(checksum))")
    let daily = schedule(.daily(interval: 1), "1900-01-01").occurrences(context: .calendarYear)
    guard let cursor = CalendarDate("2026-01-01"), let asOf = CalendarDate("2026-04-01") else { fatalError() }
    var found = 0
    let q = 1_000_000
    let tq = seconds { for _ in 0..<q { found &+= daily.posted(after: cursor, through: asOf).count } }
    print("  posted(after:through:) window on a schedule started 1900: \(String(format: "%.0f", tq / Double(q) * 1e9)) ns per query (\(found / q) occurrences each)")
}

// Memory: stream 100 million occurrences; peak RSS must not grow.
let before = peakRSSKilobytes()
let total = 100_000_000
var sum = 0
let tm = seconds {
    sum = stream(schedule(.daily(interval: 1), "0001-01-01"), total / 2).checksum
        &+ stream(schedule(.monthly(interval: 1, day: .dayOfMonth(31)), "0001-01-31"), total / 2).checksum
}
let after = peakRSSKilobytes()
print("streamed \(total) occurrences in \(String(format: "%.2f", tm)) s (checksum \(sum))")
print("peak RSS (VmHWM) before: \(before) kB, after: \(after) kB")
