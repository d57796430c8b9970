/// `source.toolkit.fluxcd.io/v1` GitRepository, as Flux's `api/v1/gitrepository_types.go` defines it.
///
/// The types are plain `Codable` values whose JSON keys are the Kubernetes field names, so an object
/// read from the API server decodes unchanged and a status encodes to exactly what Flux would write.
/// Durations stay in Go's string form (`"1m0s"`); the controller parses them.
public struct GitRepositorySpec: Codable, Hashable, Sendable {
    /// `http(s)://` or `ssh://` address of the repository (required).
    public var url: String
    /// Secret in the object's namespace with `username`/`password`, `bearerToken`, `identity`/`known_hosts`, `ca.crt`.
    public var secretRef: LocalObjectReference?
    /// `generic` (default), `azure`, `github`, `aws`.
    public var provider: String?
    public var serviceAccountName: String?
    /// How often the remote is checked (required), a Go duration.
    public var interval: String
    /// Timeout for Git operations, a Go duration; Flux's default is `60s`.
    public var timeout: String?
    public var ref: GitRepositoryRef?
    public var verify: GitRepositoryVerification?
    public var proxySecretRef: LocalObjectReference?
    /// gitignore-syntax rules; when set they replace Flux's default exclusions.
    public var ignore: String?
    public var suspend: Bool?
    public var recurseSubmodules: Bool?
    public var include: [GitRepositoryInclude]?
    /// Directories to check out (cone mode); nil or empty means the whole tree.
    public var sparseCheckout: [String]?

    public init(url: String, interval: String = "1m", secretRef: LocalObjectReference? = nil, provider: String? = nil,
                serviceAccountName: String? = nil, timeout: String? = nil, ref: GitRepositoryRef? = nil,
                verify: GitRepositoryVerification? = nil, proxySecretRef: LocalObjectReference? = nil,
                ignore: String? = nil, suspend: Bool? = nil, recurseSubmodules: Bool? = nil,
                include: [GitRepositoryInclude]? = nil, sparseCheckout: [String]? = nil) {
        self.url = url
        self.interval = interval
        self.secretRef = secretRef
        self.provider = provider
        self.serviceAccountName = serviceAccountName
        self.timeout = timeout
        self.ref = ref
        self.verify = verify
        self.proxySecretRef = proxySecretRef
        self.ignore = ignore
        self.suspend = suspend
        self.recurseSubmodules = recurseSubmodules
        self.include = include
        self.sparseCheckout = sparseCheckout
    }
}

/// A reference to an object by name in the same namespace.
public struct LocalObjectReference: Codable, Hashable, Sendable {
    public var name: String
    public init(name: String) { self.name = name }
}

/// What to check out. Precedence: `commit` > `name` > `semver` > `tag` > `branch` (default `master`).
/// `commit` may be combined with `branch` (the commit must be on it).
public struct GitRepositoryRef: Codable, Hashable, Sendable {
    public var branch: String?
    public var tag: String?
    public var semver: String?
    public var name: String?
    public var commit: String?

    public init(branch: String? = nil, tag: String? = nil, semver: String? = nil, name: String? = nil, commit: String? = nil) {
        self.branch = branch
        self.tag = tag
        self.semver = semver
        self.name = name
        self.commit = commit
    }
}

/// Signature verification: which objects (`mode`) must be signed by a key in `secretRef`.
public struct GitRepositoryVerification: Codable, Hashable, Sendable {
    /// `HEAD` (default; `head` accepted), `Tag` or `TagAndHEAD`.
    public var mode: String?
    public var secretRef: LocalObjectReference

    public init(mode: String? = nil, secretRef: LocalObjectReference) {
        self.mode = mode
        self.secretRef = secretRef
    }
}

/// Another GitRepository whose artifact (or a subdirectory of it) is copied into this one.
public struct GitRepositoryInclude: Codable, Hashable, Sendable {
    public var repository: LocalObjectReference
    /// Directory of the included artifact to copy; empty means all of it.
    public var fromPath: String?
    /// Where to put it in this artifact; defaults to the included repository's name.
    public var toPath: String?

    public init(repository: LocalObjectReference, fromPath: String? = nil, toPath: String? = nil) {
        self.repository = repository
        self.fromPath = fromPath
        self.toPath = toPath
    }
}

/// Verification modes (`api/v1/gitrepository_types.go`).
public enum GitVerificationMode: String, Codable, Sendable, CaseIterable {
    case head = "HEAD"
    case tag = "Tag"
    case tagAndHEAD = "TagAndHEAD"

    /// Parses a spec value; `head` is accepted for backward compatibility and an empty value means `HEAD`.
    public init?(specValue: String?) {
        switch specValue {
        case nil, "", "HEAD", "head": self = .head
        case "Tag": self = .tag
        case "TagAndHEAD": self = .tagAndHEAD
        default: return nil
        }
    }

    public var verifiesTag: Bool { self != .head }
    public var verifiesHEAD: Bool { self != .tag }
}
