import GoTemplate

/// Helm's `releaseutil.SortManifests`: rendered files split into documents, each document's
/// head (apiVersion, kind, name, annotations) read, hooks (`helm.sh/hook`) kept apart, and both
/// lists stably sorted by kind in install order.
public enum ManifestSorter {
    /// One rendered document of a template file.
    public struct Manifest: Sendable, Equatable {
        /// The template path (`chart/templates/x.yaml`).
        public var path: String
        public var content: String
        public var apiVersion: String
        public var kind: String
        public var name: String
    }

    /// A document annotated with `helm.sh/hook`.
    public struct Hook: Sendable, Equatable {
        public var manifest: Manifest
        /// Lower-cased hook events (`pre-install`, `test`, …).
        public var events: [String]
        public var weight: Int
        public var deletePolicies: [String]
        public var isTest: Bool { events.contains("test") }
    }

    /// Helm's `InstallOrder`.
    public static let installOrder: [String] = [
        "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
        "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
        "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
        "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding",
        "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
        "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
    ]

    /// What the sorter reads of a document (Helm's `SimpleHead`).
    static let headKeys: Set<String> = ["apiVersion", "kind", "metadata"]

    static let hookEvents: [String: String] = [
        "pre-install": "pre-install", "post-install": "post-install", "pre-delete": "pre-delete",
        "post-delete": "post-delete", "pre-upgrade": "pre-upgrade", "post-upgrade": "post-upgrade",
        "pre-rollback": "pre-rollback", "post-rollback": "post-rollback", "test": "test", "test-success": "test",
    ]

    /// Sorts rendered files (path → text). Partials (`_*`) and blank files are skipped; a
    /// document that is not YAML fails with Helm's `YAML parse error on PATH: …`. `warnings`
    /// collects Helm's notes on unknown hooks.
    public static func sort(_ files: [String: String], warnings: inout [String]) throws(HelmError) -> (hooks: [Hook], manifests: [Manifest]) {
        var hooks: [Hook] = []
        var generic: [Manifest] = []
        for path in files.keys.sorted() {
            guard let content = files[path] else { continue }
            let base = path.split(separator: "/").last.map(String.init) ?? path
            if base.hasPrefix("_") || isBlank(content) { continue }
            for doc in split(content) {
                let head: GoValue
                do {
                    head = try GoYAML.unmarshalHead(doc, keys: headKeys)
                } catch {
                    throw HelmError("YAML parse error on \(path): \(error.message)")
                }
                let metadata = head.mapValue?["metadata"]?.mapValue
                let annotations = metadata?["annotations"]?.mapValue
                let manifest = Manifest(path: path, content: doc,
                                        apiVersion: head.mapValue?["apiVersion"]?.stringValue ?? "",
                                        kind: head.mapValue?["kind"]?.stringValue ?? "",
                                        name: metadata?["name"]?.stringValue ?? "")
                guard let hookTypes = annotations?["helm.sh/hook"]?.stringValue else {
                    generic.append(manifest)
                    continue
                }
                var events: [String] = []
                var unknown = false
                for raw in hookTypes.split(separator: ",", omittingEmptySubsequences: false) {
                    let type = raw.trimmingWhitespace().lowercased()
                    guard let event = hookEvents[type] else { unknown = true; break }
                    events.append(event)
                }
                if unknown {
                    warnings.append("info: skipping unknown hook: \"\(hookTypes)\"")
                    continue
                }
                let weight = Int(annotations?["helm.sh/hook-weight"]?.stringValue ?? "") ?? 0
                let policies = (annotations?["helm.sh/hook-delete-policy"]?.stringValue ?? "")
                    .split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
                hooks.append(Hook(manifest: manifest, events: events, weight: weight, deletePolicies: policies))
            }
        }
        return (stableSorted(hooks) { $0.manifest.kind }, stableSorted(generic) { $0.kind })
    }

    /// `releaseutil.SplitManifests`: documents separated by `---` at the start of the text or
    /// after a newline (with any whitespace around it), each trimmed, empty ones dropped.
    public static func split(_ text: String) -> [String] {
        // `(?:^|\s*\n)---\s*`: a separator is `---` at the start or right after a newline; the
        // whitespace around it goes with the separator (each document is trimmed anyway). The
        // newline must not belong to the previous separator: Go's Split resumes after a match,
        // so in `---\n---\nx` the second `---` stays in the document (`---\nx`).
        let body = Array(trim(Array(text.utf8)[...]))
        var out: [String] = []
        var start = 0
        var i = 0
        func emit(_ end: Int) {
            let doc = trim(body[start..<end])
            if !doc.isEmpty { out.append(String(decoding: doc, as: UTF8.self)) }
        }
        while i + 3 <= body.count {
            if (i == 0 || (body[i - 1] == 10 && i - 1 >= start)) && body[i] == 45 && body[i + 1] == 45 && body[i + 2] == 45 {
                emit(i)
                i += 3
                while i < body.count && isSpace(body[i]) { i += 1 }
                start = i
                continue
            }
            i += 1
        }
        emit(body.count)
        return out
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 || b == 11 || b == 12 }

    static func trim(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = bytes
        while let f = s.first, isSpace(f) { s.removeFirst() }
        while let l = s.last, isSpace(l) { s.removeLast() }
        return s
    }

    static func isBlank(_ text: String) -> Bool { text.utf8.allSatisfy(isSpace) }

    /// Go's `sort.SliceStable` with Helm's `lessByKind`: known kinds in install order, unknown
    /// kinds after them alphabetically, ties keep their order.
    static func stableSorted<T>(_ items: [T], kind: (T) -> String) -> [T] {
        var rank: [String: Int] = [:]
        for (i, k) in installOrder.enumerated() { rank[k] = i }
        let keyed = items.enumerated().map { (offset: $0.offset, item: $0.element, kind: kind($0.element)) }
        return keyed.sorted { a, b in
            let ra = rank[a.kind], rb = rank[b.kind]
            switch (ra, rb) {
            case let (x?, y?): return x != y ? x < y : a.offset < b.offset
            case (nil, nil): return a.kind != b.kind ? a.kind < b.kind : a.offset < b.offset
            case (nil, _?): return false
            case (_?, nil): return true
            }
        }.map(\.item)
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        var s = self[...]
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
