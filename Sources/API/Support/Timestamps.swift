import Foundation

/// Instants in JSON: ISO 8601 in UTC with milliseconds (`2026-11-23T06:24:08.966Z`).
public enum Timestamps {
    public static func iso8601(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
