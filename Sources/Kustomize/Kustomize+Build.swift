import Foundation
import Manifests

/// The resources, transformer configuration and vars gathered so far (kustomize's `ResAccumulator`).
struct Accumulator {
    var resources: [Resource] = []
    /// Starts empty: each kustomization merges its own configuration (the defaults, or its
    /// `configurations` followed by the defaults) after its resources' configurations.
    var config = TransformerConfig()
    var vars: [JSONValue] = []

    /// Appends, refusing a second resource with the same id (kustomize's `AppendAll`).
    mutating func append(_ r: Resource, file: String, field: String) throws {
        try append(contentsOf: [r], file: file, field: field)
    }

    mutating func append(contentsOf new: [Resource], file: String, field: String) throws {
        var seen = Set(resources.map(\.id.identityKey))
        for r in new {
            guard seen.insert(r.id.identityKey).inserted else {
                throw KustomizeError.conflict(file: file, field: field,
                                              reason: "may not add resource with an already registered id: \(r.id)")
            }
            resources.append(r)
        }
    }
}

/// Runs the build: kustomize's `KustTarget` recursion plus the final, top-level-only steps.
struct Builder {
    /// The build's options; while a remote base is built, `fileSystemRoot` is its clone.
    var options: Kustomize.Options
    /// The clones of remote bases, shared by the whole build.
    let fetcher = RemoteFetcher()
    /// Directories being built, to detect cycles.
    var stack: [String] = []
    /// The schema for strategic merge; the first kustomization loaded with an `openapi`
    /// field decides (an overlay's choice wins over its bases').
    var schema = PatchSchema.builtin
    var schemaChosen = false

    init(options: Kustomize.Options) { self.options = options }

    mutating func buildTop(directory: String) throws -> [Resource] {
        let dir = Loader.canonical(directory)
        guard Loader.isDirectory(dir) else { throw KustomizeError.missingKustomization(directory: dir) }
        try Loader(root: dir, options: options).checkFileSystemRoot(dir, kfile: dir, field: "-")
        let k = try loadKustomization(dir: dir)
        var ra = Accumulator()
        try accumulate(k, into: &ra)
        try finish(&ra, top: k)
        return ra.resources
    }

    /// `openapi`: the first kustomization loaded that names a schema decides, for the whole
    /// build (kustomize keeps it in global state, so an overlay's choice beats its bases').
    mutating func chooseSchema(_ k: Kustomization) throws {
        guard let openapi = k.fields["openapi"], openapi != .null, !schemaChosen else { return }
        schemaChosen = true
        if let p = openapi["path"]?.stringValue {
            let loader = Loader(root: k.dir, options: options)
            let text = try loader.read(p, kfile: k.file, field: "openapi")
            schema = PatchSchema.custom(try KYAML.documents(text, source: loader.absolute(p)).first ?? .null)
        } else if let v = openapi["version"].map(Kustomization.scalarString), v != "v1.21.2" {
            throw KustomizeError.invalidField(file: k.file, field: "openapi",
                                              reason: "the specified OpenAPI version \(v) is not built in (only v1.21.2)")
        }
    }

    func loadKustomization(dir: String) throws -> Kustomization {
        let kfile = try Loader.kustomizationFile(in: dir)
        let text = try Loader(root: dir, restrictor: .none, fileSystemRoot: options.fileSystemRoot).read(kfile, kfile: kfile, field: "-")
        return try Kustomization(file: kfile, dir: dir, text: text)
    }

    /// kustomize's `accumulateTarget`: resources, configurations, generators, components,
    /// transformers, vars — in that order.
    mutating func accumulate(_ k: Kustomization, into ra: inout Accumulator) throws {
        if stack.contains(k.dir) { throw KustomizeError.cycle(path: k.dir) }
        try k.validateKind(asComponent: k.isComponent)
        for w in k.deprecationWarnings { options.warningHandler?(w) }
        try chooseSchema(k)
        stack.append(k.dir)
        defer { stack.removeLast() }
        let loader = Loader(root: k.dir, options: options)

        for field in ["resources", "bases"] {
            for entry in try k.strings(field) {
                try accumulateResource(entry, field: field, k: k, loader: loader, into: &ra)
            }
        }
        var own = TransformerConfig()
        for file in try k.strings("configurations") {
            let text = try loader.read(file, kfile: k.file, field: "configurations")
            var next = try TransformerConfig.parse(text, file: loader.absolute(file))
            try next.merge(own)
            own = next
        }
        try own.merge(.defaults)
        try ra.config.merge(own)
        for file in try k.strings("crds") {
            let text = try loader.read(file, kfile: k.file, field: "crds")
            try ra.config.mergeCRDs(text, file: loader.absolute(file))
        }
        try runGenerators(k, loader: loader, into: &ra)
        for entry in try k.strings("components") {
            if !Loader.exists(loader.absolute(entry)), RemoteSpec.looksRemote(entry) {
                let (dir, root) = try remoteDirectory(entry, field: "components", k: k)
                try withFileSystemRoot(root) { b in
                    let sub = try b.loadKustomization(dir: dir)
                    guard sub.isComponent else {
                        throw KustomizeError.invalidField(file: sub.file, field: "kind", reason: "expected kind 'Component' for a component, got '\(sub.string("kind") ?? "Kustomization")'")
                    }
                    try b.accumulate(sub, into: &ra)
                }
                continue
            }
            let dir = loader.absolute(entry)
            try loader.checkFileSystemRoot(dir, kfile: k.file, field: "components")
            guard Loader.isDirectory(dir) else {
                throw KustomizeError.missingResource(file: k.file, field: "components", path: dir)
            }
            let sub = try loadKustomization(dir: dir)
            guard sub.isComponent else {
                throw KustomizeError.invalidField(file: sub.file, field: "kind", reason: "expected kind 'Component' for a component, got '\(sub.string("kind") ?? "Kustomization")'")
            }
            try accumulate(sub, into: &ra)
        }
        try runBuiltinTransformers(k, loader: loader, into: &ra)
        try runTransformerPlugins(k, loader: loader, into: &ra)
        try runValidators(k, loader: loader, into: &ra)
        try Vars.bind(k.list("vars"), in: &ra.resources, kfile: k.file)
        for v in k.list("vars") {
            let name = v["name"]?.stringValue ?? ""
            if ra.vars.contains(where: { $0["name"]?.stringValue == name }) {
                throw KustomizeError.conflict(file: k.file, field: "vars", reason: "var '\(name)' already encountered")
            }
            ra.vars.append(v)
        }
    }

    mutating func accumulateResource(_ entry: String, field: String, k: Kustomization, loader: Loader,
                                     into ra: inout Accumulator) throws {
        let path = loader.absolute(entry)
        if !Loader.exists(path), RemoteSpec.looksRemote(entry) {
            let (dir, root) = try remoteDirectory(entry, field: field, k: k)
            try withFileSystemRoot(root) { b in try b.accumulateDirectory(dir, field: field, k: k, into: &ra) }
            return
        }
        try loader.checkFileSystemRoot(path, kfile: k.file, field: field)
        if Loader.isDirectory(path) {
            try accumulateDirectory(path, field: field, k: k, into: &ra)
            return
        }
        guard Loader.exists(path) else {
            throw KustomizeError.missingResource(file: k.file, field: field, path: path)
        }
        let text = try loader.read(entry, kfile: k.file, field: field)
        let loaded = try Builder.resources(fromYAML: text, file: path).map { r -> Resource in
            var r = r
            r.origin = Origin(path: path)
            return r
        }
        try ra.append(contentsOf: loaded, file: k.file, field: field)
    }

    /// A `resources` entry that is a kustomization directory: built on its own, then appended.
    mutating func accumulateDirectory(_ path: String, field: String, k: Kustomization, into ra: inout Accumulator) throws {
        do {
            let sub = try loadKustomization(dir: path)
            if sub.isComponent {
                throw KustomizeError.invalidField(file: sub.file, field: "kind", reason: "expected kind 'Kustomization' for a resource, got 'Component'")
            }
            var subRA = Accumulator()
            try accumulate(sub, into: &subRA)
            try ra.append(contentsOf: subRA.resources, file: k.file, field: field)
            try ra.config.merge(subRA.config)
            for v in subRA.vars {
                let name = v["name"]?.stringValue ?? ""
                if ra.vars.contains(where: { $0["name"]?.stringValue == name }) {
                    throw KustomizeError.conflict(file: k.file, field: field, reason: "var '\(name)' already encountered")
                }
                ra.vars.append(v)
            }
        }
    }

    /// kustomize rewrites annotations as a string map (it adds and removes its internal
    /// annotations on every resource), so `port: 8080` becomes "8080"; labels keep their type.
    static func normaliseMetadata(_ doc: JSONValue) -> JSONValue {
        var doc = doc
        for key in ["annotations"] {
            guard case .object(var m) = doc[path: "metadata", key] ?? .null else { continue }
            for (k, v) in m {
                switch v {
                case .string, .object, .array: continue
                default: m[k] = .string(Kustomization.scalarString(v))
                }
            }
            doc[path: "metadata", key] = .object(m)
        }
        return doc
    }

    /// The resources of one YAML stream: empty documents dropped, `List` kinds expanded.
    static func resources(fromYAML text: String, file: String) throws -> [Resource] {
        var out: [Resource] = []
        for doc in try KYAML.documents(text, source: file) {
            guard doc != .null else { continue }
            guard case .object = doc else {
                throw KustomizeError.malformedYAML(file: file, line: nil, reason: "a resource must be a mapping")
            }
            if let kind = doc["kind"]?.stringValue, kind.hasSuffix("List"), let items = doc["items"]?.arrayValue {
                for item in items where item != .null { out.append(Resource(object: normaliseMetadata(item))) }
                continue
            }
            guard doc["kind"]?.stringValue != nil, !(doc["kind"]?.stringValue ?? "").isEmpty else {
                throw KustomizeError.invalidField(file: file, field: "kind", reason: "missing kind in resource")
            }
            guard let name = doc[path: "metadata", "name"]?.stringValue, !name.isEmpty else {
                throw KustomizeError.invalidField(file: file, field: "metadata.name",
                                                  reason: "missing metadata.name in a \(doc["kind"]?.stringValue ?? "") resource")
            }
            out.append(Resource(object: normaliseMetadata(doc)))
        }
        return out
    }
}
