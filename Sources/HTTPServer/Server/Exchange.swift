/// The facts about one request needed to encode, log and count its response, on whichever thread.
struct Exchange: Sendable {
    var method: HTTPMethod
    var path: String
    var version: HTTPVersion
    var keepAlive: Bool
    var requestID: String
    var remoteAddress: String
    /// Monotonic time the request was dispatched.
    var start: UInt64
    /// Metrics label: the route name, `unmatched` for 404/405, `invalid` for unparsable requests.
    var routeName: String
    var context: RequestContext

    /// Runs a handler, mapping a thrown ``Problem`` to its response and anything else to a logged, opaque 500.
    static func run(_ route: Route, _ request: Request, logger: any RequestLogger) -> Response {
        do {
            return try route.handler(request)
        } catch let problem as Problem {
            return problem.response(instance: request.path)
        } catch {
            logger.logError("\(route.name) failed: \(String(reflecting: error))", requestID: request.requestID)
            return Problem.internalError(requestID: request.requestID).response(instance: request.path)
        }
    }

    /// Encodes the response and records the log line and metrics; returns the bytes and whether to close.
    func finish(_ response: Response, core: ServerCore) -> (bytes: [UInt8], close: Bool) {
        let close = !keepAlive || core.draining.load(ordering: .relaxed) || ResponseEncoder.requestsClose(response)
        let bytes = ResponseEncoder.encode(response, .init(requestVersion: version, isHead: method == .head,
                                                           keepAlive: !close, requestID: requestID))
        let elapsed = MonotonicClock.now() &- start
        core.metrics.recordRequest(route: routeName, method: method.metricLabel, status: response.status.code,
                                   seconds: Double(elapsed) / 1e9)
        let wall = HTTPDate.now()
        core.logger.log(RequestLogEntry(timeSeconds: wall.seconds, timeNanoseconds: wall.nanoseconds, tenant: context.tenant,
                                        method: method.rawValue, path: path, status: response.status.code,
                                        durationNanoseconds: elapsed, requestID: requestID, remoteAddress: remoteAddress))
        return (bytes, close)
    }
}
