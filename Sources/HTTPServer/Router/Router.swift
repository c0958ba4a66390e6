/// Maps method and path to a ``Route``; patterns use literal and `:name` segments (`/v1/invoices/:id`).
///
/// Literal segments win over parameters, with backtracking. `HEAD` is served by the `GET` route (no body).
/// Build the router before starting the server; it is an immutable value afterwards.
///
/// ```swift
/// var router = Router()
/// router.get("/healthz", inline: true) { _ in .text("ok") }
/// router.get("/v1/invoices/:id") { request in try invoices.show(request.parameter("id")) }
/// ```
public struct Router: Sendable {
    private struct Node: Sendable {
        var literals: [String: Int] = [:]
        var parameterName: String?
        var parameterNode: Int?
        var routes: [HTTPMethod: Route] = [:]
    }

    private var nodes: [Node] = [Node()]

    public init() {}

    /// The outcome of ``match(_:path:)``.
    public enum Match: Sendable {
        case found(Route, parameters: [String: String])
        /// The path exists but not for this method; lists the methods that do (with `HEAD` for `GET`).
        case methodNotAllowed([HTTPMethod])
        case notFound
        /// A path segment has a malformed percent-escape.
        case badPath
    }

    /// Registers `handler` for `method` and `pattern`.
    /// - Parameters:
    ///   - name: the metrics label; defaults to `"<METHOD> <pattern>"`.
    ///   - inline: run on the event-loop thread (cheap, non-blocking handlers only).
    /// - Precondition: `pattern` starts with `/`, and no route is registered twice.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, name: String? = nil, inline: Bool = false,
                             _ handler: @escaping Handler) {
        precondition(pattern.hasPrefix("/"), "route pattern must start with '/': \(pattern)")
        var node = 0
        var hasParameters = false
        for segment in Router.segments(of: pattern) {
            if segment.hasPrefix(":") {
                let name = String(segment.dropFirst())
                precondition(!name.isEmpty, "empty parameter name in \(pattern)")
                if let existing = nodes[node].parameterName {
                    precondition(existing == name, "conflicting parameter names :\(existing) and :\(name) in \(pattern)")
                } else {
                    nodes[node].parameterName = name
                    nodes[node].parameterNode = nodes.count
                    nodes.append(Node())
                }
                hasParameters = true
                node = nodes[node].parameterNode ?? 0
            } else {
                let literal = String(segment)
                if let child = nodes[node].literals[literal] {
                    node = child
                } else {
                    nodes[node].literals[literal] = nodes.count
                    nodes.append(Node())
                    node = nodes.count - 1
                }
            }
        }
        precondition(nodes[node].routes[method] == nil, "route registered twice: \(method) \(pattern)")
        nodes[node].routes[method] = Route(method: method, pattern: pattern, name: name ?? "\(method.rawValue) \(pattern)",
                                           inline: inline, handler: handler, hasParameters: hasParameters)
    }

    public mutating func get(_ pattern: String, name: String? = nil, inline: Bool = false, _ handler: @escaping Handler) {
        add(.get, pattern, name: name, inline: inline, handler)
    }

    public mutating func post(_ pattern: String, name: String? = nil, inline: Bool = false, _ handler: @escaping Handler) {
        add(.post, pattern, name: name, inline: inline, handler)
    }

    public mutating func put(_ pattern: String, name: String? = nil, inline: Bool = false, _ handler: @escaping Handler) {
        add(.put, pattern, name: name, inline: inline, handler)
    }

    public mutating func patch(_ pattern: String, name: String? = nil, inline: Bool = false, _ handler: @escaping Handler) {
        add(.patch, pattern, name: name, inline: inline, handler)
    }

    public mutating func delete(_ pattern: String, name: String? = nil, inline: Bool = false, _ handler: @escaping Handler) {
        add(.delete, pattern, name: name, inline: inline, handler)
    }

    /// Every registered route.
    public var routes: [Route] { nodes.flatMap { $0.routes.values } }

    /// Replaces the handler of every registered route with `transform(route)`, e.g. to wrap each in a check
    /// derived from its pattern; methods, patterns, names and matching stay as they are.
    public mutating func wrapHandlers(_ transform: (Route) -> Handler) {
        for index in nodes.indices {
            for (method, route) in nodes[index].routes {
                nodes[index].routes[method] = Route(
                    method: method, pattern: route.pattern, name: route.name, inline: route.inline,
                    handler: transform(route), hasParameters: route.hasParameters)
            }
        }
    }

    private static func segments(of path: String) -> ArraySlice<Substring> {
        path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
    }

    /// Finds the route for `method` and a raw (percent-encoded) `path`.
    public func match(_ method: HTTPMethod, path: String) -> Match {
        guard path.hasPrefix("/") else { return .notFound }
        var decoded: [String] = []
        for segment in Router.segments(of: path) {
            guard let value = PercentDecoding.decode(segment, plusAsSpace: false) else { return .badPath }
            decoded.append(value)
        }
        var captured: [(String, String)] = []
        guard let node = find(0, decoded, 0, &captured) else { return .notFound }
        let routes = nodes[node].routes
        if let route = routes[method] ?? (method == .head ? routes[.get] : nil) {
            var parameters: [String: String] = [:]
            if route.hasParameters {
                parameters.reserveCapacity(captured.count)
                for (name, value) in captured { parameters[name] = value }
            }
            return .found(route, parameters: parameters)
        }
        var allowed = Array(routes.keys)
        if routes[.get] != nil && routes[.head] == nil { allowed.append(.head) }
        return .methodNotAllowed(allowed.sorted { $0.rawValue < $1.rawValue })
    }

    private func find(_ node: Int, _ segments: [String], _ index: Int, _ captured: inout [(String, String)]) -> Int? {
        if index == segments.count { return nodes[node].routes.isEmpty ? nil : node }
        let segment = segments[index]
        if let child = nodes[node].literals[segment], let found = find(child, segments, index + 1, &captured) {
            return found
        }
        if let name = nodes[node].parameterName, let child = nodes[node].parameterNode, !segment.isEmpty {
            captured.append((name, segment))
            if let found = find(child, segments, index + 1, &captured) { return found }
            captured.removeLast()
        }
        return nil
    }
}
