import Foundation
import TestSupport
import XCTest

/// The dashboard (`/app`) in a real browser: a real `recur-server` on a real PostgreSQL database, two tenants made
/// by `recur-admin`, and `browser/dashboard.py` driving Debian's headless Chromium through Selenium (installed by
/// `deploy/test.sh`: chromium, chromium-driver, python3-selenium under /usr/bin/python3). The script posts known
/// figures through the API and checks the pages against them (charts read back from the SVG, an invoice found, its PDF,
/// a void, logout, a viewer, cross-site posts, another tenant, the browser's console). It fails the test with its
/// whole output; its screenshots (1280 and 390 px) are kept in `.build/artefacts/browser/`.
final class DashboardBrowserTests: XCTestCase {
    private var server: RecurServerProcess?

    override func tearDown() {
        server?.stop()
    }

    func testTheDashboardInChromium() throws {
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
            XCTAssertTrue(FileManager.default.isExecutableFile(atPath: tool), "\(tool) is missing: run deploy/test.sh (apt: chromium chromium-driver)")
        }
        // A platform key, so that TOTP can be set up (its secret is sealed at rest, docs/people.md).
        let secretsKey = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let server = try RecurServerProcess(databasePrefix: "recur_browser", environment: ["RECUR_SECRETS_KEY": secretsKey])
        self.server = server
        var keys: [String] = []
        for (slug, name) in [("acme", "Acme"), ("other", "Other Firm")] {
            let created = try server.admin(["tenant", "create", slug, "--name", name, "--time-zone", "Europe/Paris", "--currency", "EUR"])
            XCTAssertEqual(created.status, 0, "\(created)")
            keys.append(try XCTUnwrap(
                created.stdout.split(whereSeparator: \.isNewline).map(String.init).first { $0.hasPrefix("rk_") }, "no key: \(created)"))
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let artefacts = root.appendingPathComponent(".build/artefacts/browser")
        try? FileManager.default.removeItem(at: artefacts)
        try FileManager.default.createDirectory(at: artefacts, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("browser/dashboard.py")

        let started = Date()
        let result = try TestProcess.run(
            "/usr/bin/python3", [script.path, "http://127.0.0.1:\(server.port)", keys[0], keys[1], artefacts.path])
        let seconds = Date().timeIntervalSince(started)
        print(result.stdout)
        print("browser script: exit \(result.status) in \(String(format: "%.1f", seconds)) s")
        XCTAssertEqual(result.status, 0, "the browser script failed:\n\(result.stdout)\n\(result.stderr)\nserver: \(server.standardError)")
        for shot in ["home-1280.png", "home-390.png"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: artefacts.appendingPathComponent(shot).path)[.size] as? Int) ?? 0
            XCTAssertGreaterThan(size ?? 0, 1000, "screenshot \(shot) missing")
        }
    }
}
