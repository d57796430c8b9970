import Manifests

/// The steps kustomize runs once, on the top-level kustomization only: hash suffixes, name
/// references, vars, dropping local-config objects, ordering and build metadata.
extension Builder {
    mutating func finish(_ ra: inout Accumulator, top: Kustomization) throws {
        for r in ra.resources where r.kind == "RoleBinding" || r.kind == "ClusterRoleBinding" {
            for s in r.object["subjects"]?.arrayValue ?? [] where s.objectValue?.keys.contains("namespace") == true && s["namespace"] == .null {
                throw KustomizeError.invalidField(file: top.file, field: "subjects",
                                                  reason: "namespace is blank for resource \(r.id)")
            }
        }
        for r in ra.resources where Builder.containsNonFinite(r.object) {
            // kustomize's JSON round trip cannot encode them (`json: unsupported value: +Inf`).
            throw KustomizeError.invalidField(file: top.file, field: "resources",
                                              reason: "\(r.id) holds .inf or .nan, which kustomize cannot serialise")
        }
        for i in ra.resources.indices where ra.resources[i].needsHash { Builder.addHash(&ra.resources[i]) }
        try NameReferences.fix(&ra.resources, config: ra.config)
        let unused = try Vars.resolve(ra.vars, config: ra.config, in: &ra.resources, kfile: top.file)
        if !unused.isEmpty {
            options.warningHandler?("well-defined vars that were never replaced: \(unused.joined(separator: ","))")
        }
        ra.resources.removeAll {
            $0.object[path: "metadata", "annotations", "config.kubernetes.io/local-config"]?.stringValue == "true"
        }
        // kustomize stores its bookkeeping in each resource's annotations and removes the
        // field when no annotation is left, so `metadata.annotations: {}` never reaches the
        // output (an empty `labels` map, which it does not touch, does).
        for i in ra.resources.indices where ra.resources[i].object[path: "metadata", "annotations"] == .object([:]) {
            ra.resources[i].object[path: "metadata", "annotations"] = nil
        }
        try applyBuildMetadata(top, to: &ra.resources)
        if options.enableManagedByLabel {
            for i in ra.resources.indices {
                ra.resources[i].object[path: "metadata", "labels", "app.kubernetes.io/managed-by"] = .string(options.managedByLabelValue)
            }
        }
        ra.resources = try Sorting.sort(ra.resources, options: options, sortOptions: top.fields["sortOptions"], kfile: top.file)
    }

    static func containsNonFinite(_ v: JSONValue) -> Bool {
        switch v {
        case .double(let d): return !d.isFinite
        case .array(let a): return a.contains(where: containsNonFinite)
        case .object(let o): return o.values.contains(where: containsNonFinite)
        default: return false
        }
    }

    func applyBuildMetadata(_ k: Kustomization, to resources: inout [Resource]) throws {
        let flags = (k.fields["buildMetadata"]?.arrayValue ?? []).compactMap(\.stringValue)
        for f in flags where !["originAnnotations", "transformerAnnotations", "managedByLabel"].contains(f) {
            throw KustomizeError.invalidField(file: k.file, field: "buildMetadata", reason: "unknown option \(f)")
        }
        if flags.contains("managedByLabel") {
            for i in resources.indices {
                resources[i].object[path: "metadata", "labels", "app.kubernetes.io/managed-by"] = .string(options.managedByLabelValue)
            }
        }
        annotateBuildMetadata(flags, root: k.dir, in: &resources)
    }
}

/// Final ordering: kustomize's legacy kind order, FIFO, or `sortOptions`.
enum Sorting {
    static let orderFirst = ["Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount",
                             "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap",
                             "Secret", "Service", "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim",
                             "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget"]
    static let orderLast = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]

    static func sort(_ resources: [Resource], options: Kustomize.Options, sortOptions: JSONValue?,
                     kfile: String) throws -> [Resource] {
        var legacy = true
        var first = orderFirst, last = orderLast
        if let so = sortOptions, so != .null {
            if options.reorder != nil {
                options.warningHandler?("Warning: Sorting order is set both in 'kustomization.yaml' ('sortOptions') and in a CLI flag ('--reorder'). Using the kustomization file over the CLI flag.")
            }
            let order = so["order"]?.stringValue ?? ""
            switch order {
            case "legacy":
                if let l = so["legacySortOptions"] {
                    first = (l["orderFirst"]?.arrayValue ?? []).compactMap(\.stringValue)
                    last = (l["orderLast"]?.arrayValue ?? []).compactMap(\.stringValue)
                }
            case "fifo":
                if so["legacySortOptions"] != nil {
                    throw KustomizeError.invalidField(file: kfile, field: "sortOptions", reason: "legacySortOptions is set but order is fifo")
                }
                legacy = false
            default:
                throw KustomizeError.invalidField(file: kfile, field: "sortOptions", reason: "unknown order \"\(order)\"")
            }
        } else if let r = options.reorder {
            legacy = r == .legacy
        }
        guard legacy else { return resources }
        var rank: [String: Int] = [:]
        for (i, k) in first.enumerated() { rank[k] = -first.count + i }
        for (i, k) in last.enumerated() { rank[k] = 1 + i }
        func gvkString(_ g: GVK) -> String {
            [g.group.isEmpty ? "~G" : g.group, g.version.isEmpty ? "~V" : g.version, g.kind.isEmpty ? "~K" : g.kind].joined(separator: "_")
        }
        func idString(_ r: Resource) -> String {
            let ns = r.namespace.isEmpty ? "~X" : r.namespace
            return gvkString(r.gvk) + "|" + ns + "|" + r.name
        }
        let indexed = Array(resources.enumerated())
        return indexed.sorted { a, b in
            let ga = a.element.gvk, gb = b.element.gvk
            if ga != gb {
                let ra = rank[ga.kind] ?? 0, rb = rank[gb.kind] ?? 0
                if ra != rb { return ra < rb }
                return gvkString(ga) < gvkString(gb)
            }
            let sa = idString(a.element), sb = idString(b.element)
            if sa != sb { return sa < sb }
            return a.offset < b.offset
        }.map(\.element)
    }
}
