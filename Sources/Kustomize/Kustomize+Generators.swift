import Foundation
import Manifests

/// `configMapGenerator` and `secretGenerator` (and their plugin forms).
extension Builder {
    mutating func runGenerators(_ k: Kustomization, loader: Loader, into ra: inout Accumulator) throws {
        let globalOptions = k.fields["generatorOptions"] ?? .null
        for entry in k.list("configMapGenerator") {
            var r = try Generators.make(kind: "ConfigMap", args: entry, globalOptions: globalOptions,
                                        loader: loader, kfile: k.file, field: "configMapGenerator")
            r.origin = Origin(configuredIn: k.file, kind: "ConfigMapGenerator")
            try Generators.add(r, to: &ra, file: k.file, field: "configMapGenerator")
        }
        for entry in k.list("secretGenerator") {
            var r = try Generators.make(kind: "Secret", args: entry, globalOptions: globalOptions,
                                        loader: loader, kfile: k.file, field: "secretGenerator")
            r.origin = Origin(configuredIn: k.file, kind: "SecretGenerator")
            try Generators.add(r, to: &ra, file: k.file, field: "secretGenerator")
        }
        for entry in try k.strings("generators") {
            for config in try pluginConfigs(entry, field: "generators", k: k, loader: loader) {
                try runGeneratorPlugin(config, k: k, loader: loader, into: &ra)
            }
        }
    }

    mutating func runGeneratorPlugin(_ config: Resource, k: Kustomization, loader: Loader, into ra: inout Accumulator) throws {
        switch config.kind {
        case "ConfigMapGenerator", "SecretGenerator":
            var args = config.object
            if args["name"] == nil { args["name"] = config.object[path: "metadata", "name"] }
            if args["namespace"] == nil, let ns = config.object[path: "metadata", "namespace"] { args["namespace"] = ns }
            let kind = config.kind == "ConfigMapGenerator" ? "ConfigMap" : "Secret"
            var r = try Generators.make(kind: kind, args: args, globalOptions: .null, loader: loader,
                                        kfile: k.file, field: "generators")
            r.origin = Origin(configuredIn: config.origin?.path ?? k.file, apiVersion: config.apiVersion, kind: config.kind,
                              name: config.name)
            try Generators.add(r, to: &ra, file: k.file, field: "generators")
        case "IAMPolicyGenerator":
            let c = config.object
            guard c["cloud"]?.stringValue == "gke" else {
                throw KustomizeError.invalidField(file: k.file, field: "generators", reason: "IAMPolicyGenerator: only cloud gke is supported")
            }
            let svc = c["serviceAccount"] ?? .null
            let account = "\(svc["name"]?.stringValue ?? "")@\(svc["projectId"]?.stringValue ?? "").iam.gserviceaccount.com"
            var meta: JSONObject = ["name": c["kubernetesService"]?["name"] ?? .string("")]
            if let ns = c["kubernetesService"]?["namespace"]?.stringValue, !ns.isEmpty { meta["namespace"] = .string(ns) }
            meta["annotations"] = ["iam.gke.io/gcp-service-account": .string(account)]
            let sa: JSONValue = ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": .object(meta)]
            try ra.append(Resource(object: sa), file: k.file, field: "generators")
        default:
            if config.object[path: "metadata", "annotations", "config.kubernetes.io/function"] != nil
                || config.object[path: "metadata", "annotations", "config.k8s.io/function"] != nil {
                throw KustomizeError.unsupported(file: k.file, field: "generators",
                                                 reason: "KRM function \(config.kind) is not supported")
            }
            // A plain resource (e.g. from a kustomization directory) is simply added.
            if config.kind.hasSuffix("Generator") {
                throw KustomizeError.unsupported(file: k.file, field: "generators",
                                                 reason: "generator plugin \(config.kind) is not supported")
            }
            try ra.append(config, file: k.file, field: "generators")
        }
    }
}

enum Generators {
    /// Adds a generated resource honouring its `behavior` (create, merge, replace).
    static func add(_ r: Resource, to ra: inout Accumulator, file: String, field: String) throws {
        let matches = ra.resources.indices.filter {
            let o = ra.resources[$0]
            return o.gvk == r.gvk && (o.originalID.name == r.name || o.name == r.name)
                && (r.namespace.isEmpty || o.namespace == r.namespace || (o.namespace.isEmpty && r.namespace == "default")
                    || (r.namespace.isEmpty && o.namespace == "default"))
        }
        switch r.behavior {
        case "merge", "replace":
            guard let i = matches.first else {
                throw KustomizeError.conflict(file: file, field: field,
                                              reason: "id \(r.id) does not exist; cannot merge or replace")
            }
            var target = ra.resources[i]
            let oldObject = target.object
            if r.behavior == "replace" {
                target.object = r.object
                target.object[path: "metadata", "name"] = oldObject[path: "metadata", "name"]
                target.object[path: "metadata", "namespace"] = oldObject[path: "metadata", "namespace"]
                target.origin = r.origin
            } else {
                for key in ["data", "binaryData"] {
                    guard case .object(let add) = r.object[key] ?? .null else { continue }
                    var base = target.object[key]?.objectValue ?? [:]
                    for (k, v) in add { base[k] = v }
                    target.object[key] = .object(base)
                }
            }
            // Labels and annotations are the union, the newer generator winning.
            for key in ["labels", "annotations"] {
                var merged = oldObject[path: "metadata", key]?.objectValue ?? [:]
                for (k, v) in r.object[path: "metadata", key]?.objectValue ?? [:] { merged[k] = v }
                target.object[path: "metadata", key] = merged.isEmpty ? nil : .object(merged)
            }
            // A hash suffix survives only if both the original and the overlay want one.
            target.needsHash = target.needsHash && r.needsHash
            target.behavior = "create"
            ra.resources[i] = target
        default:
            if let i = matches.first, ra.resources[i].id.sameIdentity(r.id) {
                throw KustomizeError.conflict(file: file, field: field,
                                              reason: "cannot add \(r.id): a resource with this id already exists (use behavior merge or replace)")
            }
            try ra.append(r, file: file, field: field)
        }
    }

    static func make(kind: String, args: JSONValue, globalOptions: JSONValue, loader: Loader,
                     kfile: String, field: String) throws -> Resource {
        guard let name = args["name"]?.stringValue, !name.isEmpty else {
            throw KustomizeError.invalidField(file: kfile, field: field, reason: "a generator needs a name")
        }
        var pairs: [(String, String)] = []
        var binary: [(String, String)] = []
        var envs = (args["envs"]?.arrayValue ?? []).compactMap(\.stringValue)
        if let env = args["env"]?.stringValue, !env.isEmpty { envs.append(env) }
        for env in envs {
            let text = try loader.read(env, kfile: kfile, field: field)
            pairs += try parseEnvFile(text, file: loader.absolute(env), kfile: kfile, field: field)
        }
        for lit in (args["literals"]?.arrayValue ?? []) {
            let s = Kustomization.scalarString(lit)
            guard let eq = s.firstIndex(of: "=") else {
                throw KustomizeError.invalidField(file: kfile, field: field, reason: "invalid literal \"\(s)\": expected key=value")
            }
            let key = String(s[..<eq])
            var value = String(s[s.index(after: eq)...])
            if value.count >= 2, let f = value.first, f == "'" || f == "\"", value.last == f {
                value = String(value.dropFirst().dropLast())
            }
            pairs.append((key, value))
        }
        for src in (args["files"]?.arrayValue ?? []).compactMap(\.stringValue) {
            var key = (src as NSString).lastPathComponent
            var path = src
            if let eq = src.firstIndex(of: "=") {
                key = String(src[..<eq]); path = String(src[src.index(after: eq)...])
                if key.isEmpty || path.isEmpty {
                    throw KustomizeError.invalidField(file: kfile, field: field, reason: "invalid file source \"\(src)\"")
                }
            }
            let data = try loader.readData(path, kfile: kfile, field: field)
            if let text = String(data: data, encoding: .utf8) {
                pairs.append((key, text))
            } else {
                binary.append((key, encodeBase64(data)))
            }
        }
        var seen = Set<String>()
        for (k, _) in pairs + binary {
            if !seen.insert(k).inserted {
                throw KustomizeError.conflict(file: kfile, field: field,
                                              reason: "cannot add key \(k), another key by that name already exists")
            }
        }
        var obj: JSONObject = ["apiVersion": "v1", "kind": .string(kind)]
        var meta: JSONObject = ["name": .string(name)]
        if let ns = args["namespace"]?.stringValue, !ns.isEmpty { meta["namespace"] = .string(ns) }
        let options = args["options"] ?? .null
        var labels: JSONObject = [:], annotations: JSONObject = [:]
        for o in [globalOptions, options] {
            for (k, v) in o["labels"]?.objectValue ?? [:] { labels[k] = .string(Kustomization.scalarString(v)) }
            for (k, v) in o["annotations"]?.objectValue ?? [:] { annotations[k] = .string(Kustomization.scalarString(v)) }
        }
        if !labels.isEmpty { meta["labels"] = .object(labels) }
        if !annotations.isEmpty { meta["annotations"] = .object(annotations) }
        obj["metadata"] = .object(meta)
        if kind == "Secret" {
            obj["type"] = .string(args["type"]?.stringValue ?? "Opaque")
            var data: JSONObject = [:]
            for (k, v) in pairs { data[k] = .string(encodeBase64(Data(v.utf8))) }
            for (k, v) in binary { data[k] = .string(v) }
            // kustomize's secret generator always writes `data`, `{}` when nothing was given
            // (and hashes it so); the config map generator writes only what it has.
            obj["data"] = .object(data)
        } else {
            if !pairs.isEmpty { obj["data"] = .object(JSONObject(uniqueKeysWithValues: pairs.map { ($0.0, JSONValue.string($0.1)) })) }
            if !binary.isEmpty { obj["binaryData"] = .object(JSONObject(uniqueKeysWithValues: binary.map { ($0.0, JSONValue.string($0.1)) })) }
        }
        let immutable = globalOptions["immutable"]?.boolValue == true || options["immutable"]?.boolValue == true
        if immutable { obj["immutable"] = true }
        var r = Resource(object: .object(obj))
        // kustomize ORs the kustomization-wide and the generator's own setting.
        let disable = options["disableNameSuffixHash"]?.boolValue == true || globalOptions["disableNameSuffixHash"]?.boolValue == true
        r.needsHash = !disable
        // kustomize's `NewGenerationBehavior` knows exactly "create", "merge" and "replace";
        // anything else ("", "unspecified", "Merge") is its unspecified behavior, which adds
        // the resource as create does.
        let behavior = args["behavior"]?.stringValue ?? "create"
        r.behavior = ["merge", "replace"].contains(behavior) ? behavior : "create"
        return r
    }

    /// kustomize's `encodeBase64`: base64 broken into 70-character lines, each followed by a
    /// newline, once the encoding reaches 70 characters.
    static func encodeBase64(_ data: Data) -> String {
        let enc = data.base64EncodedString()
        guard enc.count >= 70 else { return enc }
        var out = ""
        var i = enc.startIndex
        while i < enc.endIndex {
            let j = enc.index(i, offsetBy: 70, limitedBy: enc.endIndex) ?? enc.endIndex
            out += enc[i..<j] + "\n"
            i = j
        }
        return out
    }

    static func parseEnvFile(_ text: String, file: String, kfile: String, field: String) throws -> [(String, String)] {
        var out: [(String, String)] = []
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        for raw in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            var line = raw
            if line.hasSuffix("\r") { line = line.dropLast() }
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if let eq = trimmed.firstIndex(of: "=") {
                let key = String(trimmed[..<eq])
                if key.isEmpty {
                    throw KustomizeError.invalidField(file: file, field: field, reason: "invalid env key \"\(key)\"")
                }
                out.append((key, String(trimmed[trimmed.index(after: eq)...])))
            } else {
                let key = String(trimmed)
                out.append((key, ProcessInfo.processInfo.environment[key] ?? ""))
            }
        }
        return out
    }
}
