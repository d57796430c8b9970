import Manifests

/// A kubeconfig file as kubectl reads it: clusters, users (auth infos) and contexts.
///
/// Only what Ferry uses is modelled; unknown fields are ignored the way kubectl ignores them.
/// Relative file paths (`certificate-authority`, `client-key`, `tokenFile`, exec `command`) are
/// already resolved against the directory of the file that defined them.
public struct KubeConfig: Sendable, Equatable {
    public struct Cluster: Sendable, Equatable {
        public var server: String
        public var certificateAuthority: String?
        public var certificateAuthorityData: [UInt8]?
        public var insecureSkipTLSVerify: Bool = false
        public var tlsServerName: String?
        public var proxyURL: String?
        public init(server: String) { self.server = server }
    }

    public struct ExecConfig: Sendable, Equatable {
        public var command: String
        public var args: [String] = []
        public var env: [(name: String, value: String)] = []
        public var apiVersion: String = "client.authentication.k8s.io/v1"
        public var interactiveMode: String?
        public init(command: String) { self.command = command }
        public static func == (a: Self, b: Self) -> Bool {
            a.command == b.command && a.args == b.args && a.apiVersion == b.apiVersion
                && a.env.map { "\($0.name)=\($0.value)" } == b.env.map { "\($0.name)=\($0.value)" }
        }
    }

    public struct User: Sendable, Equatable {
        public var token: String?
        public var tokenFile: String?
        public var clientCertificate: String?
        public var clientCertificateData: [UInt8]?
        public var clientKey: String?
        public var clientKeyData: [UInt8]?
        public var username: String?
        public var password: String?
        public var exec: ExecConfig?
        /// The `auth-provider` name (gcp, oidc…), recorded so a kubeconfig from a Secret that
        /// uses one can be refused; Ferry does not run auth providers.
        public var authProvider: String?
        public var impersonate: String?
        public var impersonateGroups: [String] = []
        public init() {}
    }

    public struct Context: Sendable, Equatable {
        public var cluster: String
        public var user: String
        public var namespace: String?
        public init(cluster: String, user: String, namespace: String? = nil) {
            self.cluster = cluster
            self.user = user
            self.namespace = namespace
        }
    }

    public var clusters: [String: Cluster] = [:]
    public var users: [String: User] = [:]
    public var contexts: [String: Context] = [:]
    public var currentContext: String?

    public init() {}
}

/// A kubeconfig that cannot be used, with the file and the field at fault.
public struct KubeConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
