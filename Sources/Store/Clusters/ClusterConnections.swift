import Foundation

/// Where this process finds each cluster's connection details: never in the database (the control schema's
/// `clusters` table holds names only), but in the environment or a secrets file.
///
/// - `RECUR_CLUSTER_<NAME>_URL` (the name upper-cased), one variable per cluster;
/// - `RECUR_CLUSTERS_FILE`, a file of `name=postgresql://…` lines (`#` comments and blank lines ignored), readable
///   by the service user only. A variable wins over the file for the same name.
///
/// The cluster named ``defaultName`` is the one `DATABASE_URL` points at (it also holds the control schema); it
/// needs no entry.
public struct ClusterConnections: Sendable, Hashable {
    /// The cluster every tenant created before the directory lives on: `DATABASE_URL`'s.
    public static let defaultName = "default"

    private let urls: [String: String]
    private let adminURLs: [String: String]

    public init(_ urls: [String: String] = [:], admin adminURLs: [String: String] = [:]) {
        self.urls = urls
        self.adminURLs = adminURLs
    }

    /// The connection string of `cluster`, `nil` when this process was given none.
    public func url(for cluster: String) -> String? { urls[cluster] }

    /// The superuser connection string of `cluster` (`RECUR_CLUSTER_<NAME>_ADMIN_URL`, the default cluster's
    /// too), which only a tenant move needs (PostgreSQL 15 asks a superuser for `CREATE PUBLICATION … FOR TABLES
    /// IN SCHEMA` and `CREATE SUBSCRIPTION`); `nil` when this process was given none.
    public func adminURL(for cluster: String) -> String? { adminURLs[cluster] }

    /// The environment's variable for `cluster`'s superuser connection: `RECUR_CLUSTER_<NAME>_ADMIN_URL`.
    public static func adminVariable(for cluster: String) -> String { "RECUR_CLUSTER_\(cluster.uppercased())_ADMIN_URL" }

    /// The clusters this process has connection details for (besides the default one), sorted.
    public var names: [String] { urls.keys.sorted() }

    /// The environment's variable for `cluster`: `RECUR_CLUSTER_<NAME>_URL`.
    public static func variable(for cluster: String) -> String { "RECUR_CLUSTER_\(cluster.uppercased())_URL" }

    /// Reads `RECUR_CLUSTERS_FILE` (when set) and every `RECUR_CLUSTER_<NAME>_URL` variable.
    /// - Throws: ``ClusterError/connectionsFile(path:reason:)`` when the file cannot be read or a line is not
    ///   `name=url`.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ClusterError) -> ClusterConnections {
        var urls: [String: String] = [:]
        if let path = environment["RECUR_CLUSTERS_FILE"], !path.isEmpty {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw .connectionsFile(path: path, reason: "cannot be read")
            }
            for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty || line.hasPrefix("#") { continue }
                guard let equals = line.firstIndex(of: "="), ClusterName.isValid(String(line[..<equals])),
                    line.index(after: equals) < line.endIndex
                else {
                    // The line may hold a password: name its number only.
                    throw .connectionsFile(path: path, reason: "line \(index + 1) is not name=postgresql://…")
                }
                urls[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
        }
        var adminURLs: [String: String] = [:]
        for (key, value) in environment where key.hasPrefix("RECUR_CLUSTER_") && key.hasSuffix("_URL") && !value.isEmpty {
            if key.hasSuffix("_ADMIN_URL") {
                let name = key.dropFirst("RECUR_CLUSTER_".count).dropLast("_ADMIN_URL".count).lowercased()
                if ClusterName.isValid(name) { adminURLs[name] = value }
                continue
            }
            let name = key.dropFirst("RECUR_CLUSTER_".count).dropLast("_URL".count).lowercased()
            if ClusterName.isValid(name) { urls[name] = value }
        }
        return ClusterConnections(urls, admin: adminURLs)
    }
}

/// A cluster's name as the directory stores it: a lower-case letter, then up to 39 lower-case letters, digits or
/// underscores (the control table's check).
public enum ClusterName {
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), name.unicodeScalars.count <= 40 else {
            return false
        }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}

/// What the tenant directory refuses.
public enum ClusterError: Error, Sendable, Hashable, CustomStringConvertible, CategorizedError {
    case invalidName(String)
    case duplicate(String)
    case notFound(String)
    /// The cluster takes no new tenant (`recur-admin cluster drain`).
    case drained(String)
    /// Every cluster is drained: no tenant can be placed.
    case noClusterOpen
    case connectionsFile(path: String, reason: String)

    public var category: StoreErrorCategory {
        switch self {
        case .invalidName, .connectionsFile: .invalidInput
        case .notFound: .notFound
        case .duplicate, .drained, .noClusterOpen: .conflict
        }
    }

    public var description: String {
        switch self {
        case .invalidName(let name):
            "cluster name \(name.debugDescription) must be a lower-case letter then up to 39 lower-case letters, digits or underscores"
        case .duplicate(let name): "cluster \(name) is already in the directory"
        case .notFound(let name): "no cluster named \(name) in the directory"
        case .drained(let name): "cluster \(name) is drained: it takes no new tenant"
        case .noClusterOpen: "every cluster is drained: no tenant can be placed"
        case .connectionsFile(let path, let reason): "RECUR_CLUSTERS_FILE \(path): \(reason)"
        }
    }
}
