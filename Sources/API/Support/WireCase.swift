/// The API's wire casing, decided once: field names and enum values are snake_case (`unit_price`,
/// `partially_paid`); a schedule keeps its own documented camelCase fields (docs/schedule.md).
enum WireCase {
    /// `lines/0/unitPrice` → `/lines/0/unit_price`: a store field path as the request's JSON pointer. Tokens after
    /// `schedule` are left as they are.
    static func pointer(_ path: String) -> String {
        guard !path.isEmpty else { return "" }
        var inSchedule = false
        var tokens = [String]()
        for token in path.split(separator: "/", omittingEmptySubsequences: false) {
            let converted = inSchedule ? String(token) : snakeCase(String(token))
            if converted == "schedule" || converted == "recurring_schedule" { inSchedule = true }
            tokens.append(converted)
        }
        return "/" + tokens.joined(separator: "/")
    }

    /// `unitPrice` → `unit_price`, `partyId` → `party_id`.
    static func snakeCase(_ token: String) -> String {
        var out = ""
        for character in token {
            if character.isUppercase {
                if !out.isEmpty { out.append("_") }
                out += character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }
}
