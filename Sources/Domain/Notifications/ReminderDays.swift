/// Reminder offsets: days before a due date on which a reminder is written (0: on the day). At most
/// ``maxCount`` distinct whole days in ``range`` — the rule of a task's and a recurring task's `reminder_days`.
public enum ReminderDays {
    /// The days an offset may be.
    public static let range = 0...366
    /// How many offsets a list may hold.
    public static let maxCount = 10

    /// What is wrong with `days`, each element at its own index (`reminderDays/3`); `nil` is valid (the tenant's
    /// offsets apply).
    public static func violations(_ days: [Int]?, at path: String) -> [FieldViolation] {
        guard let days else { return [] }
        var errors = [FieldViolation]()
        if days.count > maxCount {
            errors.append(FieldViolation(path: path, code: .invalidValue, message: "must have at most \(maxCount) items"))
        }
        var seen = Set<Int>()
        for (index, day) in days.enumerated() {
            if !range.contains(day) {
                errors.append(
                    FieldViolation(path: "\(path)/\(index)", code: .outOfRange, message: "must be between 0 and 366"))
            } else if !seen.insert(day).inserted {
                errors.append(FieldViolation(path: "\(path)/\(index)", code: .invalidValue, message: "must not repeat a value"))
            }
        }
        return errors
    }
}
