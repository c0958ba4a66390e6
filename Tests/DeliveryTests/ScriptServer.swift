import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A test server from `servers/`, run by Debian's Python (where apt puts python3-aiosmtpd), with a private state
/// folder; stopped (SIGTERM, reaped) and its folder removed when it goes.
final class ScriptServer {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let python = "/usr/bin/python3"
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("servers")

    let state: URL
    let port: Int
    private let process: TestProcess.Running

    /// Starts `servers/<script>` with `--state <folder>` and `arguments`, and waits until it prints its port.
    init(script: String, arguments: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: ScriptServer.python) else {
            throw Failure(description: "\(ScriptServer.python) is missing: deploy/test.sh installs python3-aiosmtpd")
        }
        state = FileManager.default.temporaryDirectory.appendingPathComponent("recur-delivery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let path = ScriptServer.folder.appendingPathComponent(script).path
        process = try TestProcess.start(ScriptServer.python, [path, "--state", state.path] + arguments)
        let deadline = ContinuousClock.now + .seconds(20)
        var announced: Int?
        while announced == nil, ContinuousClock.now < deadline {
            announced = Int(process.standardOutputSoFar().trimmingCharacters(in: .whitespacesAndNewlines))
            if announced == nil { usleep(20_000) }
        }
        guard let announced else {
            let errors = process.standardErrorSoFar()
            kill(process.pid, SIGKILL)
            _ = process.wait()
            throw Failure(description: "\(script) printed no port within 20 s: \(errors)")
        }
        port = announced
    }

    deinit {
        kill(process.pid, SIGTERM)
        _ = process.wait()
        try? FileManager.default.removeItem(at: state)
    }

    /// Writes `STATE/control.json` (the replies the server scripts next), atomically.
    func control(_ object: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: object)
        try data.write(to: state.appendingPathComponent("control.json"), options: .atomic)
    }

    /// A file of the state folder as text, `nil` when it does not exist (yet).
    func text(_ name: String) -> String? {
        try? String(contentsOf: state.appendingPathComponent(name), encoding: .utf8)
    }

    /// A TCP port on 127.0.0.1 that nothing listens on (bound, then closed at once).
    static func unusedPort() throws -> Int { try TestPorts.unused() }
}

/// A self-signed certificate for `127.0.0.1` (and `localhost`), made once per test run by the openssl CLI.
enum TestCertificate {
    struct Files: Sendable {
        var certificate: String
        var key: String
    }

    static func files() throws -> Files { try made.get() }

    private static let made: Result<Files, ScriptServer.Failure> = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recur-cert-\(UUID().uuidString)")
        let files = Files(
            certificate: folder.appendingPathComponent("cert.pem").path, key: folder.appendingPathComponent("key.pem").path)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let result = try TestProcess.run(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", files.key, "-out", files.certificate,
                ])
            guard result.status == 0 else { return .failure(.init(description: "openssl req: \(result)")) }
            return .success(files)
        } catch {
            return .failure(.init(description: "openssl (deploy/test.sh installs it): \(error)"))
        }
    }()
}
