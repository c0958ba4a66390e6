import Foundation
import Store
import TestSupport

/// A temporary sql folder: the repository's control and tenant files, plus `extraTenant` (file name → SQL).
final class MigrationFolder {
    let url: URL

    init(extraTenant: [String: String] = [:], dropping: Set<String> = []) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(TestDatabase.uniqueName("recur_sql"))
        let real = try SQLDirectory.locate()
        for scope in ["control", "tenant"] {
            let target = url.appendingPathComponent(scope)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            let source = real.appendingPathComponent(scope)
            for name in try FileManager.default.contentsOfDirectory(atPath: source.path) where !dropping.contains(name) {
                try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: target.appendingPathComponent(name))
            }
        }
        for (name, sql) in extraTenant {
            try sql.write(to: url.appendingPathComponent("tenant").appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    func write(_ scope: String, _ name: String, _ sql: String) throws {
        try sql.write(to: url.appendingPathComponent(scope).appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func load() throws -> MigrationSet { try MigrationSet.load(from: url) }

    deinit { try? FileManager.default.removeItem(at: url) }
}
