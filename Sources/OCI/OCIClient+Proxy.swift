import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers

/// An HTTP proxy the registry client goes through (Flux's `spec.proxySecretRef`: `address`,
/// `username`, `password`).
///
/// AsyncHTTPClient reaches every target through the proxy with `CONNECT host:port` — plain-HTTP
/// registries too (Go's client would send those as absolute-URI requests instead), so the proxy
/// must allow CONNECT to the registry's port. The credentials go in the CONNECT request's
/// `Proxy-Authorization: Basic` header, never to the registry. Loopback targets are not exempt:
/// with a proxy set, every request goes through it.
///
/// `description` names only `host:port`, so a proxy interpolated into a message or log line
/// never carries its password.
public struct OCIProxy: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?

    public init(host: String, port: Int, username: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
    }

    /// Reads an address `http://host[:port]` (port 80 when absent, as Go's client does).
    /// `username`/`password` win over credentials in the address (Flux sets them on the URL when
    /// the Secret has both). Other schemes (`https://`, `socks5://`) are refused: AsyncHTTPClient
    /// neither speaks TLS to a proxy nor authenticates to a SOCKS one. The error never echoes the
    /// address, which may hold credentials.
    public init(address: String, username: String? = nil, password: String? = nil) throws(OCIError) {
        let text = address.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw OCIError(.invalidReference, "invalid proxy address: must be a URL such as http://proxy.example.com:3128")
        }
        guard scheme == "http" else {
            throw OCIError(.invalidReference, "invalid proxy address: scheme '\(scheme)' is not supported, only http:// proxies are")
        }
        guard components.path.isEmpty || components.path == "/", components.query == nil else {
            throw OCIError(.invalidReference, "invalid proxy address: must be http://host:port, without a path or query")
        }
        let port = components.port ?? 80
        guard (1...65535).contains(port) else { throw OCIError(.invalidReference, "invalid proxy address: port out of range") }
        let nonEmpty = { (value: String?) in value.flatMap { $0.isEmpty ? nil : $0 } }
        if let username = nonEmpty(username), let password {
            self.init(host: host, port: port, username: username, password: password)
        } else {
            self.init(host: host, port: port, username: nonEmpty(components.user), password: components.password)
        }
    }

    /// Flux's proxy Secret: `address` (required), `username`, `password`. The messages name keys,
    /// never values.
    public init(proxySecret data: [String: [UInt8]]) throws(OCIError) {
        guard let address = data["address"].map({ String(decoding: $0, as: UTF8.self) }), !address.isEmpty else {
            throw OCIError(.invalidReference, "key 'address' is missing")
        }
        let text = { (key: String) in data[key].map { String(decoding: $0, as: UTF8.self) } }
        try self.init(address: address, username: text("username"), password: text("password"))
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    public var debugDescription: String { "OCIProxy(\(description))" }

    var configuration: HTTPClient.Configuration.Proxy {
        let authorization = username.map { HTTPClient.Authorization.basic(username: $0, password: password ?? "") }
        return .server(host: host, port: port, authorization: authorization)
    }
}

extension OCIClient {
    /// The shared client without a proxy, or the one for `proxy` (AsyncHTTPClient fixes the proxy
    /// per client). Clients per proxy are kept for reuse, at most ``maxProxiedClients``; the
    /// oldest one past that is shut down after a grace period, so requests still on it finish.
    static func httpClient(for proxy: OCIProxy?) -> HTTPClient {
        guard let proxy else { return client }
        let (found, evicted) = proxiedClients.withLockedValue { cache -> (HTTPClient, HTTPClient?) in
            if let client = cache.clients[proxy] { return (client, nil) }
            var configuration = clientConfiguration
            configuration.proxy = proxy.configuration
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            cache.clients[proxy] = client
            cache.order.append(proxy)
            guard cache.order.count > maxProxiedClients else { return (client, nil) }
            return (client, cache.clients.removeValue(forKey: cache.order.removeFirst()))
        }
        if let evicted {
            Task {
                try? await Task.sleep(for: evictionGrace)
                try? await evicted.shutdown()
            }
        }
        return found
    }

    static let maxProxiedClients = 16
    static let evictionGrace: Duration = .seconds(900)

    struct ProxiedClients: Sendable {
        var clients: [OCIProxy: HTTPClient] = [:]
        var order: [OCIProxy] = []
    }

    static let proxiedClients = NIOLockedValueBox(ProxiedClients())
}
