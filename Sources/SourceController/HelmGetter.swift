import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import OCI

/// HTTP(S) downloads from Helm chart repositories (index files and chart archives), with the
/// repository's credentials as Flux's `getter` options carry them: basic auth, client
/// certificate and private CA, `passCredentials`, a timeout, and a size cap so a hostile
/// server cannot exhaust memory.
public struct HelmGetter: Sendable {
    /// Credentials and TLS data, read from the HelmRepository's Secrets.
    public struct Options: Sendable, Equatable {
        public var username: String?
        public var password: String?
        /// PEM.
        public var caCertificate: [UInt8]?
        public var clientCertificate: [UInt8]?
        public var clientKey: [UInt8]?
        /// The host credentials belong to; other hosts get none unless ``passCredentials``.
        public var credentialsHost: String?
        public var passCredentials = false
        public var timeout: Duration = .seconds(60)

        public init() {}

        /// Whether the basic credentials may go to `url`'s host.
        func sendsCredentials(to url: URL) -> Bool {
            passCredentials || credentialsHost == nil || url.host == credentialsHost
        }
    }

    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public enum Kind: Sendable { case invalidURL, tls, unauthorized, notFound, tooLarge, transport }
        public var kind: Kind
        public var message: String
        public var description: String { message }
    }

    /// Largest body accepted (Flux's `--helm-index-max-size` and `--helm-chart-max-size` are
    /// 50 MiB and 10 MiB).
    public var maxSize: Int

    public init(maxSize: Int) {
        self.maxSize = maxSize
    }

    /// GET `url`. A non-200 answer, a body over ``maxSize`` or a transport failure is a ``Failure``
    /// whose message names the URL and never a credential.
    public func get(_ url: String, options: Options) async throws(Failure) -> [UInt8] {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
              parsed.host?.isEmpty == false else {
            throw Failure(kind: .invalidURL, message: "invalid URL '\(url)'")
        }
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: "Helm/3.15.4")
        var client = Self.client
        if let user = options.username, let password = options.password, options.sendsCredentials(to: parsed) {
            let token = Data("\(user):\(password)".utf8).base64EncodedString()
            request.headers.add(name: "Authorization", value: "Basic \(token)")
            // A redirect must not carry the credentials to another host, unless passCredentials says so.
            if !options.passCredentials { client = Self.clientWithoutRedirects }
        }
        if scheme == "https", options.caCertificate != nil || options.clientCertificate != nil {
            do { request.tlsConfiguration = try Self.tls(options) } catch {
                throw Failure(kind: .tls, message: "failed to configure TLS for '\(url)': \(error)")
            }
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .init(options.timeout))
        } catch {
            throw Failure(kind: .transport, message: "failed to fetch \(url) : \(Self.describe(error))")
        }
        guard response.status == .ok else {
            _ = try? await response.body.collect(upTo: 1 << 16)
            let kind: Failure.Kind = switch response.status {
            case .unauthorized, .forbidden: .unauthorized
            case .notFound: .notFound
            default: .transport
            }
            throw Failure(kind: kind, message: "failed to fetch \(url) : \(response.status.code) \(response.status.reasonPhrase)")
        }
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maxSize {
            throw tooLarge(url)
        }
        do {
            var buffer = try await response.body.collect(upTo: maxSize)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch is NIOTooManyBytesError {
            throw tooLarge(url)
        } catch {
            throw Failure(kind: .transport, message: "failed to fetch \(url) : \(Self.describe(error))")
        }
    }

    private func tooLarge(_ url: String) -> Failure {
        Failure(kind: .tooLarge, message: "failed to fetch \(url) : size exceeds the limit of \(maxSize) bytes")
    }

    static func tls(_ options: Options) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let ca = options.caCertificate {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
        }
        if let cert = options.clientCertificate, let key = options.clientKey {
            tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(cert).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
        }
        return tls
    }

    /// A transport error in words, as the OCI client says it.
    static func describe(_ error: any Error) -> String { OCIClient.describe(error) }

    /// The clients for every Helm download in the process (TLS settings travel per request):
    /// one following redirects, one — for requests carrying credentials — that does not.
    static let client = makeClient(redirects: .follow(max: 5, allowCycles: false))
    static let clientWithoutRedirects = makeClient(redirects: .disallow)

    private static func makeClient(redirects: HTTPClient.Configuration.RedirectConfiguration) -> HTTPClient {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        configuration.redirectConfiguration = redirects
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }
}
