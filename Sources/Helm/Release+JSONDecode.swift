import GoTemplate

/// `json.Unmarshal` into Helm's `release.Release`: what Helm (any 3.x) writes reads back, with
/// Go's leniency (unknown fields skipped, keys matched ignoring case, `null` as the zero
/// value) and Go's strictness (a string where a number belongs fails, naming the field).
extension Release {
    public init(json bytes: [UInt8]) throws(ReleaseStorageError) {
        let root = try StoredJSON.parse(String(decoding: bytes, as: UTF8.self))
        guard case .object(let members) = root else {
            throw ReleaseStorageError(.malformed, "json: cannot unmarshal \(root.kindName) into Go value of type release.Release")
        }
        let r = StoredStructReader(structName: "Release", path: [], members: members)
        self.init(name: try r.string("name"), namespace: try r.string("namespace"), version: try r.int("version"), info: nil)
        if let i = try r.object("info", structName: "Info", goType: "release.Info") {
            info = ReleaseInfo(
                firstDeployed: try i.time("first_deployed", helm: true),
                lastDeployed: try i.time("last_deployed", helm: true),
                deleted: try i.time("deleted", helm: true),
                description: try i.string("description"),
                status: ReleaseStatus(try i.string("status", goType: "release.Status")),
                notes: try i.string("notes"))
        }
        if let c = try r.object("chart", structName: "Chart", goType: "chart.Chart") { chart = try StoredChart(c) }
        config = try r.goMap("config")
        manifest = try r.string("manifest")
        if let items = try r.structs("hooks", structName: "Hook", goType: "release.Hook") {
            // A `null` item is a nil `*Hook`, which Helm itself would trip over; it is dropped.
            for case let h? in items { hooks.append(try ReleaseHook(h)) }
        }
    }
}

extension ReleaseHook {
    init(_ h: StoredStructReader) throws(ReleaseStorageError) {
        self.init(name: try h.string("name"), kind: try h.string("kind"), path: try h.string("path"),
                  manifest: try h.string("manifest"),
                  events: try h.strings("events", goType: "release.HookEvent").map(HookEvent.init(rawValue:)),
                  weight: try h.int("weight"),
                  deletePolicies: try h.strings("delete_policies", goType: "release.HookDeletePolicy")
                      .map(HookDeletePolicy.init(rawValue:)))
        if let run = try h.object("last_run", structName: "HookExecution", goType: "release.HookExecution") {
            lastRun = HookExecution(startedAt: try run.time("started_at", helm: true),
                                    completedAt: try run.time("completed_at", helm: true),
                                    phase: HookPhase(try run.string("phase", goType: "release.HookPhase")))
        }
    }
}

extension StoredChart {
    init(_ c: StoredStructReader) throws(ReleaseStorageError) {
        var metadata: ChartMetadata?
        if let m = try c.object("metadata", structName: "Metadata", goType: "chart.Metadata") {
            metadata = try ChartMetadata(stored: m)
        }
        var lock: ChartLock?
        if let l = try c.object("lock", structName: "Lock", goType: "chart.Lock") {
            var decoded = ChartLock()
            let generated = try l.time("generated", helm: false)
            decoded.generated = generated.isZero ? "" : generated.rfc3339 ?? ""
            decoded.digest = try l.string("digest")
            decoded.dependencies = try ChartDependency.storedList(l, field: "dependencies") ?? []
            lock = decoded
        }
        self.init(metadata: metadata, lock: lock, templates: try Self.files(c, "templates"),
                  values: try c.goMap("values"), schema: try c.bytes("schema"), files: try Self.files(c, "files"))
    }

    static func files(_ c: StoredStructReader, _ field: String) throws(ReleaseStorageError) -> [ChartFile] {
        guard let items = try c.structs(field, structName: "File", goType: "chart.File") else { return [] }
        var out: [ChartFile] = []
        out.reserveCapacity(items.count)
        for case let f? in items {
            out.append(ChartFile(name: try f.string("name"), data: try f.bytes("data") ?? []))
        }
        return out
    }
}

extension ChartMetadata {
    init(stored m: StoredStructReader) throws(ReleaseStorageError) {
        self.init()
        name = try m.string("name")
        home = try m.string("home")
        sources = try m.strings("sources")
        version = try m.string("version")
        description = try m.string("description")
        keywords = try m.strings("keywords")
        if let items = try m.structs("maintainers", structName: "Maintainer", goType: "chart.Maintainer") {
            var out: [ChartMaintainer?] = []
            for item in items {
                guard let item else { out.append(nil); continue }
                var maintainer = ChartMaintainer()
                maintainer.name = try item.string("name")
                maintainer.email = try item.string("email")
                maintainer.url = try item.string("url")
                out.append(maintainer)
            }
            maintainers = out
        }
        icon = try m.string("icon")
        apiVersion = try m.string("apiVersion")
        condition = try m.string("condition")
        tags = try m.string("tags")
        appVersion = try m.string("appVersion")
        deprecated = try m.bool("deprecated")
        annotations = try m.stringMap("annotations")
        kubeVersion = try m.string("kubeVersion")
        if let deps = try ChartDependency.storedList(m, field: "dependencies") {
            dependencies = deps
            hasDependencies = true
        }
        type = try m.string("type")
    }
}

extension ChartDependency {
    static func storedList(_ r: StoredStructReader, field: String) throws(ReleaseStorageError) -> [ChartDependency?]? {
        guard let items = try r.structs(field, structName: "Dependency", goType: "chart.Dependency") else { return nil }
        var out: [ChartDependency?] = []
        for item in items {
            guard let d = item else { out.append(nil); continue }
            var dependency = ChartDependency()
            dependency.name = try d.string("name")
            dependency.version = try d.string("version")
            dependency.repository = try d.string("repository")
            dependency.condition = try d.string("condition")
            dependency.tags = try d.strings("tags")
            dependency.enabled = try d.bool("enabled")
            if let values = try d.array("import-values", goType: "[]interface {}") {
                var converted: [GoValue] = []
                for value in values { converted.append(try value.goValue()) }
                dependency.importValues = converted
            }
            dependency.alias = try d.string("alias")
            out.append(dependency)
        }
        return out
    }
}
