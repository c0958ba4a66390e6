import Foundation
import HTTPServer

// Usage: http-smoke [port] [loops] [workers] [log]
let arguments = CommandLine.arguments
var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: arguments.count > 1 ? Int(arguments[1]) ?? 8080 : 8080)
if arguments.count > 2, let loops = Int(arguments[2]) { configuration.eventLoopThreads = loops }
if arguments.count > 3, let workers = Int(arguments[3]) { configuration.workerThreads = workers }
let logRequests = arguments.count > 4 && arguments[4] == "log"

let metrics = MetricsRegistry()
var router = Router()
router.get("/healthz", inline: true) { _ in .text("ok") }
router.get("/metrics", inline: true) { _ in .metrics(metrics) }
// Stands in for a DB-backed route: runs on a worker thread.
router.get("/v1/tenant") { request in
    request.context.tenant = "acme"
    return .json(["id": "acme", "name": "Acme Corp", "balance": .number("1234.50")])
}
router.post("/v1/echo") { request in
    let body = try request.jsonObject()
    let name = body.string("name")
    let amount = body.decimalString("amount")
    try body.finish()
    return .json(status: .created) { w in
        w.object { w in
            w.key("name"); w.string(name)
            w.key("amount"); w.number(amount)
        }
    }
}
router.get("/v1/sleep/:ms") { request in
    usleep(UInt32(Int(try request.parameter("ms")) ?? 0) * 1000)
    return .text("slept")
}

let logger: any RequestLogger = logRequests ? StdoutRequestLogger() : NullRequestLogger()
let server = HTTPServer(configuration: configuration, router: router, metrics: metrics, logger: logger)
try server.start()
FileHandle.standardError.write("http-smoke listening on 127.0.0.1:\(server.port)\n".data(using: .utf8)!)
let signals = ShutdownSignals.install(for: server)
server.waitUntilStopped()
withExtendedLifetime(signals) {}
exit(0)
