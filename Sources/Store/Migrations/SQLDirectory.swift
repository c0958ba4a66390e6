import Foundation

/// Finds the folder holding `control/` and `tenant/` migration files.
public enum SQLDirectory {
    /// The environment variable that names the folder explicitly.
    public static let environmentVariable = "RECUR_SQL_DIR"

    /// `$RECUR_SQL_DIR` if set (it must exist), else `<checkout>/sql` found from this source file's path (works
    /// for development, tests and a server run from the checkout), else `./sql`.
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(MigrationError) -> URL {
        if let explicit = environment[environmentVariable], !explicit.isEmpty {
            let url = URL(fileURLWithPath: explicit, isDirectory: true)
            guard isMigrationFolder(url) else {
                throw .sqlDirectoryNotFound(tried: ["\(environmentVariable)=\(explicit)"])
            }
            return url
        }
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent()  // Migrations
            .deletingLastPathComponent()  // Store
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()  // checkout
        let candidates = [
            checkout.appendingPathComponent("sql", isDirectory: true),
            URL(fileURLWithPath: currentDirectory, isDirectory: true).appendingPathComponent("sql", isDirectory: true),
        ]
        if let found = candidates.first(where: isMigrationFolder) { return found }
        throw .sqlDirectoryNotFound(tried: candidates.map(\.path))
    }

    static func isMigrationFolder(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        let control = url.appendingPathComponent(MigrationScope.control.rawValue).path
        return FileManager.default.fileExists(atPath: control, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
