import Manifests

/// One object of a build, with the bookkeeping kustomize keeps beside it.
public struct Resource: Sendable, Equatable {
    /// The object itself, as JSON (key order is irrelevant: output is sorted).
    public var object: JSONValue
    /// The ids this resource had before its current one, oldest first (kustomize's
    /// `previousNames`/`previousNamespaces` annotations). Name references only consider
    /// resources with a history: an object never renamed needs no reference updated.
    var history: [ResID] = []
    var prefixes: [String] = []
    var suffixes: [String] = []
    /// Generated ConfigMap/Secret that still needs its content-hash suffix.
    var needsHash = false
    /// `behavior` of a generated resource (create/merge/replace).
    var behavior = "create"
    /// Names of the vars bound to this resource.
    var varNames: [String] = []
    /// Where it came from, for `buildMetadata: [originAnnotations]`.
    var origin: Origin? = nil
    /// Transformers that ran over it, for `buildMetadata: [transformerAnnotations]`.
    var transformations: [Origin] = []

    public init(object: JSONValue) {
        self.object = object
    }

    public var apiVersion: String { object["apiVersion"]?.stringValue ?? "" }
    public var kind: String { object["kind"]?.stringValue ?? "" }
    public var name: String {
        get { object[path: "metadata", "name"]?.stringValue ?? "" }
        set { object[path: "metadata", "name"] = .string(newValue) }
    }
    public var namespace: String { object[path: "metadata", "namespace"]?.stringValue ?? "" }
    /// Identity in Ferry's vocabulary (inventory, apply), from the final object.
    public var objectID: ObjectID? { object.objectID }
    public var groupVersionKind: GroupVersionKind? { object.groupVersionKind }
    var gvk: GVK { GVK(apiVersion: apiVersion, kind: kind) }
    var id: ResID { ResID(gvk: gvk, name: name, namespace: namespace) }
    var originalID: ResID { history.first ?? id }

    /// Records the current id before a transformer may change name or namespace
    /// (kustomize's `StorePreviousId`, which records even when nothing changes).
    mutating func rememberID() {
        history.append(id)
    }

    /// The current id and every previous one (kustomize's "any id" matching).
    var anyIDs: [ResID] { history + [id] }

    var labels: JSONObject { object[path: "metadata", "labels"]?.objectValue ?? [:] }
    var annotations: JSONObject { object[path: "metadata", "annotations"]?.objectValue ?? [:] }
}

/// Group/version/kind as kustomize compares them (empty fields match anything in selectors).
struct GVK: Hashable, Sendable {
    var group: String
    var version: String
    var kind: String

    init(group: String, version: String, kind: String) {
        self.group = group; self.version = version; self.kind = kind
    }

    init(apiVersion: String, kind: String) {
        if let slash = apiVersion.lastIndex(of: "/") {
            group = String(apiVersion[..<slash]); version = String(apiVersion[apiVersion.index(after: slash)...])
        } else {
            group = ""; version = apiVersion
        }
        self.kind = kind
    }

    var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// Does this (concrete) gvk satisfy a selector where empty fields are wildcards?
    func isSelected(by s: GVK) -> Bool {
        (s.group.isEmpty || s.group == group) && (s.version.isEmpty || s.version == version)
            && (s.kind.isEmpty || s.kind == kind)
    }

    var isClusterScoped: Bool {
        guard GVK.clusterScopedKinds.contains(kind) else { return false }
        // A custom `Namespace` kind in some other API group is an ordinary namespaced object.
        if GVK.coreClusterKinds.contains(kind) { return group.isEmpty }
        return true
    }

    static let coreClusterKinds: Set<String> = ["Namespace", "Node", "PersistentVolume", "ComponentStatus"]

    /// kustomize's hard-coded list of cluster-scoped kinds (`resid.IsClusterScoped`).
    static let clusterScopedKinds: Set<String> = [
        "APIService", "CSIDriver", "CSINode", "CertificateSigningRequest", "Cluster", "ClusterRole",
        "ClusterRoleBinding", "ComponentStatus", "CustomResourceDefinition", "MutatingWebhookConfiguration",
        "Namespace", "Node", "PersistentVolume", "PodSecurityPolicy", "PriorityClass", "RuntimeClass",
        "SelfSubjectAccessReview", "SelfSubjectRulesReview", "StorageClass", "SubjectAccessReview",
        "TokenReview", "ValidatingWebhookConfiguration", "VolumeAttachment",
    ]
}


/// A resource's identity: gvk, name and namespace (cluster-scoped kinds ignore namespace).
struct ResID: Hashable, Sendable, CustomStringConvertible {
    var gvk: GVK
    var name: String
    var namespace: String

    /// kustomize compares ids with the namespace normalised: "" and "default" are the same,
    /// and cluster-scoped kinds have none.
    var effectiveNamespace: String {
        if gvk.isClusterScoped { return "" }
        return namespace.isEmpty ? "default" : namespace
    }

    func sameIdentity(_ o: ResID) -> Bool { identityKey == o.identityKey }

    /// What makes two ids "the same object" for kustomize (namespace normalised).
    struct IdentityKey: Hashable { var gvk: GVK; var name: String; var namespace: String }
    var identityKey: IdentityKey { IdentityKey(gvk: gvk, name: name, namespace: effectiveNamespace) }

    var description: String {
        var s = gvk.kind + "." + gvk.version
        if !gvk.group.isEmpty { s += "." + gvk.group }
        s += " " + (namespace.isEmpty ? "" : namespace + "/") + name
        return s
    }
}
