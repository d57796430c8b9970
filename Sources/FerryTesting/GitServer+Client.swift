import Foundation

extension GitServer {
    /// The ways in to the same repositories.
    public enum Endpoint: String, Sendable, CaseIterable {
        /// Anonymous HTTP, fetch only.
        case http
        /// HTTP with basic auth; fetch and push.
        case httpAuth
        /// HTTP with a bearer token; fetch and push.
        case httpToken
        /// Anonymous HTTP at 1 KiB/s, fetch only.
        case httpSlow
        /// Anonymous HTTPS, fetch only.
        case https
        /// HTTPS with basic auth; fetch and push.
        case httpsAuth
        /// HTTPS with a client certificate; fetch and push.
        case httpsMTLS
        /// ssh with the server's client key; fetch and push.
        case ssh
    }

    /// The URL prefix of `endpoint` (append `/NAME.git`).
    public func baseURL(_ endpoint: Endpoint) -> String {
        switch endpoint {
        case .http: httpURL
        case .httpAuth: httpAuthURL
        case .httpToken: httpTokenURL
        case .httpSlow: httpSlowURL
        case .https: httpsURL
        case .httpsAuth: httpsAuthURL
        case .httpsMTLS: httpsMTLSURL
        case .ssh: sshURL
        }
    }

    /// `BASE/NAME.git` for a repository `NAME` (without `.git`).
    public func url(_ endpoint: Endpoint, repository name: String) -> String {
        baseURL(endpoint) + "/" + name + ".git"
    }

    /// The URL with the basic-auth credentials in it (`http://user:password@…`), for the git CLI.
    public func urlWithCredentials(_ endpoint: Endpoint, repository name: String,
                                   user: String? = nil, password: String? = nil) -> String {
        let plain = url(endpoint, repository: name)
        guard let schemeEnd = plain.range(of: "://") else { return plain }
        let user = user ?? basicUser, password = password ?? basicPassword
        return String(plain[..<schemeEnd.upperBound]) + user + ":" + password + "@" + String(plain[schemeEnd.upperBound...])
    }

    /// What the `git` CLI needs to reach `endpoint` with the server's credentials: environment
    /// variables (add them to the process's) and `-c` options (put them before the subcommand).
    /// Basic auth is not included (use ``urlWithCredentials(_:repository:user:password:)``).
    public struct ClientOptions: Sendable {
        public var environment: [String: String]
        public var configArguments: [String]
    }

    public func clientOptions(_ endpoint: Endpoint) -> ClientOptions {
        var env = ["GIT_TERMINAL_PROMPT": "0"]
        var config: [String] = []
        switch endpoint {
        case .http, .httpAuth, .httpSlow: break
        case .httpToken:
            config += ["-c", "http.extraHeader=Authorization: Bearer \(bearerToken)"]
        case .https, .httpsAuth:
            env["GIT_SSL_CAINFO"] = caFile
        case .httpsMTLS:
            env["GIT_SSL_CAINFO"] = caFile
            config += ["-c", "http.sslCert=\(clientCertificate)", "-c", "http.sslKey=\(clientKey)"]
        case .ssh:
            env["GIT_SSH"] = sshCommand
        }
        return ClientOptions(environment: env, configArguments: config)
    }

    /// The `data` of a Flux git authentication Secret (`.spec.secretRef` of a GitRepository)
    /// for `endpoint`, as plain strings (use them as `stringData`, or base64 them for `data`):
    /// `username`/`password`, `bearerToken`, `ca.crt`, `tls.crt`/`tls.key`,
    /// `identity`/`identity.pub`/`known_hosts`. Empty for the anonymous HTTP endpoints.
    public func fluxSecretData(_ endpoint: Endpoint) throws -> [String: String] {
        func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
        switch endpoint {
        case .http, .httpSlow: return [:]
        case .httpAuth: return ["username": basicUser, "password": basicPassword]
        case .httpToken: return ["bearerToken": bearerToken]
        case .https: return ["ca.crt": try read(caFile)]
        case .httpsAuth: return ["username": basicUser, "password": basicPassword, "ca.crt": try read(caFile)]
        case .httpsMTLS:
            return ["ca.crt": try read(caFile), "tls.crt": try read(clientCertificate), "tls.key": try read(clientKey)]
        case .ssh:
            return ["identity": try read(sshKey), "identity.pub": try read(sshKey + ".pub"), "known_hosts": try read(knownHosts)]
        }
    }

    /// `GIT_SSH_COMMAND` for ssh with the given key and known_hosts file (strict host key checking).
    public func sshCommandLine(key: String? = nil, knownHosts: String? = nil) -> String {
        "ssh -i \(key ?? sshKey) -o IdentitiesOnly=yes -o IdentityAgent=none -o UserKnownHostsFile=\(knownHosts ?? self.knownHosts)"
            + " -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o BatchMode=yes"
    }

    /// The known_hosts line for the ssh server, `[127.0.0.1]:PORT ssh-ed25519 AAAA…`.
    public func knownHostsLine() throws -> String {
        try String(contentsOfFile: knownHosts, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A name not yet used under ``repositoriesDirectory``: `prefix-xxxxxx`.
    public func uniqueRepositoryName(_ prefix: String) -> String {
        let safe = String(prefix.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" }.prefix(40))
        while true {
            let name = safe + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
            if !FileManager.default.fileExists(atPath: repositoriesDirectory + "/" + name + ".git") { return name }
        }
    }
}
