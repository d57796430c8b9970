import Manifests

/// An error answered by the API server, carrying its `Status` object.
///
/// Messages come from the server and the request's method and path only, never from headers,
/// so no credential can end up in one.
public struct APIError: Error, CustomStringConvertible, Sendable {
    /// One field-level cause of an Invalid (422) answer.
    public struct Cause: Sendable, Equatable {
        public var field: String?
        public var reason: String?
        public var message: String
    }

    /// The HTTP status code.
    public var code: Int
    /// The Status `reason` (NotFound, AlreadyExists, Conflict, Invalid, Forbidden, …).
    public var reason: String
    public var message: String
    public var causes: [Cause]
    /// Seconds the server asked the client to wait (Retry-After or details.retryAfterSeconds).
    public var retryAfterSeconds: Int?
    /// `GET /api/v1/namespaces/x/configmaps/y` — what was asked.
    public var request: String

    public init(code: Int, reason: String, message: String, causes: [Cause] = [], retryAfterSeconds: Int? = nil, request: String) {
        self.code = code
        self.reason = reason
        self.message = message
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
        self.request = request
    }

    public var isNotFound: Bool { code == 404 && reason != "MethodNotAllowed" }
    public var isAlreadyExists: Bool { reason == "AlreadyExists" }
    public var isConflict: Bool { code == 409 && reason != "AlreadyExists" }
    public var isInvalid: Bool { code == 422 || reason == "Invalid" }
    public var isForbidden: Bool { code == 403 }
    public var isUnauthorized: Bool { code == 401 }
    /// 410: the resourceVersion asked for is too old; re-list.
    public var isGone: Bool { code == 410 || reason == "Expired" || reason == "Gone" }
    public var isTooManyRequests: Bool { code == 429 }
    /// Worth retrying unchanged: throttling, timeouts and server-side failures.
    public var isTransient: Bool { code == 429 || code == 500 || code == 502 || code == 503 || code == 504 || reason == "Timeout" || reason == "ServerTimeout" }

    public var description: String {
        var text = message.isEmpty ? "\(reason) (\(code))" : message
        if isInvalid, !causes.isEmpty, !causes.allSatisfy({ text.contains($0.message) }) {
            text += ": " + causes.map { [$0.field, $0.message].compactMap { $0 }.joined(separator: ": ") }.joined(separator: "; ")
        }
        return text
    }

    /// Reads a `Status` body; falls back to the HTTP status when the body is something else.
    static func from(status code: Int, body: JSONValue?, retryAfterHeader: String?, request: String) -> APIError {
        let isStatus = body?["kind"]?.stringValue == "Status"
        let reason = (isStatus ? body?["reason"]?.stringValue : nil) ?? defaultReason(code)
        let message = (isStatus ? body?["message"]?.stringValue : nil) ?? "the server answered \(code) \(defaultReason(code)) to \(request)"
        let causes = (body?[path: "details", "causes"]?.arrayValue ?? []).map {
            Cause(field: $0["field"]?.stringValue, reason: $0["reason"]?.stringValue, message: $0["message"]?.stringValue ?? "")
        }
        let retry = retryAfterHeader.flatMap { Int($0) } ?? body?[path: "details", "retryAfterSeconds"]?.intValue
        return APIError(code: code, reason: reason, message: message, causes: causes, retryAfterSeconds: retry, request: request)
    }

    static func defaultReason(_ code: Int) -> String {
        switch code {
        case 400: return "BadRequest"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "NotFound"
        case 405: return "MethodNotAllowed"
        case 406: return "NotAcceptable"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 415: return "UnsupportedMediaType"
        case 422: return "Invalid"
        case 429: return "TooManyRequests"
        case 500: return "InternalError"
        case 503: return "ServiceUnavailable"
        case 504: return "Timeout"
        default: return "Unknown"
        }
    }
}

/// The API server could not be reached or did not answer in time.
public struct TransportError: Error, CustomStringConvertible, Sendable {
    public var server: String
    public var reason: String
    public var isTimeout: Bool
    public var description: String { "cannot reach the Kubernetes API server at \(server): \(reason)" }
}

/// A kind the API server does not serve (no CRD, wrong apiVersion).
public struct UnknownKindError: Error, CustomStringConvertible, Sendable {
    public var gvk: GroupVersionKind
    public var description: String {
        "the API server does not serve kind \(gvk.kind) in \(gvk.apiVersion) (is its CustomResourceDefinition installed?)"
    }
}

/// A response that is not what the Kubernetes API promises.
public struct ResponseError: Error, CustomStringConvertible, Sendable {
    public var request: String
    public var reason: String
    public var description: String { "unexpected answer to \(request): \(reason)" }
}
