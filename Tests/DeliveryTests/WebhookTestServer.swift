import Delivery
import Foundation

/// `servers/webhook_server.py`: an HTTPS receiver that checks signatures with its own secrets and records deliveries.
final class WebhookTestServer {
    let server: ScriptServer

    init(secrets: [String]) throws {
        let certificate = try TestCertificate.files()
        server = try ScriptServer(
            script: "webhook_server.py",
            arguments: ["--cert", certificate.certificate, "--key", certificate.key] + secrets.flatMap { ["--secret", $0] })
    }

    func url(_ path: String = "/hooks/recur") -> String { "https://127.0.0.1:\(server.port)\(path)" }

    /// The test certificate trusted and loopback allowed (the receiver listens there); `timeout` short for the
    /// sleeping answers.
    static func configuration(
        timeout: Duration = .seconds(10), trustTestCertificate: Bool = true, allowsPrivateNetworks: Bool = true
    ) throws -> WebhookConfiguration {
        WebhookConfiguration(
            caFile: trustTestCertificate ? try TestCertificate.files().certificate : nil, connectTimeout: .seconds(5),
            timeout: timeout, allowsPrivateNetworks: allowsPrivateNetworks)
    }

    /// The next answers, used up one per request: `["status": 500]`, `["sleep": 3]`, `["status": 200, "body_size": 3000]`.
    func script(_ responses: [[String: Int]]) throws { try server.control(["responses": responses]) }

    /// TCP connections accepted so far.
    var connections: Int { Int(server.text("connections") ?? "0") ?? 0 }

    func deliveries() throws -> [ReceivedDelivery] {
        guard let lines = server.text("deliveries.jsonl") else { return [] }
        return try lines.split(separator: "\n").map { try JSONDecoder().decode(ReceivedDelivery.self, from: Data($0.utf8)) }
    }
}

/// One POST as the receiver recorded it.
struct ReceivedDelivery: Decodable {
    var path: String
    var headers: [String: String]
    var body: String
    /// Which of the receiver's secrets verified the signature (`nil`: none did).
    var verified_secret: Int?
    var connection: Int
}
