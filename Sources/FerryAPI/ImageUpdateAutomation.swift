/// `image.toolkit.fluxcd.io/v1` ImageUpdateAutomation, field for field as Flux's
/// image-automation-controller `api/v1` (`imageupdateautomation_types.go`, `git.go`): checks a
/// GitRepository out, rewrites the fields marked with `{"$imagepolicy": …}` setter comments to
/// the images the selected ImagePolicies picked, commits and pushes.
public struct ImageUpdateAutomationSpec: Codable, Hashable, Sendable {
    /// The GitRepository to update (required; `kind` must be `GitRepository`).
    public var sourceRef: CrossNamespaceSourceReference
    /// Checkout, commit and push settings; required in practice (Flux stalls without it).
    public var git: ImageUpdateGitSpec?
    /// How often the automation runs (required, a Go duration).
    public var interval: String
    /// Which ImagePolicies of the namespace apply (`matchLabels`/`matchExpressions`); all when unset.
    public var policySelector: ImagePolicySelector?
    /// `strategy: Setters` (the only one) and the directory to update (`path`, default the root).
    public var update: ImageUpdateStrategy?
    public var suspend: Bool?

    public init(sourceRef: CrossNamespaceSourceReference, git: ImageUpdateGitSpec?, interval: String,
                policySelector: ImagePolicySelector? = nil, update: ImageUpdateStrategy? = ImageUpdateStrategy(),
                suspend: Bool? = nil) {
        self.sourceRef = sourceRef
        self.git = git
        self.interval = interval
        self.policySelector = policySelector
        self.update = update
        self.suspend = suspend
    }
}

/// A metav1.LabelSelector over ImagePolicies.
public struct ImagePolicySelector: Codable, Hashable, Sendable {
    public struct Requirement: Codable, Hashable, Sendable {
        public var key: String
        /// `In`, `NotIn`, `Exists`, `DoesNotExist`.
        public var `operator`: String
        public var values: [String]?

        public init(key: String, operator: String, values: [String]? = nil) {
            self.key = key
            self.operator = `operator`
            self.values = values
        }
    }

    public var matchLabels: [String: String]?
    public var matchExpressions: [Requirement]?

    public init(matchLabels: [String: String]? = nil, matchExpressions: [Requirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }
}

public struct ImageUpdateStrategy: Codable, Hashable, Sendable {
    /// `Setters` (the CRD's default and only value).
    public var strategy: String?
    /// The directory whose YAML files are updated, relative to the checkout's root.
    public var path: String?

    public init(strategy: String? = ImageUpdateAutomation.strategySetters, path: String? = nil) {
        self.strategy = strategy
        self.path = path
    }
}

public struct ImageUpdateGitSpec: Codable, Hashable, Sendable {
    /// The ref to check out; the GitRepository's `spec.ref` when unset.
    public var checkout: ImageUpdateCheckout?
    public var commit: ImageUpdateCommit
    /// Where to push; the checkout branch when unset.
    public var push: ImageUpdatePush?

    public init(checkout: ImageUpdateCheckout? = nil, commit: ImageUpdateCommit, push: ImageUpdatePush? = nil) {
        self.checkout = checkout
        self.commit = commit
        self.push = push
    }
}

public struct ImageUpdateCheckout: Codable, Hashable, Sendable {
    public var ref: GitRepositoryRef

    public init(ref: GitRepositoryRef) { self.ref = ref }
}

public struct ImageUpdateCommit: Codable, Hashable, Sendable {
    public var author: ImageUpdateCommitUser
    /// A Secret with an OpenPGP key (`git.asc`, optional `passphrase`) or, `type: ssh`, an SSH key
    /// (`identity`, optional `password`) to sign commits with.
    public var signingKey: ImageUpdateSigningKey?
    /// A Go template over `.AutomationObject`, `.Changed` and `.Values`.
    public var messageTemplate: String?
    /// Extra values for the template, as `.Values`.
    public var messageTemplateValues: [String: String]?

    public init(author: ImageUpdateCommitUser, signingKey: ImageUpdateSigningKey? = nil, messageTemplate: String? = nil,
                messageTemplateValues: [String: String]? = nil) {
        self.author = author
        self.signingKey = signingKey
        self.messageTemplate = messageTemplate
        self.messageTemplateValues = messageTemplateValues
    }
}

public struct ImageUpdateCommitUser: Codable, Hashable, Sendable {
    public var name: String?
    public var email: String

    public init(name: String? = nil, email: String) {
        self.name = name
        self.email = email
    }
}

public struct ImageUpdateSigningKey: Codable, Hashable, Sendable {
    public var secretRef: LocalObjectReference
    /// `gpg` (default) or `ssh`.
    public var type: String?

    public init(secretRef: LocalObjectReference, type: String? = nil) {
        self.secretRef = secretRef
        self.type = type
    }
}

public struct ImageUpdatePush: Codable, Hashable, Sendable {
    /// The branch to push to, created from the checkout when missing.
    public var branch: String?
    /// A refspec pushed as well (never `+…` or deleting `:…`).
    public var refspec: String?
    /// `git push -o key=value` options.
    public var options: [String: String]?

    public init(branch: String? = nil, refspec: String? = nil, options: [String: String]? = nil) {
        self.branch = branch
        self.refspec = refspec
        self.options = options
    }
}

/// The image a policy had picked when the automation last ran (`status.observedPolicies`).
public struct ObservedImageRef: Codable, Hashable, Sendable {
    public var name: String
    public var tag: String
    public var digest: String?

    public init(name: String, tag: String, digest: String? = nil) {
        self.name = name
        self.tag = tag
        self.digest = digest
    }
}

public struct ImageUpdateAutomationStatus: Codable, Hashable, Sendable {
    public var observedGeneration: Int?
    public var conditions: [Condition]?
    /// When the automation last ran to completion, changes or not.
    public var lastAutomationRunTime: String?
    /// The full id of the last commit pushed.
    public var lastPushCommit: String?
    public var lastPushTime: String?
    /// Policy name → the image it had picked, as last applied.
    public var observedPolicies: [String: ObservedImageRef]?
    /// `<branch>@sha1:<commit>` of the checkout last applied.
    public var observedSourceRevision: String?
    public var lastHandledReconcileAt: String?

    public init() {}

    public func condition(_ type: String) -> Condition? { conditions?.first { $0.type == type } }
}

public struct ImageUpdateAutomation: Codable, Hashable, Sendable {
    public static let apiVersion = "image.toolkit.fluxcd.io/v1"
    public static let kind = "ImageUpdateAutomation"
    public static let strategySetters = "Setters"

    public var metadata: ObjectMetadata
    public var spec: ImageUpdateAutomationSpec
    public var status: ImageUpdateAutomationStatus?

    public init(metadata: ObjectMetadata, spec: ImageUpdateAutomationSpec, status: ImageUpdateAutomationStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// Reasons of ImageUpdateAutomation (`api/v1/condition_types.go`).
public enum ImageUpdateReason {
    public static let invalidUpdateStrategy = "InvalidUpdateStrategy"
    public static let invalidSourceConfiguration = "InvalidSourceConfiguration"
    public static let sourceManagerFailed = "SourceManagerFailed"
    public static let gitOperationFailed = "GitOperationFailed"
    public static let updateFailed = "UpdateFailed"
    public static let invalidPolicySelector = "InvalidPolicySelector"
    public static let removedTemplateField = "RemovedTemplateField"
    /// Flux's `meta.AccessDeniedReason` for a blocked cross-namespace source.
    public static let accessDenied = "AccessDenied"
}
