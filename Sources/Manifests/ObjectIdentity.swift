/// Group, version and kind of an object, as written in `apiVersion` and `kind`.
public struct GroupVersionKind: Hashable, Sendable, CustomStringConvertible {
    public var group: String
    public var version: String
    public var kind: String

    public init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }

    /// Splits `apps/v1` into group `apps` and version `v1`; `v1` is the core group.
    public init(apiVersion: String, kind: String) {
        if let slash = apiVersion.firstIndex(of: "/") {
            group = String(apiVersion[..<slash])
            version = String(apiVersion[apiVersion.index(after: slash)...])
        } else {
            group = ""
            version = apiVersion
        }
        self.kind = kind
    }

    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    public var groupKind: GroupKind { GroupKind(group: group, kind: kind) }
    public var description: String { "\(apiVersion), Kind=\(kind)" }
}

/// Group and kind without version: what identifies a type across API versions.
public struct GroupKind: Hashable, Sendable, CustomStringConvertible {
    public var group: String
    public var kind: String
    public init(group: String, kind: String) {
        self.group = group
        self.kind = kind
    }
    public var description: String { group.isEmpty ? kind : "\(kind).\(group)" }
}

/// Identity of one object: group, kind, namespace, name. Version is left out on purpose:
/// `apps/v1 Deployment web` and `apps/v1beta1 Deployment web` are the same live object.
public struct ObjectID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var group: String
    public var kind: String
    public var namespace: String
    public var name: String

    public init(group: String, kind: String, namespace: String, name: String) {
        self.group = group
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// `Kind/namespace/name` or `Kind/name`, the form used in events and messages.
    public var description: String {
        namespace.isEmpty ? "\(kind)/\(name)" : "\(kind)/\(namespace)/\(name)"
    }

    public static func < (a: ObjectID, b: ObjectID) -> Bool {
        (a.group, a.kind, a.namespace, a.name) < (b.group, b.kind, b.namespace, b.name)
    }
}

extension JSONValue {
    public var apiVersion: String? { self["apiVersion"]?.stringValue }
    public var kind: String? { self["kind"]?.stringValue }
    public var metadataName: String? { self[path: "metadata", "name"]?.stringValue }
    public var metadataNamespace: String? { self[path: "metadata", "namespace"]?.stringValue }
    public var resourceVersion: String? { self[path: "metadata", "resourceVersion"]?.stringValue }
    public var uid: String? { self[path: "metadata", "uid"]?.stringValue }
    public var generation: Int? { self[path: "metadata", "generation"]?.intValue }

    public var labels: [String: String] { stringMap(at: "labels") }
    public var annotations: [String: String] { stringMap(at: "annotations") }

    private func stringMap(at key: String) -> [String: String] {
        guard let o = self[path: "metadata", key]?.objectValue else { return [:] }
        var out: [String: String] = [:]
        for (k, v) in o { if let s = v.stringValue { out[k] = s } }
        return out
    }

    public var groupVersionKind: GroupVersionKind? {
        guard let apiVersion, let kind else { return nil }
        return GroupVersionKind(apiVersion: apiVersion, kind: kind)
    }

    /// The object's identity, `nil` when apiVersion, kind or metadata.name is missing.
    public var objectID: ObjectID? {
        guard let gvk = groupVersionKind, let name = metadataName else { return nil }
        return ObjectID(group: gvk.group, kind: gvk.kind, namespace: metadataNamespace ?? "", name: name)
    }
}
