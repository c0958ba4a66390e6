import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a built executable of this package and captures what it prints.
public enum TestProcess {
    /// The outcome of one run.
    public struct Result: Sendable, CustomStringConvertible {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    public struct NotFound: Error, CustomStringConvertible {
        public var name: String
        public var searched: [String]
        public var description: String {
            "executable \(name) not found next to the test bundle (searched \(searched.joined(separator: ", "))); "
                + "build with `swift build --build-tests` first"
        }
    }

    /// The path of the product `name` (e.g. `recur-admin`) in the build folder the tests run from: the
    /// xctest executable (Linux) or bundle (macOS) sits in the same products folder, e.g. `.build/debug/`.
    public static func executable(named name: String) throws -> String {
        var folders: [URL] = []
        let argument0 = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        folders.append(argument0.deletingLastPathComponent())
        folders.append(Bundle.main.bundleURL)
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for folder in folders {
            let candidate = folder.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw NotFound(name: name, searched: folders.map(\.path))
    }

    /// Runs `path` with `arguments`, the test process's environment changed by `environment` (a `nil` value
    /// removes the variable), and waits for it. Output goes through temporary files, so nothing can deadlock on
    /// a full pipe.
    public static func run(_ path: String, _ arguments: [String], environment: [String: String?] = [:]) throws
        -> Result
    {
        try start(path, arguments, environment: environment).wait()
    }

    /// A process started by ``start(_:_:environment:)``.
    public struct Running: Sendable {
        public let pid: pid_t
        let folder: URL

        /// What the process has printed on stdout so far (for a server announcing its port while it runs).
        public func standardOutputSoFar() -> String {
            (try? String(contentsOfFile: folder.appendingPathComponent("stdout").path, encoding: .utf8)) ?? ""
        }

        /// What the process has printed on stderr so far.
        public func standardErrorSoFar() -> String {
            (try? String(contentsOfFile: folder.appendingPathComponent("stderr").path, encoding: .utf8)) ?? ""
        }

        /// Waits for the process to end and returns its status and output (128 + N when killed by signal N).
        public func wait() -> Result {
            defer { try? FileManager.default.removeItem(at: folder) }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            return Result(
                status: exitStatus,
                stdout: (try? String(contentsOfFile: folder.appendingPathComponent("stdout").path, encoding: .utf8)) ?? "",
                stderr: (try? String(contentsOfFile: folder.appendingPathComponent("stderr").path, encoding: .utf8)) ?? "")
        }
    }

    /// Starts `path` in the background (see ``run(_:_:environment:)``); call ``Running/wait()`` to reap it.
    public static func start(_ path: String, _ arguments: [String], environment: [String: String?] = [:]) throws
        -> Running
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recur-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let outPath = folder.appendingPathComponent("stdout").path
        let errPath = folder.appendingPathComponent("stderr").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard spawned == 0 else {
            try? FileManager.default.removeItem(at: folder)
            throw TestDatabase.CommandFailed(command: path, status: spawned)
        }
        return Running(pid: pid, folder: folder)
    }
}
