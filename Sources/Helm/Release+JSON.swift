import GoTemplate

/// `json.Marshal(release)` as Helm v3.15 (Go 1.22) writes it: the structs' fields in Go's
/// declaration order with their tags' names and `omitempty` rules, maps with sorted keys,
/// `[]byte` as base64, times as RFC 3339 with nanoseconds (Helm's own time type writes the
/// zero time as `""`), `<`, `>` and `&` escaped as `\u003c`, `\u003e`, `\u0026`.
extension Release {
    public func jsonBytes() throws(ReleaseStorageError) -> [UInt8] {
        var w = GoStructWriter()
        w.beginObject()
        if !name.isEmpty { w.key("name"); w.string(name) }
        if let info { w.key("info"); try info.write(to: &w) }
        if let chart { w.key("chart"); try chart.write(to: &w) }
        if let config, config.count > 0 { w.key("config"); try w.value(.map(config), field: "config") }
        if !manifest.isEmpty { w.key("manifest"); w.string(manifest) }
        if !hooks.isEmpty {
            w.key("hooks")
            w.beginArray()
            for hook in hooks {
                w.element()
                try hook.write(to: &w)
            }
            w.endArray()
        }
        if version != 0 { w.key("version"); w.int(version) }
        if !namespace.isEmpty { w.key("namespace"); w.string(namespace) }
        w.endObject()
        return w.out
    }
}

extension ReleaseInfo {
    func write(to w: inout GoStructWriter) throws(ReleaseStorageError) {
        w.beginObject()
        // `omitempty` has no effect on a struct: the three times are always written.
        w.key("first_deployed"); try w.helmTime(firstDeployed, field: "info.first_deployed")
        w.key("last_deployed"); try w.helmTime(lastDeployed, field: "info.last_deployed")
        w.key("deleted"); try w.helmTime(deleted, field: "info.deleted")
        if !description.isEmpty { w.key("description"); w.string(description) }
        if !status.rawValue.isEmpty { w.key("status"); w.string(status.rawValue) }
        if !notes.isEmpty { w.key("notes"); w.string(notes) }
        w.endObject()
    }
}

extension ReleaseHook {
    func write(to w: inout GoStructWriter) throws(ReleaseStorageError) {
        w.beginObject()
        if !name.isEmpty { w.key("name"); w.string(name) }
        if !kind.isEmpty { w.key("kind"); w.string(kind) }
        if !path.isEmpty { w.key("path"); w.string(path) }
        if !manifest.isEmpty { w.key("manifest"); w.string(manifest) }
        if !events.isEmpty { w.key("events"); Self.strings(events.map(\.rawValue), to: &w) }
        w.key("last_run")
        w.beginObject()
        w.key("started_at"); try w.helmTime(lastRun.startedAt, field: "hooks.last_run.started_at")
        w.key("completed_at"); try w.helmTime(lastRun.completedAt, field: "hooks.last_run.completed_at")
        w.key("phase"); w.string(lastRun.phase.rawValue)
        w.endObject()
        if weight != 0 { w.key("weight"); w.int(weight) }
        if !deletePolicies.isEmpty { w.key("delete_policies"); Self.strings(deletePolicies.map(\.rawValue), to: &w) }
        w.endObject()
    }

    static func strings(_ items: [String], to w: inout GoStructWriter) {
        w.beginArray()
        for item in items {
            w.element()
            w.string(item)
        }
        w.endArray()
    }
}

extension StoredChart {
    func write(to w: inout GoStructWriter) throws(ReleaseStorageError) {
        w.beginObject()
        w.key("metadata")
        if let metadata { try metadata.writeJSON(to: &w) } else { w.null() }
        w.key("lock")
        if let lock { try lock.writeJSON(to: &w) } else { w.null() }
        w.key("templates"); Self.files(templates, to: &w)
        w.key("values")
        if let values { try w.value(.map(values), field: "chart.values") } else { w.null() }
        w.key("schema")
        if let schema { w.bytes(schema) } else { w.null() }
        w.key("files"); Self.files(files, to: &w)
        w.endObject()
    }

    /// `[]*chart.File`: `{"name", "data"}` with base64 data; an empty list is Go's nil slice.
    static func files(_ files: [ChartFile], to w: inout GoStructWriter) {
        guard !files.isEmpty else { w.null(); return }
        w.beginArray()
        for file in files {
            w.element()
            w.beginObject()
            w.key("name"); w.string(file.name)
            w.key("data"); w.bytes(file.data)
            w.endObject()
        }
        w.endArray()
    }
}

extension ChartMetadata {
    /// `chart.Metadata`: every field `omitempty`.
    func writeJSON(to w: inout GoStructWriter) throws(ReleaseStorageError) {
        w.beginObject()
        func text(_ key: String, _ value: String) { if !value.isEmpty { w.key(key); w.string(value) } }
        text("name", name)
        text("home", home)
        if !sources.isEmpty { w.key("sources"); ReleaseHook.strings(sources, to: &w) }
        text("version", version)
        text("description", description)
        if !keywords.isEmpty { w.key("keywords"); ReleaseHook.strings(keywords, to: &w) }
        if !maintainers.isEmpty {
            w.key("maintainers")
            w.beginArray()
            for maintainer in maintainers {
                w.element()
                guard let maintainer else { w.null(); continue }
                w.beginObject()
                text("name", maintainer.name)
                text("email", maintainer.email)
                text("url", maintainer.url)
                w.endObject()
            }
            w.endArray()
        }
        text("icon", icon)
        text("apiVersion", apiVersion)
        text("condition", condition)
        text("tags", tags)
        text("appVersion", appVersion)
        if deprecated { w.key("deprecated"); w.bool(true) }
        if !annotations.isEmpty { w.key("annotations"); w.stringMap(annotations) }
        text("kubeVersion", kubeVersion)
        if !dependencies.isEmpty { w.key("dependencies"); try ChartDependency.writeList(dependencies, to: &w) }
        text("type", type)
        w.endObject()
    }
}

extension ChartDependency {
    /// `[]*chart.Dependency`: `name` and `repository` are written even when empty.
    static func writeList(_ list: [ChartDependency?], to w: inout GoStructWriter) throws(ReleaseStorageError) {
        w.beginArray()
        for dependency in list {
            w.element()
            guard let d = dependency else { w.null(); continue }
            w.beginObject()
            w.key("name"); w.string(d.name)
            if !d.version.isEmpty { w.key("version"); w.string(d.version) }
            w.key("repository"); w.string(d.repository)
            if !d.condition.isEmpty { w.key("condition"); w.string(d.condition) }
            if !d.tags.isEmpty { w.key("tags"); ReleaseHook.strings(d.tags, to: &w) }
            if d.enabled { w.key("enabled"); w.bool(true) }
            if !d.importValues.isEmpty {
                w.key("import-values")
                try w.value(.list(GoList(d.importValues)), field: "chart.metadata.dependencies.import-values")
            }
            if !d.alias.isEmpty { w.key("alias"); w.string(d.alias) }
            w.endObject()
        }
        w.endArray()
    }
}

extension ChartLock {
    /// `chart.Lock`: no `omitempty`; `generated` is a standard `time.Time`, re-written in Go's
    /// form (an absent one is the zero time, `0001-01-01T00:00:00Z`).
    func writeJSON(to w: inout GoStructWriter) throws(ReleaseStorageError) {
        w.beginObject()
        w.key("generated")
        if generated.isEmpty {
            try w.standardTime(.zero, field: "chart.lock.generated")
        } else if let time = ReleaseTime(rfc3339: generated) {
            try w.standardTime(time, field: "chart.lock.generated")
        } else {
            throw ReleaseStorageError(.unencodable, "chart.lock.generated: \(GoFormat.quote(generated)) is not an RFC 3339 time")
        }
        w.key("digest"); w.string(digest)
        w.key("dependencies")
        if dependencies.isEmpty { w.null() } else { try ChartDependency.writeList(dependencies, to: &w) }
        w.endObject()
    }
}
