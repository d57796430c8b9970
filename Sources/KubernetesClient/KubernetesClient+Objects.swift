import Manifests
import NIOHTTP1

public struct ListOptions: Sendable {
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Page size; `listAll` follows `continue` tokens until the last page.
    public var limit: Int?
    public var continueToken: String?
    public var resourceVersion: String?
    public init(labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil,
                continueToken: String? = nil, resourceVersion: String? = nil) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
        self.resourceVersion = resourceVersion
    }

    var query: [(String, String)] {
        var q: [(String, String)] = []
        if let labelSelector, !labelSelector.isEmpty { q.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { q.append(("fieldSelector", fieldSelector)) }
        if let limit { q.append(("limit", String(limit))) }
        if let continueToken { q.append(("continue", continueToken)) }
        if let resourceVersion { q.append(("resourceVersion", resourceVersion)) }
        return q
    }
}

public struct ObjectList: Sendable {
    public var items: [JSONValue]
    /// The list's resourceVersion: where a watch continues from.
    public var resourceVersion: String
    public var continueToken: String?
}

/// Options of every write: server-side dry run and the field manager.
public struct WriteOptions: Sendable {
    public var dryRun: Bool
    public var fieldManager: String?
    public init(dryRun: Bool = false, fieldManager: String? = nil) {
        self.dryRun = dryRun
        self.fieldManager = fieldManager
    }
    var query: [(String, String)] {
        var q: [(String, String)] = []
        if dryRun { q.append(("dryRun", "All")) }
        if let fieldManager { q.append(("fieldManager", fieldManager)) }
        return q
    }
}

public enum PropagationPolicy: String, Sendable {
    case foreground = "Foreground", background = "Background", orphan = "Orphan"
}

public struct DeleteOptions: Sendable {
    public var propagationPolicy: PropagationPolicy?
    /// Delete only if the live object still has this uid / resourceVersion (else 409 Conflict).
    public var preconditionUID: String?
    public var preconditionResourceVersion: String?
    public var gracePeriodSeconds: Int?
    public var dryRun: Bool
    public init(propagationPolicy: PropagationPolicy? = nil, preconditionUID: String? = nil,
                preconditionResourceVersion: String? = nil, gracePeriodSeconds: Int? = nil, dryRun: Bool = false) {
        self.propagationPolicy = propagationPolicy
        self.preconditionUID = preconditionUID
        self.preconditionResourceVersion = preconditionResourceVersion
        self.gracePeriodSeconds = gracePeriodSeconds
        self.dryRun = dryRun
    }

    var body: JSONValue {
        var o: JSONValue = ["apiVersion": "v1", "kind": "DeleteOptions"]
        if let propagationPolicy { o["propagationPolicy"] = .string(propagationPolicy.rawValue) }
        if let gracePeriodSeconds { o["gracePeriodSeconds"] = .int(gracePeriodSeconds) }
        if dryRun { o["dryRun"] = ["All"] }
        if preconditionUID != nil || preconditionResourceVersion != nil {
            var p: JSONValue = [:]
            if let preconditionUID { p["uid"] = .string(preconditionUID) }
            if let preconditionResourceVersion { p["resourceVersion"] = .string(preconditionResourceVersion) }
            o["preconditions"] = p
        }
        return o
    }
}

public enum PatchType: String, Sendable {
    case merge = "application/merge-patch+json"
    case json = "application/json-patch+json"
    case strategicMerge = "application/strategic-merge-patch+json"
    case apply = "application/apply-patch+yaml"
}

extension KubernetesClient {
    /// Namespace to use for a request: the given one for namespaced kinds (the context's
    /// default when none), nothing for cluster-scoped kinds.
    func scope(_ m: ResourceMapping, _ namespace: String?) -> String? {
        m.namespaced ? (namespace.flatMap { $0.isEmpty ? nil : $0 } ?? defaultNamespace) : nil
    }

    func target(of object: JSONValue) async throws -> (ResourceMapping, String?, String) {
        guard let gvk = object.groupVersionKind else {
            throw ResponseError(request: "write", reason: "the object has no apiVersion or kind")
        }
        guard let name = object.metadataName, !name.isEmpty else {
            throw ResponseError(request: "write \(gvk.kind)", reason: "the object has no metadata.name")
        }
        let m = try await mapping(for: gvk)
        return (m, scope(m, object.metadataNamespace), name)
    }

    public func get(_ gvk: GroupVersionKind, name: String, namespace: String? = nil, subresource: String? = nil) async throws -> JSONValue {
        let m = try await mapping(for: gvk)
        return try await requestJSON(.GET, m.path(namespace: scope(m, namespace), name: name, subresource: subresource))
    }

    /// One page. `namespace: nil` lists a namespaced kind across all namespaces.
    public func list(_ gvk: GroupVersionKind, namespace: String? = nil, options: ListOptions = ListOptions()) async throws -> ObjectList {
        let m = try await mapping(for: gvk)
        let doc = try await requestJSON(.GET, m.path(namespace: m.namespaced ? namespace : nil), query: options.query)
        // List items carry no apiVersion/kind; put them back so each item stands alone.
        let items = (doc["items"]?.arrayValue ?? []).map { item -> JSONValue in
            var item = item
            if item["apiVersion"] == nil { item["apiVersion"] = .string(gvk.apiVersion) }
            if item["kind"] == nil { item["kind"] = .string(gvk.kind) }
            return item
        }
        let cont = doc[path: "metadata", "continue"]?.stringValue
        return ObjectList(items: items, resourceVersion: doc[path: "metadata", "resourceVersion"]?.stringValue ?? "",
                          continueToken: cont?.isEmpty == false ? cont : nil)
    }

    /// Every page, following continue tokens (500 per page unless `options.limit` says otherwise).
    public func listAll(_ gvk: GroupVersionKind, namespace: String? = nil, options: ListOptions = ListOptions()) async throws -> ObjectList {
        var opts = options
        if opts.limit == nil { opts.limit = 500 }
        var all: [JSONValue] = []
        while true {
            let page = try await list(gvk, namespace: namespace, options: opts)
            all.append(contentsOf: page.items)
            guard let next = page.continueToken else {
                return ObjectList(items: all, resourceVersion: page.resourceVersion, continueToken: nil)
            }
            opts.continueToken = next
            opts.resourceVersion = nil
        }
    }

    public func create(_ object: JSONValue, options: WriteOptions = WriteOptions()) async throws -> JSONValue {
        let (m, ns, _) = try await target(of: object)
        return try await requestJSON(.POST, m.path(namespace: ns), query: options.query, body: object)
    }

    /// PUT: replaces the object; `metadata.resourceVersion` makes it conditional (409 if stale).
    public func update(_ object: JSONValue, subresource: String? = nil, options: WriteOptions = WriteOptions()) async throws -> JSONValue {
        let (m, ns, name) = try await target(of: object)
        return try await requestJSON(.PUT, m.path(namespace: ns, name: name, subresource: subresource), query: options.query, body: object)
    }

    public func updateStatus(_ object: JSONValue, options: WriteOptions = WriteOptions()) async throws -> JSONValue {
        try await update(object, subresource: "status", options: options)
    }

    /// Deletes; returns what the server answered (the object while finalizers hold it, or a Status).
    @discardableResult
    public func delete(_ gvk: GroupVersionKind, name: String, namespace: String? = nil, options: DeleteOptions = DeleteOptions()) async throws -> JSONValue {
        let m = try await mapping(for: gvk)
        return try await requestJSON(.DELETE, m.path(namespace: scope(m, namespace), name: name), body: options.body)
    }

    public func patch(_ gvk: GroupVersionKind, name: String, namespace: String? = nil, type: PatchType, patch: JSONValue,
                      subresource: String? = nil, options: WriteOptions = WriteOptions()) async throws -> JSONValue {
        let m = try await mapping(for: gvk)
        return try await requestJSON(.PATCH, m.path(namespace: scope(m, namespace), name: name, subresource: subresource),
                                     query: options.query, body: patch, contentType: type.rawValue)
    }

    /// Server-side apply: the object is the field manager's whole intent; `force` takes
    /// fields over from other managers instead of failing with a conflict.
    public func apply(_ object: JSONValue, fieldManager: String, force: Bool = false, dryRun: Bool = false,
                      subresource: String? = nil) async throws -> JSONValue {
        let (m, ns, name) = try await target(of: object)
        var query = WriteOptions(dryRun: dryRun, fieldManager: fieldManager).query
        if force { query.append(("force", "true")) }
        return try await requestJSON(.PATCH, m.path(namespace: ns, name: name, subresource: subresource),
                                     query: query, body: object, contentType: PatchType.apply.rawValue)
    }

    /// Whether the current identity may do `verb` on `resource` (a SelfSubjectAccessReview).
    public func canI(verb: String, group: String = "", resource: String, namespace: String? = nil) async throws -> Bool {
        var attrs: JSONValue = ["verb": .string(verb), "group": .string(group), "resource": .string(resource)]
        if let namespace { attrs["namespace"] = .string(namespace) }
        let review: JSONValue = [
            "apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
            "spec": ["resourceAttributes": attrs],
        ]
        let answer = try await requestJSON(.POST, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", body: review)
        return answer[path: "status", "allowed"]?.boolValue ?? false
    }
}
