import Foundation

/// Everything needed to talk to one API server as one identity: the result of picking a
/// context from a kubeconfig, or of the in-cluster environment.
public struct ClientConfig: Sendable {
    public enum Credentials: Sendable {
        case none
        case token(String)
        /// Re-read on every refresh (projected service-account tokens rotate).
        case tokenFile(String)
        case basic(username: String, password: String)
        case exec(KubeConfig.ExecConfig)
    }

    /// `https://host:port` with no trailing slash.
    public var server: String
    public var caPEM: [UInt8]?
    public var insecureSkipTLSVerify = false
    public var tlsServerName: String?
    public var clientCertificatePEM: [UInt8]?
    public var clientKeyPEM: [UInt8]?
    public var credentials: Credentials = .none
    /// The context's default namespace ("default" when unset).
    public var namespace = "default"
    public var impersonation: Impersonation?
    /// Client-side rate limit, as client-go's `QPS` and `Burst`.
    public var qps: Double = 50
    public var burst: Int = 100
    /// Deadline for each non-watch request.
    public var requestTimeout: Duration = .seconds(30)
    public var userAgent = "ferry"

    public init(server: String) {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
    }
}

/// Act as another user for a request (the `Impersonate-*` headers).
public struct Impersonation: Sendable, Hashable {
    public var user: String
    public var groups: [String]
    public var uid: String?

    public init(user: String, groups: [String] = [], uid: String? = nil) {
        self.user = user
        self.groups = groups
        self.uid = uid
    }

    /// A service account, as the API server names it: `system:serviceaccount:NS:NAME`, in the
    /// groups the token authenticator would give it.
    public static func serviceAccount(namespace: String, name: String) -> Impersonation {
        Impersonation(user: "system:serviceaccount:\(namespace):\(name)",
                      groups: ["system:serviceaccounts", "system:serviceaccounts:\(namespace)", "system:authenticated"])
    }
}

extension ClientConfig {
    /// Resolves a context (the current one by default) of a kubeconfig into a client config,
    /// reading referenced files now so that a missing file is reported up front.
    public init(kubeConfig: KubeConfig, context name: String? = nil) throws {
        guard let contextName = name ?? kubeConfig.currentContext else {
            throw KubeConfigError("kubeconfig has no current-context; pass --context")
        }
        guard let context = kubeConfig.contexts[contextName] else {
            throw KubeConfigError("kubeconfig has no context \"\(contextName)\"")
        }
        guard let cluster = kubeConfig.clusters[context.cluster] else {
            throw KubeConfigError("context \"\(contextName)\" refers to cluster \"\(context.cluster)\", which the kubeconfig does not define")
        }
        guard cluster.server.hasPrefix("https://") || cluster.server.hasPrefix("http://") else {
            throw KubeConfigError("cluster \"\(context.cluster)\" has server \"\(cluster.server)\", which is not an http(s) URL")
        }
        self.init(server: cluster.server)
        if let ns = context.namespace, !ns.isEmpty { namespace = ns }
        insecureSkipTLSVerify = cluster.insecureSkipTLSVerify
        tlsServerName = cluster.tlsServerName
        caPEM = try cluster.certificateAuthorityData ?? cluster.certificateAuthority.map { try Self.read($0, "certificate-authority") }
        if !context.user.isEmpty {
            guard let user = kubeConfig.users[context.user] else {
                throw KubeConfigError("context \"\(contextName)\" refers to user \"\(context.user)\", which the kubeconfig does not define")
            }
            clientCertificatePEM = try user.clientCertificateData ?? user.clientCertificate.map { try Self.read($0, "client-certificate") }
            clientKeyPEM = try user.clientKeyData ?? user.clientKey.map { try Self.read($0, "client-key") }
            if (clientCertificatePEM == nil) != (clientKeyPEM == nil) {
                throw KubeConfigError("user \"\(context.user)\" has a client certificate without a key, or a key without a certificate")
            }
            if let token = user.token, !token.isEmpty {
                credentials = .token(token)
            } else if let file = user.tokenFile {
                _ = try Self.read(file, "tokenFile")
                credentials = .tokenFile(file)
            } else if let exec = user.exec {
                credentials = .exec(exec)
            } else if let u = user.username, let p = user.password {
                credentials = .basic(username: u, password: p)
            }
            if let who = user.impersonate { impersonation = Impersonation(user: who, groups: user.impersonateGroups) }
        }
    }

    /// The pod's own identity: `KUBERNETES_SERVICE_HOST/PORT` and the mounted service-account
    /// token, CA and namespace.
    public static func inCluster(environment: [String: String] = ProcessInfo.processInfo.environment,
                                 root: String = "/var/run/secrets/kubernetes.io/serviceaccount") throws -> ClientConfig {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
              let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw KubeConfigError("not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set")
        }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        var config = ClientConfig(server: "https://\(hostPart):\(port)")
        _ = try read(root + "/token", "service-account token")
        config.credentials = .tokenFile(root + "/token")
        config.caPEM = try read(root + "/ca.crt", "service-account CA")
        if let ns = FileManager.default.contents(atPath: root + "/namespace"),
           let s = String(data: ns, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !s.isEmpty {
            config.namespace = s
        }
        return config
    }

    /// In-cluster when running in a pod and no kubeconfig is named, otherwise the kubeconfig
    /// (explicit path, `$KUBECONFIG`, `~/.kube/config`) — client-go's default order.
    public static func load(kubeconfig: String? = nil, context: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ClientConfig {
        if kubeconfig == nil, environment["KUBECONFIG"] == nil, environment["KUBERNETES_SERVICE_HOST"] != nil {
            return try inCluster(environment: environment)
        }
        return try ClientConfig(kubeConfig: KubeConfig.load(path: kubeconfig, environment: environment), context: context)
    }

    static func read(_ path: String, _ what: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KubeConfigError("\(what) file \(path) cannot be read")
        }
        return [UInt8](data)
    }
}
