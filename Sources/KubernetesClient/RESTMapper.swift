import Manifests

/// How a kind is served: its resource name and scope.
public struct ResourceMapping: Sendable, Hashable {
    public var gvk: GroupVersionKind
    /// Plural resource name, e.g. `deployments`.
    public var resource: String
    public var namespaced: Bool
    public var verbs: [String]
    public var singular: String
    public var shortNames: [String]

    public init(gvk: GroupVersionKind, resource: String, namespaced: Bool, verbs: [String] = [], singular: String = "", shortNames: [String] = []) {
        self.gvk = gvk
        self.resource = resource
        self.namespaced = namespaced
        self.verbs = verbs
        self.singular = singular
        self.shortNames = shortNames
    }

    /// The URL path of the collection or of one object (and its subresource).
    public func path(namespace: String?, name: String? = nil, subresource: String? = nil) -> String {
        var p = gvk.group.isEmpty ? "/api/\(gvk.version)" : "/apis/\(gvk.group)/\(gvk.version)"
        if namespaced, let namespace, !namespace.isEmpty { p += "/namespaces/\(namespace)" }
        p += "/\(resource)"
        if let name { p += "/\(name)" }
        if let subresource { p += "/\(subresource)" }
        return p
    }
}

/// GVK ↔ resource mapping built from discovery documents. A plain value: built from the
/// `/api`, `/apis` answers, testable without a server.
public struct RESTMapping: Sendable {
    public private(set) var byGVK: [GroupVersionKind: ResourceMapping] = [:]
    /// Preferred version of each group, from `/apis` (core: v1).
    public private(set) var preferredVersion: [String: String] = [:]
    /// Group versions in discovery order, preferred first within a group.
    public private(set) var groupVersions: [(group: String, version: String)] = []

    public init() {}

    /// Adds one `APIResourceList` (the answer of `/api/v1` or `/apis/G/V`).
    public mutating func add(resourceList: JSONValue, group: String, version: String, preferred: Bool) {
        if preferred { preferredVersion[group] = version }
        groupVersions.append((group, version))
        for r in resourceList["resources"]?.arrayValue ?? [] {
            guard let name = r["name"]?.stringValue, !name.contains("/"), let kind = r["kind"]?.stringValue else { continue }
            let gvk = GroupVersionKind(group: group, version: version, kind: kind)
            byGVK[gvk] = ResourceMapping(
                gvk: gvk, resource: name, namespaced: r["namespaced"]?.boolValue ?? false,
                verbs: r["verbs"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                singular: r["singularName"]?.stringValue ?? "",
                shortNames: r["shortNames"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
    }

    public func mapping(for gvk: GroupVersionKind) -> ResourceMapping? { byGVK[gvk] }

    /// The preferred version's mapping of a group and kind (any served version if the
    /// preferred one lacks the kind).
    public func mapping(for gk: GroupKind) -> ResourceMapping? {
        if let v = preferredVersion[gk.group],
           let m = byGVK[GroupVersionKind(group: gk.group, version: v, kind: gk.kind)] { return m }
        for (g, v) in groupVersions where g == gk.group {
            if let m = byGVK[GroupVersionKind(group: g, version: v, kind: gk.kind)] { return m }
        }
        return nil
    }

    /// Resolves what a user types after `kubectl get`: `deployments`, `deploy`, `deployment`,
    /// `Deployment`, `deployments.apps`, `deployments.v1.apps`. Preferred versions win; among
    /// groups the core group wins, then discovery order (as kubectl's priority mapper).
    public func resolve(_ argument: String) -> ResourceMapping? {
        let parts = argument.split(separator: ".", maxSplits: 1).map(String.init)
        let name = parts[0].lowercased()
        var group: String? = parts.count > 1 ? parts[1] : nil
        var version: String?
        if let g = group, let dot = g.firstIndex(of: "."), g[..<dot].hasPrefix("v"), g[..<dot].dropFirst().first?.isNumber == true {
            version = String(g[..<dot]); group = String(g[g.index(after: dot)...])
        }
        var candidates: [ResourceMapping] = []
        for (g, v) in groupVersions {
            if let group, g != group { continue }
            if let version, v != version { continue }
            for m in byGVK.values where m.gvk.group == g && m.gvk.version == v {
                if m.resource == name || m.singular == name || m.kind.lowercased() == name || m.shortNames.contains(name) {
                    candidates.append(m)
                }
            }
        }
        return candidates.min { a, b in rank(a) < rank(b) }
    }

    private func rank(_ m: ResourceMapping) -> (Int, Int, Int) {
        let core = m.gvk.group.isEmpty ? 0 : 1
        let preferred = preferredVersion[m.gvk.group] == m.gvk.version ? 0 : 1
        let order = groupVersions.firstIndex { $0.group == m.gvk.group && $0.version == m.gvk.version } ?? Int.max
        return (core, preferred, order)
    }
}

extension ResourceMapping {
    var kind: String { gvk.kind }
}
