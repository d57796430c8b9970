import Foundation
import NIOHTTP1

extension OCIClient {
    /// The `Authorization` value answering `challenge` for `scope`.
    ///
    /// - `Basic`: the credentials; without any, an ``OCIError/Kind/unauthorized`` saying so.
    /// - `Bearer`: a token from the challenge's `realm` for its `service` and scope (the
    ///   challenge's own, else `scope`): GET with basic credentials (Docker's token protocol), or
    ///   POST of an identity token as an OAuth2 refresh token; anonymous without credentials.
    func authorize(_ challenge: OCIAuthChallenge, scope: String) async throws(OCIError) -> String {
        switch challenge.scheme {
        case "basic":
            guard case .basic(let user, let password) = options.credentials else {
                throw OCIError(.unauthorized, "\(registry): the registry requires basic authentication and no credentials were given")
            }
            return Self.basic(user, password)
        case "bearer":
            return "Bearer " + (try await token(challenge, scope: scope))
        default:
            throw OCIError(.unauthorized, "\(registry): unsupported authentication scheme '\(challenge.scheme)'")
        }
    }

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    private func token(_ challenge: OCIAuthChallenge, scope: String) async throws(OCIError) -> String {
        guard let realm = challenge.realm, var components = URLComponents(string: realm),
              let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme), components.host != nil else {
            throw OCIError(.unauthorized, "\(registry): bearer challenge without a usable realm")
        }
        // Credentials never travel in clear to a token server of a registry spoken to over TLS.
        if scheme == "http", !options.plainHTTP, options.credentials != .anonymous {
            throw OCIError(.unauthorized, "\(registry): refusing to send credentials to the plain-HTTP token server \(Self.host(of: realm) ?? realm)")
        }
        let scopes = challenge.scopes.isEmpty ? [scope] : challenge.scopes
        var query: [URLQueryItem] = []
        if let service = challenge.service { query.append(URLQueryItem(name: "service", value: service)) }
        let answer: Response
        switch options.credentials {
        case .identityToken(let refreshToken):
            var form = query + [URLQueryItem(name: "grant_type", value: "refresh_token"),
                                URLQueryItem(name: "refresh_token", value: refreshToken),
                                URLQueryItem(name: "client_id", value: "ferry")]
            form += scopes.map { URLQueryItem(name: "scope", value: $0) }
            var body = URLComponents()
            body.queryItems = form
            answer = try await execute(.POST, realm, headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                       body: Array((body.percentEncodedQuery ?? "").utf8), trusted: isRegistryHost(realm),
                                       maxSize: Self.maxManifestSize)
        case .basic(let user, let password):
            components.queryItems = (components.queryItems ?? []) + query + scopes.map { URLQueryItem(name: "scope", value: $0) }
            answer = try await execute(.GET, components.string ?? realm, headers: [("Authorization", Self.basic(user, password))],
                                       body: nil, trusted: isRegistryHost(realm), maxSize: Self.maxManifestSize)
        case .anonymous:
            components.queryItems = (components.queryItems ?? []) + query + scopes.map { URLQueryItem(name: "scope", value: $0) }
            answer = try await execute(.GET, components.string ?? realm, headers: [], body: nil, trusted: isRegistryHost(realm),
                                       maxSize: Self.maxManifestSize)
        }
        guard answer.status == .ok else {
            throw OCIError(.unauthorized, "\(registry): token server \(Self.host(of: realm) ?? realm) refused: "
                           + "\(answer.status.code) \(answer.status.reasonPhrase)"
                           + (options.credentials == .anonymous ? " (no credentials were given)" : ""))
        }
        struct Token: Decodable { var token: String?; var access_token: String? }
        guard let decoded = try? JSONDecoder().decode(Token.self, from: Data(answer.body)),
              let token = decoded.token ?? decoded.access_token, !token.isEmpty else {
            throw OCIError(.unauthorized, "\(registry): token server \(Self.host(of: realm) ?? realm) answered without a token")
        }
        return token
    }

    private func isRegistryHost(_ url: String) -> Bool { Self.host(of: url) == registry }
}
