import NIOCore
import NIOHTTP1

/// A request as routes see it.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The path without the query, percent-decoding left to the route.
    public var path: String
    public var query: String?
    public var headers: HTTPHeaders

    public init(method: HTTPMethod, path: String, query: String? = nil, headers: HTTPHeaders = [:]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
    }

    init(head: HTTPRequestHead) {
        let parts = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.init(method: head.method, path: String(parts.first ?? "/"), query: parts.count > 1 ? String(parts[1]) : nil,
                  headers: head.headers)
    }
}

public struct HTTPResponse: Sendable {
    public enum Body: Sendable {
        case bytes([UInt8])
        /// Streamed from disk in chunks, with its size as Content-Length; 404 if it is missing or
        /// not a regular file. The route builds the path, so the route must keep it inside its
        /// storage root (reject `..`).
        case file(path: String)
    }

    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: Body

    public init(status: HTTPResponseStatus = .ok, headers: HTTPHeaders = [:], body: Body) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func text(_ text: String, status: HTTPResponseStatus = .ok,
                            contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": contentType], body: .bytes(Array(text.utf8)))
    }

    public static func file(_ path: String, contentType: String = "application/octet-stream") -> HTTPResponse {
        HTTPResponse(headers: ["Content-Type": contentType], body: .file(path: path))
    }
}

/// One entry of the route table.
public struct HTTPRoute: Sendable {
    public enum Match: Sendable, Equatable {
        case exact(String)
        /// Any path starting with this (e.g. `/gitrepository/` for artifacts).
        case prefix(String)

        func matches(_ path: String) -> Bool {
            switch self {
            case .exact(let p): return path == p
            case .prefix(let p): return path.hasPrefix(p)
            }
        }
    }

    public var method: HTTPMethod
    public var match: Match
    public var handler: @Sendable (HTTPRequest) async -> HTTPResponse

    public init(_ method: HTTPMethod, _ match: Match, handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) {
        self.method = method
        self.match = match
        self.handler = handler
    }

    public static func get(_ path: String, handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) -> HTTPRoute {
        HTTPRoute(.GET, .exact(path), handler: handler)
    }

    /// The first route matching path and method (HEAD uses GET routes); 405 with `Allow` when
    /// only the path matches; 404 when nothing does.
    public static func respond(to request: HTTPRequest, routes: [HTTPRoute]) async -> HTTPResponse {
        let onPath = routes.filter { $0.match.matches(request.path) }
        guard !onPath.isEmpty else { return .text("not found\n", status: .notFound) }
        let method = request.method == .HEAD ? .GET : request.method
        if let route = onPath.first(where: { $0.method == method }) { return await route.handler(request) }
        var response = HTTPResponse.text("method not allowed\n", status: .methodNotAllowed)
        var allowed: [String] = []
        for route in onPath where !allowed.contains(route.method.rawValue) { allowed.append(route.method.rawValue) }
        if allowed.contains("GET") { allowed.append("HEAD") }
        response.headers.add(name: "Allow", value: allowed.joined(separator: ", "))
        return response
    }
}
