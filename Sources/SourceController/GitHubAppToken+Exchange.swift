import AsyncHTTPClient
import Foundation
import Manifests
import NIOCore
import NIOHTTP1

/// Installation tokens for GitHub Apps, fetched from the GitHub API and cached.
///
/// The exchange: a JWT signed with the App's key (``GitHubApp/jwt(now:)``) is sent as
/// `Authorization: Bearer` to `POST {base}/app/installations/{id}/access_tokens`, which answers
/// `{token, expires_at}` (an hour). With an installation owner instead of an id, the id is first
/// looked up (`GET {base}/orgs/{owner}/installation`, then `/users/{owner}/installation`).
///
/// Tokens are cached per (base URL, App, installation, key) until 80% of their lifetime has
/// passed, at most an hour (Flux's token cache, after kubelet's rule for ServiceAccount tokens),
/// so a token in use always has minutes left. Callers pass `now`: tests move the clock.
/// Concurrent requests for the same App share one exchange.
public actor GitHubAppTokenSource {
    /// One per controller process, so every GitRepository shares the cache.
    public static let shared = GitHubAppTokenSource()

    struct Cached {
        var token: String
        var refreshAt: Date
    }

    /// An HTTP proxy for the API requests (`spec.proxySecretRef`, as Flux uses it for them too):
    /// the same `http://` proxy, read from the same Secret, that tunnels ssh remotes.
    public typealias Proxy = GitSSHProxy.Configuration

    private var cache: [String: Cached] = [:]
    private var inFlight: [String: Task<Cached, any Error>] = [:]
    private let maxEntries: Int
    /// How many exchanges were made (cache misses), for tests and metrics.
    public private(set) var exchanges = 0

    public init(maxEntries: Int = 1000) {
        self.maxEntries = maxEntries
    }

    /// Git credentials for the App in `secret`: user `x-access-token`, the installation token as the password.
    public func credentials(secret: [String: [UInt8]], proxy: Proxy? = nil, now: Date = Date(),
                            timeout: Duration = .seconds(30)) async throws(GitHubAppError) -> (username: String, password: String) {
        let app = try GitHubApp(secret: secret)
        return (GitHubApp.accessTokenUsername, try await token(for: app, proxy: proxy, now: now, timeout: timeout))
    }

    /// The installation token for `app`, from the cache while it is fresh.
    public func token(for app: GitHubApp, proxy: Proxy? = nil, now: Date = Date(),
                      timeout: Duration = .seconds(30)) async throws(GitHubAppError) -> String {
        if let cached = cache[app.cacheKey], cached.refreshAt > now { return cached.token }
        let task: Task<Cached, any Error>
        if let running = inFlight[app.cacheKey] {
            task = running
        } else {
            exchanges += 1
            task = Task { try await Self.exchange(app: app, proxy: proxy, now: now, timeout: timeout) }
            inFlight[app.cacheKey] = task
        }
        let result = await task.result
        inFlight[app.cacheKey] = nil
        switch result {
        case .success(let fresh):
            store(fresh, for: app.cacheKey, now: now)
            return fresh.token
        case .failure(let error as GitHubAppError):
            throw error
        case .failure(let error):
            throw GitHubAppError(.exchangeFailed, "GitHub App token request to \(app.baseURL) failed: \(error)")
        }
    }

    private func store(_ entry: Cached, for key: String, now: Date) {
        cache = cache.filter { $0.value.refreshAt > now }
        if cache.count >= maxEntries, let soonest = cache.min(by: { $0.value.refreshAt < $1.value.refreshAt })?.key {
            cache[soonest] = nil
        }
        cache[key] = entry
    }

    /// One exchange (and the installation lookup an owner needs).
    static func exchange(app: GitHubApp, proxy: Proxy?, now: Date, timeout: Duration) async throws(GitHubAppError) -> Cached {
        let jwt = try app.jwt(now: now)
        guard let proxy else { return try await exchange(app: app, client: .shared, jwt: jwt, now: now, timeout: timeout) }
        var configuration = HTTPClient.Configuration()
        let authorization = proxy.username.map { HTTPClient.Authorization.basic(username: $0, password: proxy.password ?? "") }
        configuration.proxy = .server(host: proxy.host, port: proxy.port, authorization: authorization)
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let result: Result<Cached, GitHubAppError>
        do { result = .success(try await exchange(app: app, client: client, jwt: jwt, now: now, timeout: timeout)) } catch { result = .failure(error) }
        try? await client.shutdown()
        return try result.get()
    }

    static func exchange(app: GitHubApp, client: HTTPClient, jwt: String, now: Date,
                         timeout: Duration) async throws(GitHubAppError) -> Cached {
        let scrub: @Sendable (String) -> String = { $0.replacingAll(jwt, with: "***") }

        let installationID: Int64
        switch app.installation {
        case .id(let id):
            installationID = id
        case .owner(let owner):
            var answers: [String] = []
            var found: Int64?
            for kind in ["orgs", "users"] where found == nil {
                let response = try await send(client, .GET, app.baseURL + "/\(kind)/\(owner)/installation", jwt: jwt, timeout: timeout)
                if response.status == .ok, let id = (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["id"] as? NSNumber {
                    found = id.int64Value
                } else {
                    answers.append("\(kind): " + describe(response, scrub: scrub))
                }
            }
            guard let found else {
                throw GitHubAppError(.exchangeFailed, "no installation of GitHub App \(app.appID) found for owner '\(owner)' at \(app.baseURL) (\(answers.joined(separator: "; ")))")
            }
            installationID = found
        }

        let url = app.baseURL + "/app/installations/\(installationID)/access_tokens"
        let response = try await send(client, .POST, url, jwt: jwt, timeout: timeout)
        guard (200..<300).contains(response.status.code) else {
            throw GitHubAppError(.exchangeFailed, "GitHub App \(app.appID) installation \(installationID) token request to \(app.baseURL) refused: \(describe(response, scrub: scrub))")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let token = object["token"] as? String, !token.isEmpty,
              let expiresText = object["expires_at"] as? String, let expires = ISO8601DateFormatter().date(from: expiresText) else {
            throw GitHubAppError(.exchangeFailed, "GitHub App \(app.appID) installation \(installationID) token response from \(app.baseURL) is not a token with expires_at")
        }
        // Refresh at 80% of the lifetime, at most an hour out; an already-expired answer is not kept.
        let lifetime = min(expires.timeIntervalSince(now) * 0.8, 3600)
        return Cached(token: token, refreshAt: now.addingTimeInterval(max(lifetime, 0)))
    }

    struct Response {
        var status: HTTPResponseStatus
        var body: [UInt8]
    }

    static func send(_ client: HTTPClient, _ method: HTTPMethod, _ url: String, jwt: String,
                     timeout: Duration) async throws(GitHubAppError) -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer " + jwt)
        request.headers.add(name: "Accept", value: "application/vnd.github+json")
        request.headers.add(name: "X-GitHub-Api-Version", value: "2022-11-28")
        request.headers.add(name: "User-Agent", value: "ferry-source-controller")
        do {
            let response = try await client.execute(request, timeout: .seconds(max(1, timeout.components.seconds)))
            var body = try await response.body.collect(upTo: 1 << 20)
            return Response(status: response.status, body: body.readBytes(length: body.readableBytes) ?? [])
        } catch {
            // Transport errors name hosts and causes, not headers; the URL holds no secret.
            throw GitHubAppError(.exchangeFailed, "GitHub API request \(method) \(url) failed: \(error)")
        }
    }

    /// `HTTP 401 Unauthorized: <GitHub's message>` — the message only when the body is GitHub's
    /// JSON error, bounded and scrubbed (a hostile server could echo the JWT).
    static func describe(_ response: Response, scrub: (String) -> String) -> String {
        var text = "HTTP \(response.status.code) \(response.status.reasonPhrase)"
        if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
           let message = object["message"] as? String, !message.isEmpty {
            text += ": " + String(scrub(message).prefix(200))  // scrubbed whole, then cut: a cut secret would not match
        }
        return text
    }
}
