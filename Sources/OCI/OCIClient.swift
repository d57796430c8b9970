import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOSSL

/// A client of one registry speaking the OCI distribution API (`/v2/…`): manifests, blobs,
/// tags, monolithic pushes — with anonymous, basic and bearer-token authentication.
///
/// Authentication follows the registry's lead, as Docker's and ORAS' clients do: a request goes
/// out with what the registry asked for last time for that scope (nothing at first); a 401
/// names the scheme in `WWW-Authenticate`: `Basic` is answered with the credentials, `Bearer`
/// by asking the named token server (`realm`, `service`, `scope`) for a token — with the
/// credentials when there are some, anonymously otherwise — and the request is sent once more.
///
/// Credentials go only to the registry and its token server. Redirects (registries send blob
/// downloads to object storage) are followed by hand, at most five, and never carry them.
public struct OCIClient: Sendable {
    public struct Options: Sendable {
        public var credentials: OCICredentials = .anonymous
        /// Plain HTTP instead of HTTPS (Flux's `insecure`, for registries without TLS).
        public var plainHTTP = false
        /// PEM of the CA that signs the registry's certificate, when not a public one.
        public var caCertificate: [UInt8]?
        /// PEM of a client certificate and its key, for registries that require one.
        public var clientCertificate: [UInt8]?
        public var clientKey: [UInt8]?
        /// Bound for each request (token exchange, manifest, blob, tag page).
        public var timeout: Duration = .seconds(60)
        /// An HTTP proxy every request goes through (registry, token server, redirects).
        public var proxy: OCIProxy?

        public init() {}
    }

    /// `host[:port]`.
    public let registry: String
    public let options: Options
    let authorizations = NIOLockedValueBox<[String: String]>([:])

    /// Largest manifest or tag page read (the distribution spec's suggested 4 MiB).
    public static let maxManifestSize = 4 << 20

    public init(registry: String, options: Options = Options()) {
        self.registry = registry
        self.options = options
    }

    var baseURL: String { (options.plainHTTP ? "http" : "https") + "://" + registry }

    /// An answer, its body read up to the caller's cap.
    struct Response {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        var body: [UInt8]
        /// The address that answered (after redirects).
        var url: String
    }

    /// Sends one request to the registry (`target` is a `/v2/…` path or an absolute URL the
    /// registry gave), authenticating for `scope` as the registry asks. Redirects of GET and HEAD
    /// are followed without credentials. Any status is returned; only transport problems,
    /// oversize bodies and refused authentication throw.
    func send(_ method: HTTPMethod, _ target: String, scope: String, headers extra: [(String, String)] = [],
              body: [UInt8]? = nil, maxSize: Int = OCIClient.maxManifestSize) async throws(OCIError) -> Response {
        let url = target.hasPrefix("/") ? baseURL + target : target
        var retried = false
        while true {
            var headers = extra
            if let authorization = authorizations.withLockedValue({ $0[scope] }) { headers.append(("Authorization", authorization)) }
            let response = try await execute(method, url, headers: headers, body: body, trusted: true, maxSize: maxSize)
            if response.status == .unauthorized, !retried {
                retried = true
                guard let header = response.headers.first(name: "WWW-Authenticate"), let challenge = OCIAuthChallenge.parse(header) else {
                    throw OCIError(.unauthorized, "\(registry): authentication required, but the registry named no scheme")
                }
                let authorization = try await authorize(challenge, scope: scope)
                authorizations.withLockedValue { $0[scope] = authorization }
                continue
            }
            if response.status == .unauthorized || response.status == .forbidden {
                let detail = Self.errorDetail(response.body)
                throw OCIError(.unauthorized, "\(registry): \(method) \(Self.path(of: url)): \(response.status.code) \(response.status.reasonPhrase)"
                               + (detail.map { ": \($0)" } ?? "")
                               + (options.credentials == .anonymous ? " (no credentials were given)" : ""))
            }
            guard [.GET, .HEAD].contains(method), (300...399).contains(Int(response.status.code)), response.status != .notModified else {
                return response
            }
            return try await followRedirects(method, from: url, response: response, maxSize: maxSize)
        }
    }

    private func followRedirects(_ method: HTTPMethod, from url: String, response first: Response,
                                 maxSize: Int) async throws(OCIError) -> Response {
        var response = first
        var current = url
        for _ in 0..<5 {
            guard let location = response.headers.first(name: "Location"),
                  let next = URL(string: location, relativeTo: URL(string: current))?.absoluteURL.absoluteString,
                  next.hasPrefix("http://") || next.hasPrefix("https://") else {
                throw OCIError(.protocolError, "\(registry): redirect from \(Self.path(of: current)) without a usable Location")
            }
            current = next
            response = try await execute(method, next, headers: [], body: nil, trusted: Self.host(of: next) == Self.host(of: baseURL),
                                         maxSize: maxSize)
            guard (300...399).contains(Int(response.status.code)), response.status != .notModified else { return response }
        }
        throw OCIError(.protocolError, "\(registry): more than 5 redirects from \(Self.path(of: url))")
    }

    /// One HTTP exchange, no redirects followed. `trusted`: the registry's own host, which gets
    /// the configured TLS settings (CA, client certificate); other hosts get the system's.
    func execute(_ method: HTTPMethod, _ url: String, headers: [(String, String)], body: [UInt8]?, trusted: Bool,
                 maxSize: Int) async throws(OCIError) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: "ferry")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
            request.headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
        }
        if trusted, url.hasPrefix("https://"), options.caCertificate != nil || options.clientCertificate != nil {
            do { request.tlsConfiguration = try tlsConfiguration() } catch {
                throw OCIError(.tls, "\(registry): failed to configure TLS: \(error)")
            }
        }
        let response: HTTPClientResponse
        do { response = try await Self.httpClient(for: options.proxy).execute(request, timeout: .init(options.timeout)) } catch {
            throw OCIError(.transport, "\(registry): \(method) \(Self.path(of: url)): \(describe(error))")
        }
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maxSize, method != .HEAD {
            throw OCIError(.tooLarge, "\(registry): \(Self.path(of: url)): size \(length) exceeds the limit of \(maxSize) bytes")
        }
        do {
            var buffer = try await response.body.collect(upTo: maxSize)
            return Response(status: response.status, headers: response.headers,
                            body: buffer.readBytes(length: buffer.readableBytes) ?? [], url: url)
        } catch is NIOTooManyBytesError {
            throw OCIError(.tooLarge, "\(registry): \(Self.path(of: url)): size exceeds the limit of \(maxSize) bytes")
        } catch {
            throw OCIError(.transport, "\(registry): \(method) \(Self.path(of: url)): \(describe(error))")
        }
    }

    /// ``describe(_:)`` naming the proxy (never its credentials) when one is set: a refused
    /// connection or a 407 is then the proxy's doing, not the registry's.
    func describe(_ error: any Error) -> String {
        guard let proxy = options.proxy else { return Self.describe(error) }
        if let error = error as? HTTPClientError, error == .proxyAuthenticationRequired {
            return "proxy \(proxy) refused the credentials (407 Proxy Authentication Required)"
                + (proxy.username == nil ? "; the proxy Secret has no username and password" : "")
        }
        if let error = error as? HTTPClientError, error == .invalidProxyResponse {
            return "proxy \(proxy) refused to open a tunnel to \(registry)"
        }
        return Self.describe(error) + " (through proxy \(proxy))"
    }

    func tlsConfiguration() throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let ca = options.caCertificate { tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca)) }
        if let cert = options.clientCertificate, let key = options.clientKey {
            tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(cert).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
        }
        return tls
    }

    /// The distribution spec's error body `{"errors":[{"code","message"}]}` in words.
    static func errorDetail(_ body: [UInt8]) -> String? {
        struct Errors: Decodable { struct Item: Decodable { var code: String?; var message: String? }; var errors: [Item]? }
        guard let items = try? JSONDecoder().decode(Errors.self, from: Data(body)).errors, !items.isEmpty else { return nil }
        return items.map { [$0.code, $0.message].compactMap { $0 }.joined(separator: ": ") }.joined(separator: "; ")
    }

    /// The path and query of `url`, for messages (never a host's credentials: URLs here have none).
    static func path(of url: String) -> String {
        guard let components = URLComponents(string: url) else { return url }
        return components.percentEncodedPath
    }

    static func host(of url: String) -> String? {
        guard let components = URLComponents(string: url), let host = components.host else { return nil }
        return components.port.map { "\(host):\($0)" } ?? host
    }

    /// A transport error in words (AsyncHTTPClient's descriptions are type dumps); the Helm
    /// repository getter uses it too.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout { return "timeout" }
            return "\(error)"
        }
        if let error = error as? NIOSSLError { return "TLS error: \(error)" }
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        return text
    }

    /// One client for every registry in the process (TLS travels per request); it never
    /// follows redirects itself, so credentials cannot ride along.
    static let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)

    /// What every client of the module is made with (the proxied ones add their proxy).
    static var clientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        configuration.redirectConfiguration = .disallow
        return configuration
    }
}
