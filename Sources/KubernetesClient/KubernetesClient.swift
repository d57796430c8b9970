import AsyncHTTPClient
import Foundation
import Logging
import Manifests
import NIOCore
import NIOHTTP1
import NIOSSL

/// A client for one Kubernetes API server, working on untyped objects (``JSONValue``).
///
/// Cheap to copy: copies share one connection pool (HTTP/2 when the server offers it, so many
/// requests in parallel ride one connection), one rate limiter and one discovery cache.
/// ``impersonating(_:)`` gives a copy that acts as another user. Call ``shutdown()`` once on
/// the client you made when done.
public struct KubernetesClient: Sendable {
    let transport: Transport
    public let impersonation: Impersonation?

    public var config: ClientConfig { transport.config }
    /// The namespace used when a namespaced object or request names none.
    public var defaultNamespace: String { transport.config.namespace }

    public init(config: ClientConfig, logger: Logger = Logger(label: "ferry.kubernetes")) throws {
        transport = try Transport(config: config, logger: logger)
        impersonation = config.impersonation
    }

    /// Loads a kubeconfig (or the in-cluster config) and connects.
    public init(kubeconfig: String? = nil, context: String? = nil) throws {
        try self.init(config: ClientConfig.load(kubeconfig: kubeconfig, context: context))
    }

    init(transport: Transport, impersonation: Impersonation?) {
        self.transport = transport
        self.impersonation = impersonation
    }

    /// The same client acting as another user (nil: as itself). Shares connections and caches.
    public func impersonating(_ who: Impersonation?) -> KubernetesClient {
        KubernetesClient(transport: transport, impersonation: who)
    }

    public func shutdown() async throws {
        try await transport.http.shutdown()
    }

    /// What this client (and every copy sharing its connections) has sent so far.
    public var statistics: RequestStatistics { transport.counters.withLock { $0 } }
}

/// Counters of a client's traffic, for metrics and tests.
public struct RequestStatistics: Sendable {
    /// Requests sent, retries included.
    public var requests = 0
    /// Answers of 429 Too Many Requests (or 503 with Retry-After) that were retried after waiting.
    public var throttledRetries = 0
}

/// A raw answer: status, headers and the whole body.
public struct RawResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: ByteBuffer
}

final class Transport: Sendable {
    let config: ClientConfig
    let http: HTTPClient
    let limiter: RateLimiter
    let credentials: CredentialSource
    let discovery: DiscoveryCache
    let logger: Logger
    let counters = Locked(RequestStatistics())

    init(config: ClientConfig, logger: Logger) throws {
        self.config = config
        self.logger = logger
        limiter = RateLimiter(qps: config.qps, burst: config.burst)
        // An exec plugin may hand out a client certificate rather than a token, and TLS needs it
        // before the first connection: run the plugin once now. Its token (if any) is reused for
        // the first requests; a failure here is left for the first request to report.
        var config = config
        var firstExec: ExecCredentialPlugin.Credential?
        if case .exec(let exec) = config.credentials, config.clientCertificatePEM == nil,
           let credential = try? ExecCredentialPlugin.runBlocking(exec) {
            firstExec = credential
            if let cert = credential.clientCertificatePEM, let key = credential.clientKeyPEM {
                config.clientCertificatePEM = cert
                config.clientKeyPEM = key
            }
        }
        credentials = CredentialSource(config.credentials, first: firstExec)
        discovery = DiscoveryCache()
        var tls = TLSConfiguration.makeClientConfiguration()
        do {
            if config.insecureSkipTLSVerify {
                tls.certificateVerification = .none
            } else if let ca = config.caPEM {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
            }
            if let cert = config.clientCertificatePEM, let key = config.clientKeyPEM {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(cert).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
            }
        } catch {
            throw KubeConfigError("the kubeconfig's certificates cannot be read (\(error)); expected PEM data")
        }
        var httpConfig = HTTPClient.Configuration(tlsConfiguration: tls)
        httpConfig.httpVersion = .automatic
        httpConfig.timeout = .init(connect: .seconds(10))
        httpConfig.connectionPool = .init(idleTimeout: .seconds(90), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        // Fail fast ("connection refused") like kubectl instead of retrying until the deadline;
        // callers (controllers) own their retry policy.
        httpConfig.connectionPool.retryConnectionEstablishment = false
        httpConfig.redirectConfiguration = .disallow
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpConfig)
    }
}

extension KubernetesClient {
    /// Sends one request and returns the whole answer, whatever its status. Applies the rate
    /// limit, credentials and impersonation; retries throttled (429) answers as the server asks.
    public func send(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil,
                     contentType: String = "application/json", timeout: Duration? = nil) async throws -> RawResponse {
        var attempt = 0
        var refreshedCredentials = false
        while true {
            attempt += 1
            let response = try await sendOnce(method, path, query: query, body: body, contentType: contentType,
                                              timeout: timeout ?? config.requestTimeout)
            if response.status == 429 || (response.status == 503 && retryAfter(response) != nil), attempt < 6 {
                transport.counters.withLock { $0.throttledRetries += 1 }
                let seconds = max(0, min(retryAfter(response) ?? attempt, 10))  // the server's word, within reason
                try await Task.sleep(for: .seconds(seconds))
                continue
            }
            if response.status == 401, !refreshedCredentials, case .exec = config.credentials {
                refreshedCredentials = true
                await transport.credentials.invalidate()
                continue
            }
            if response.status == 401, !refreshedCredentials, case .tokenFile = config.credentials {
                refreshedCredentials = true
                await transport.credentials.invalidate()
                continue
            }
            return response
        }
    }

    private func retryAfter(_ r: RawResponse) -> Int? {
        r.headers.first { $0.0.lowercased() == "retry-after" }.flatMap { Int($0.1) }
    }

    func makeRequest(_ method: HTTPMethod, _ path: String, query: [(String, String)], body: [UInt8]?,
                     contentType: String) async throws -> HTTPClientRequest {
        var url = config.server + path
        if !query.isEmpty {
            url += "?" + query.map { "\($0.0)=\(Self.percentEncode($0.1))" }.joined(separator: "&")
        }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: config.userAgent)
        if let auth = try await transport.credentials.authorizationHeader() {
            request.headers.add(name: "Authorization", value: auth)
        }
        if let imp = impersonation {
            request.headers.add(name: "Impersonate-User", value: imp.user)
            for g in imp.groups { request.headers.add(name: "Impersonate-Group", value: g) }
            if let uid = imp.uid { request.headers.add(name: "Impersonate-Uid", value: uid) }
        }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return request
    }

    private func sendOnce(_ method: HTTPMethod, _ path: String, query: [(String, String)], body: [UInt8]?,
                          contentType: String, timeout: Duration) async throws -> RawResponse {
        try await transport.limiter.wait()
        let request = try await makeRequest(method, path, query: query, body: body, contentType: contentType)
        transport.counters.withLock { $0.requests += 1 }
        // The deadline covers the whole exchange, body included (AsyncHTTPClient's own
        // deadline stops at the response head).
        let http = transport.http
        do {
            return try await withThrowingTaskGroup(of: RawResponse?.self) { group in
                group.addTask {
                    let response = try await http.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
                    let bytes = try await response.body.collect(upTo: 1 << 30)
                    return RawResponse(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: bytes)
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                guard let first else { throw HTTPClientError.deadlineExceeded }
                return first
            }
        } catch {
            throw transportError(error)
        }
    }

    func transportError(_ error: any Error) -> any Error {
        if error is CancellationError { return error }
        if let e = error as? HTTPClientError {
            if e == .deadlineExceeded || e == .readTimeout || e == .connectTimeout {
                return TransportError(server: config.server, reason: "timed out", isTimeout: true)
            }
            if e == .cancelled { return CancellationError() }
            return TransportError(server: config.server, reason: e.description, isTimeout: false)
        }
        if let ssl = error as? NIOSSLError {
            return TransportError(server: config.server, reason: "TLS handshake failed (\(ssl))", isTimeout: false)
        }
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") {
            return TransportError(server: config.server, reason: "connection refused", isTimeout: false)
        }
        return TransportError(server: config.server, reason: text, isTimeout: false)
    }

    /// Sends a request and decodes a JSON answer; a non-2xx answer becomes an ``APIError``.
    public func requestJSON(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
                            contentType: String = "application/json") async throws -> JSONValue {
        let response = try await send(method, path, query: query, body: body?.jsonBytes(), contentType: contentType)
        return try decode(response, method: method, path: path)
    }

    func decode(_ response: RawResponse, method: HTTPMethod, path: String) throws -> JSONValue {
        let parsed: JSONValue? = response.body.readableBytes == 0 ? nil : response.body.withUnsafeReadableBytes { raw in
            try? JSONValue(jsonBuffer: raw.bindMemory(to: UInt8.self))
        }
        guard (200..<300).contains(response.status) else {
            let retry = response.headers.first { $0.0.lowercased() == "retry-after" }?.1
            throw APIError.from(status: response.status, body: parsed, retryAfterHeader: retry, request: "\(method.rawValue) \(path)")
        }
        guard let parsed else {
            if response.body.readableBytes == 0 { return .null }
            throw ResponseError(request: "\(method.rawValue) \(path)", reason: "the body is not JSON")
        }
        return parsed
    }

    static let unreserved: Set<UInt8> = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

    static func percentEncode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            if unreserved.contains(b) { out.append(Character(Unicode.Scalar(b))) } else { out += String(format: "%%%02X", b) }
        }
        return out
    }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
