import Delivery
import Foundation
import TestSupport

/// `servers/smtp_server.py`: aiosmtpd with STARTTLS and AUTH required, saving what it accepts.
final class SMTPTestServer {
    static let username = "recur-test"
    static let password = "correct horse battery staple"

    let server: ScriptServer
    /// The one login this server accepts.
    let username: String
    let password: String

    init(username: String = SMTPTestServer.username, password: String = SMTPTestServer.password) throws {
        self.username = username
        self.password = password
        let certificate = try TestCertificate.files()
        server = try ScriptServer(
            script: "smtp_server.py",
            arguments: [
                "--cert", certificate.certificate, "--key", certificate.key, "--user", username, "--password", password,
            ])
    }

    /// STARTTLS required, this server's login (or `password` instead), the test certificate trusted, short timeouts.
    func configuration(password: String? = nil, trustTestCertificate: Bool = true) throws
        -> SMTPConfiguration
    {
        SMTPConfiguration(
            url: "smtp://127.0.0.1:\(server.port)", requireTLS: true,
            credentials: SMTPCredentials(username: username, password: password ?? self.password),
            caFile: trustTestCertificate ? try TestCertificate.files().certificate : nil,
            connectTimeout: .seconds(5), timeout: .seconds(10))
    }

    /// The replies to give instead of accepting, used up one per RCPT / DATA (`"drop"`: close after the data).
    func script(rcpt: [String] = [], data: [String] = []) throws {
        try server.control(["rcpt": rcpt, "data": data])
    }

    /// SMTP sessions (connections) so far.
    var sessions: Int { Int(server.text("sessions") ?? "0") ?? 0 }

    /// The accepted messages, in order.
    func messages() throws -> [ReceivedMail] {
        let folder = server.state.appendingPathComponent("messages")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return try names.filter { $0.hasSuffix(".json") }.sorted().map { name in
            let stem = folder.appendingPathComponent(String(name.dropLast(5)))
            let envelope = try JSONDecoder().decode(
                ReceivedMail.Envelope.self, from: Data(contentsOf: stem.appendingPathExtension("json")))
            return ReceivedMail(path: stem.appendingPathExtension("eml").path, envelope: envelope)
        }
    }
}

/// A message the test server accepted: its file and SMTP envelope.
struct ReceivedMail {
    struct Envelope: Decodable {
        var mail_from: String
        var rcpt_tos: [String]
        var session: Int
    }

    var path: String
    var envelope: Envelope

    var bytes: [UInt8] { (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))) ?? [] }

    /// The message as Python's `email` package reads it (`servers/inspect_mail.py`).
    func inspect() throws -> MailInspection { try MailInspection.of(path) }
}

/// What `servers/inspect_mail.py` (Python's `email` package, `policy.default`) makes of a message.
struct MailInspection: Decodable {
    struct Attachment: Decodable {
        var filename: String?
        var content_type: String
        var sha256: String
        var size: Int
    }

    /// Decoded values (RFC 2047 undone) by field name.
    var headers: [String: [String]]
    var raw_headers: [String]
    /// Content types depth-first, one leading space per level.
    var structure: [String]
    var text: String?
    var html: String?
    var attachments: [Attachment]
    var defects: [String]
    var max_line_length: Int
    var bare_newlines: Int

    func header(_ name: String) -> String? { headers[name]?.first }

    /// The text part with its CRLF line endings (as sent) made LF, to compare with the Swift string.
    var plainText: String? { text?.replacing("\r\n", with: "\n") }
    var htmlText: String? { html?.replacing("\r\n", with: "\n") }

    static func of(_ path: String) throws -> MailInspection {
        let result = try TestProcess.run(ScriptServer.python, [ScriptServer.folder.appendingPathComponent("inspect_mail.py").path, path])
        guard result.status == 0 else { throw ScriptServer.Failure(description: "inspect_mail.py: \(result)") }
        return try JSONDecoder().decode(MailInspection.self, from: Data(result.stdout.utf8))
    }

    /// Writes `bytes` to a temporary .eml and inspects it.
    static func of(bytes: [UInt8]) throws -> MailInspection {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("recur-\(UUID().uuidString).eml").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try of(path)
    }
}
