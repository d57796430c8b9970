/// Where a kubeconfig came from, which decides what it may make the process do.
///
/// A file is the operator's own (`--kubeconfig`, `$KUBECONFIG`): everything kubectl allows.
/// A Secret is written by a tenant (`spec.kubeConfig.secretRef`): it must not make the
/// controller run commands or read files on its host, nor talk TLS without verification,
/// unless the operator said so with a flag (Flux's `--insecure-kubeconfig-exec` and
/// `--insecure-kubeconfig-tls`).
public enum KubeConfigOrigin: Sendable, Equatable {
    case file
    case secret
}

/// What the operator allows kubeconfigs from Secrets to do beyond inline credentials.
public struct KubeConfigAllowances: Sendable, Equatable {
    /// Run `exec` credential plugins (`--insecure-kubeconfig-exec`).
    public var exec: Bool
    /// Honour `insecure-skip-tls-verify` (`--insecure-kubeconfig-tls`).
    public var insecureTLS: Bool

    public init(exec: Bool = false, insecureTLS: Bool = false) {
        self.exec = exec
        self.insecureTLS = insecureTLS
    }

    public static let execFlag = "--insecure-kubeconfig-exec"
    public static let insecureTLSFlag = "--insecure-kubeconfig-tls"
}

/// A kubeconfig refused by ``KubeConfig/validate(context:origin:allowances:)``: what was
/// refused, where, and the flag that would allow it (none for file references: a Secret can
/// always inline the data instead). Never holds a credential or a path's content.
public struct KubeConfigRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case exec
        case fileReference(field: String)
        case authProvider
        case insecureTLS
    }

    public var kind: Kind
    /// `user "admin"` or `cluster "prod"`.
    public var subject: String

    /// The flag that allows what was refused, if any.
    public var flag: String? {
        switch kind {
        case .exec: return KubeConfigAllowances.execFlag
        case .insecureTLS: return KubeConfigAllowances.insecureTLSFlag
        case .fileReference, .authProvider: return nil
        }
    }

    public var description: String {
        switch kind {
        case .exec:
            return "\(subject) uses an exec credential plugin, which is not allowed; "
                + "start the controller with \(KubeConfigAllowances.execFlag) to allow it"
        case .fileReference(let field):
            return "\(subject) refers to a file (\(field)), which a kubeconfig from a Secret may not do; "
                + "inline it (token, client-certificate-data, client-key-data, certificate-authority-data)"
        case .authProvider:
            return "\(subject) uses an auth-provider, which a kubeconfig from a Secret may not do; "
                + "use token or client-certificate-data and client-key-data"
        case .insecureTLS:
            return "\(subject) sets insecure-skip-tls-verify, which is not allowed; "
                + "start the controller with \(KubeConfigAllowances.insecureTLSFlag) to allow it"
        }
    }
}

extension KubeConfig {
    /// Checks the cluster and user of `context` (the current context by default) against what
    /// a kubeconfig of `origin` may do. Files may do everything; Secrets may carry only inline
    /// data (`token`, `*-data`, `username`/`password`), `exec` only with `allowances.exec`, and
    /// `insecure-skip-tls-verify` only with `allowances.insecureTLS`.
    ///
    /// A context, cluster or user that does not exist is not refused here: resolving the
    /// context reports it with its own message.
    public func validate(context name: String? = nil, origin: KubeConfigOrigin,
                         allowances: KubeConfigAllowances = KubeConfigAllowances()) throws(KubeConfigRefusal) {
        guard origin == .secret, let contextName = name ?? currentContext, let context = contexts[contextName] else { return }
        if let cluster = clusters[context.cluster] {
            let subject = "cluster \"\(context.cluster)\""
            if cluster.certificateAuthority != nil {
                throw KubeConfigRefusal(kind: .fileReference(field: "certificate-authority"), subject: subject)
            }
            if cluster.insecureSkipTLSVerify, !allowances.insecureTLS {
                throw KubeConfigRefusal(kind: .insecureTLS, subject: subject)
            }
        }
        guard !context.user.isEmpty, let user = users[context.user] else { return }
        let subject = "user \"\(context.user)\""
        for (field, value) in [("tokenFile", user.tokenFile), ("client-certificate", user.clientCertificate), ("client-key", user.clientKey)]
        where value != nil {
            throw KubeConfigRefusal(kind: .fileReference(field: field), subject: subject)
        }
        if user.authProvider != nil { throw KubeConfigRefusal(kind: .authProvider, subject: subject) }
        if user.exec != nil, !allowances.exec { throw KubeConfigRefusal(kind: .exec, subject: subject) }
    }
}
