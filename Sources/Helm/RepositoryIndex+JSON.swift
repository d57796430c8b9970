import GoTemplate
import Sprig

/// The bytes Flux's HelmRepository stores as its artifact: the loaded index (entries
/// validated and sorted) as Go's `json.MarshalIndent(index, "", "  ")` writes a
/// `repo.IndexFile` — struct fields in declaration order, `omitempty` fields left out when
/// empty, map keys sorted, `<>&` escaped. Consumers (HelmChart) read it back with ``load``.
extension RepositoryIndex {
    public func canonicalJSON() throws(HelmError) -> [UInt8] {
        var w = IndexJSONWriter()
        try w.object { (w) throws(HelmError) in
            if let serverInfo, serverInfo.count > 0 { try w.field("serverInfo") { (w) throws(HelmError) in try w.any(.map(serverInfo)) } }
            w.field("apiVersion") { $0.string(apiVersion) }
            w.field("generated") { $0.string(generated.rfc3339) }
            try w.field("entries") { (w) throws(HelmError) in
                try w.object { (w) throws(HelmError) in
                    for name in entries.keys.sorted() {
                        let versions = entries[name] ?? []
                        try w.field(name) { (w) throws(HelmError) in
                            try w.array(versions) { (w, v) throws(HelmError) in try w.chartVersion(v) }
                        }
                    }
                }
            }
            if !publicKeys.isEmpty { w.field("publicKeys") { $0.strings(publicKeys) } }
            if !annotations.isEmpty { w.field("annotations") { $0.stringMap(annotations) } }
        }
        return w.out
    }
}

/// Go's indented JSON, written field by field so struct order is kept.
struct IndexJSONWriter {
    var out: [UInt8] = []
    var depth = 0
    /// Whether the current object or array already has a member (a comma goes before the next).
    var hasMember: [Bool] = []

    mutating func raw(_ s: String) { out.append(contentsOf: s.utf8) }

    mutating func newline() {
        out.append(0x0A)
        out.append(contentsOf: [UInt8](repeating: 0x20, count: depth * 2))
    }

    mutating func member() {
        if hasMember.last == true { out.append(UInt8(ascii: ",")) }
        if !hasMember.isEmpty { hasMember[hasMember.count - 1] = true }
        newline()
    }

    mutating func string(_ s: String) { raw(GoJSON.quote(s)) }

    mutating func object<E: Error>(_ body: (inout IndexJSONWriter) throws(E) -> Void) throws(E) {
        raw("{")
        depth += 1
        hasMember.append(false)
        try body(&self)
        let had = hasMember.removeLast()
        depth -= 1
        if had { newline() }
        raw("}")
    }

    mutating func array<T, E: Error>(_ items: [T], _ body: (inout IndexJSONWriter, T) throws(E) -> Void) throws(E) {
        raw("[")
        depth += 1
        hasMember.append(false)
        for item in items {
            member()
            try body(&self, item)
        }
        let had = hasMember.removeLast()
        depth -= 1
        if had { newline() }
        raw("]")
    }

    mutating func field<E: Error>(_ name: String, _ body: (inout IndexJSONWriter) throws(E) -> Void) throws(E) {
        member()
        string(name)
        raw(": ")
        try body(&self)
    }

    mutating func strings(_ items: [String]) { array(items) { $0.string($1) } }

    mutating func stringMap(_ map: [String: String]) {
        object { w in
            for key in map.keys.sorted() { w.field(key) { $0.string(map[key] ?? "") } }
        }
    }

    /// An arbitrary value through Sprig's Go JSON encoder, re-indented to this depth.
    mutating func any(_ value: GoValue) throws(HelmError) {
        let text: String
        do throws(GoFunctionError) {
            text = try GoJSON.marshalIndent(value)
        } catch {
            throw HelmError(error.message)
        }
        let pad = "\n" + String(repeating: " ", count: depth * 2)
        raw(text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: pad))
    }

    mutating func chartVersion(_ v: IndexChartVersion) throws(HelmError) {
        let m = v.metadata
        try object { (w) throws(HelmError) in
            func text(_ name: String, _ value: String) { if !value.isEmpty { w.field(name) { $0.string(value) } } }
            text("name", m.name)
            text("home", m.home)
            if !m.sources.isEmpty { w.field("sources") { $0.strings(m.sources) } }
            text("version", m.version)
            text("description", m.description)
            if !m.keywords.isEmpty { w.field("keywords") { $0.strings(m.keywords) } }
            if !m.maintainers.isEmpty {
                w.field("maintainers") { w in
                    w.array(m.maintainers) { w, maintainer in
                        guard let maintainer else { w.raw("null"); return }
                        w.object { w in
                            if !maintainer.name.isEmpty { w.field("name") { $0.string(maintainer.name) } }
                            if !maintainer.email.isEmpty { w.field("email") { $0.string(maintainer.email) } }
                            if !maintainer.url.isEmpty { w.field("url") { $0.string(maintainer.url) } }
                        }
                    }
                }
            }
            text("icon", m.icon)
            text("apiVersion", m.apiVersion)
            text("condition", m.condition)
            text("tags", m.tags)
            text("appVersion", m.appVersion)
            if m.deprecated { w.field("deprecated") { $0.raw("true") } }
            if !m.annotations.isEmpty { w.field("annotations") { $0.stringMap(m.annotations) } }
            text("kubeVersion", m.kubeVersion)
            if !m.dependencies.isEmpty {
                try w.field("dependencies") { (w) throws(HelmError) in
                    try w.array(m.dependencies) { (w, d) throws(HelmError) in try w.dependency(d) }
                }
            }
            text("type", m.type)
            if v.urls.isEmpty { w.field("urls") { $0.raw("null") } } else { w.field("urls") { $0.strings(v.urls) } }
            w.field("created") { $0.string(v.created.rfc3339) }
            if v.removed { w.field("removed") { $0.raw("true") } }
            text("digest", v.digest)
            text("checksum", v.checksum)
            text("engine", v.engine)
            text("tillerVersion", v.tillerVersion)
            text("url", v.url)
        }
    }

    mutating func dependency(_ d: ChartDependency?) throws(HelmError) {
        guard let d else { raw("null"); return }
        try object { (w) throws(HelmError) in
            w.field("name") { $0.string(d.name) }
            if !d.version.isEmpty { w.field("version") { $0.string(d.version) } }
            w.field("repository") { $0.string(d.repository) }
            if !d.condition.isEmpty { w.field("condition") { $0.string(d.condition) } }
            if !d.tags.isEmpty { w.field("tags") { $0.strings(d.tags) } }
            if d.enabled { w.field("enabled") { $0.raw("true") } }
            if !d.importValues.isEmpty {
                try w.field("import-values") { (w) throws(HelmError) in try w.any(.array(d.importValues)) }
            }
            if !d.alias.isEmpty { w.field("alias") { $0.string(d.alias) } }
        }
    }
}
