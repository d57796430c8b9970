import Foundation
import Manifests

/// The builtin transformers of a kustomization, in kustomize's fixed order, and the
/// `transformers`/`validators` plugin fields.
extension Builder {
    /// kustomize's builtin transformers in their fixed order. Each configured instance (one
    /// per `patches`/`patchesJson6902`/`replicas`/`images`/`labels` entry) is recorded on every
    /// resource for `buildMetadata: [transformerAnnotations]`.
    mutating func runBuiltinTransformers(_ k: Kustomization, loader: Loader, into ra: inout Accumulator) throws {
        let smp = k.list("patchesStrategicMerge")
        for entry in smp {
            let s = Kustomization.scalarString(entry)
            let text: String
            let source: String
            if s.unicodeScalars.contains("\n") || !Loader.exists(loader.absolute(s)) && (s.contains(":") && s.contains(" ")) {
                text = s; source = k.file
            } else {
                text = try loader.read(s, kfile: k.file, field: "patchesStrategicMerge"); source = loader.absolute(s)
            }
            try Patches.applySMPText(text, target: nil, source: source, kfile: k.file, field: "patchesStrategicMerge", schema: schema, to: &ra.resources)
        }
        if !smp.isEmpty { recordTransformation("PatchStrategicMergeTransformer", k: k, in: &ra.resources) }
        for p in k.list("patches") {
            try Patches.applyPatchEntry(p, loader: loader, kfile: k.file, field: "patches", schema: schema, to: &ra.resources)
            recordTransformation("PatchTransformer", k: k, in: &ra.resources)
        }
        if let ns = k.string("namespace"), !ns.isEmpty {
            Transformers.setNamespace(ns, specs: ra.config.namespace, in: &ra.resources)
            recordTransformation("NamespaceTransformer", k: k, in: &ra.resources)
        }
        let prefix = k.string("namePrefix") ?? "", suffix = k.string("nameSuffix") ?? ""
        if !prefix.isEmpty || !suffix.isEmpty {
            var specs = ra.config.namePrefix
            TransformerConfig.appendUnique(&specs, ra.config.nameSuffix)
            Transformers.addPrefixSuffix(prefix: prefix, suffix: suffix, specs: specs, in: &ra.resources)
            if !prefix.isEmpty { recordTransformation("PrefixTransformer", k: k, in: &ra.resources) }
            if !suffix.isEmpty { recordTransformation("SuffixTransformer", k: k, in: &ra.resources) }
        }
        for label in k.list("labels") {
            let pairs = (label["pairs"]?.objectValue ?? [:]).map { ($0.key, Kustomization.scalarString($0.value)) }
            var specs: [FieldSpec] = []
            if label["includeSelectors"]?.boolValue == true {
                specs = ra.config.commonLabels
            } else {
                if label["includeTemplates"]?.boolValue == true { specs = ra.config.templateLabels }
                TransformerConfig.appendUnique(&specs, [FieldSpec(path: "metadata/labels", create: true)])
            }
            TransformerConfig.appendUnique(&specs, ra.config.labels)
            specs += (label["fields"]?.arrayValue ?? []).map(FieldSpec.init)
            Transformers.addMapEntries(pairs, specs: specs, in: &ra.resources)
            recordTransformation("LabelTransformer", k: k, in: &ra.resources)
        }
        let commonLabels = k.stringMap("commonLabels")
        if !commonLabels.isEmpty {
            Transformers.addMapEntries(commonLabels, specs: ra.config.commonLabels, in: &ra.resources)
            recordTransformation("LabelTransformer", k: k, in: &ra.resources)
        }
        let commonAnnotations = k.stringMap("commonAnnotations")
        if !commonAnnotations.isEmpty {
            Transformers.addMapEntries(commonAnnotations, specs: ra.config.commonAnnotations, in: &ra.resources)
            recordTransformation("AnnotationsTransformer", k: k, in: &ra.resources)
        }
        for p in k.list("patchesJson6902") {
            try Patches.applyPatchEntry(p, loader: loader, kfile: k.file, field: "patchesJson6902", schema: schema, to: &ra.resources)
            recordTransformation("PatchJson6902Transformer", k: k, in: &ra.resources)
        }
        for replica in k.list("replicas") {
            Transformers.setReplicas([replica], specs: ra.config.replicas, in: &ra.resources)
            recordTransformation("ReplicaCountTransformer", k: k, in: &ra.resources)
        }
        for image in k.list("images") + k.list("imageTags") {
            Transformers.setImages([image], specs: ra.config.images, in: &ra.resources)
            recordTransformation("ImageTagTransformer", k: k, in: &ra.resources)
        }
        if !k.list("replacements").isEmpty {
            try Replacements.apply(k.list("replacements"), loader: loader, kfile: k.file, to: &ra.resources)
            recordTransformation("ReplacementTransformer", k: k, in: &ra.resources)
        }
    }

    mutating func runTransformerPlugins(_ k: Kustomization, loader: Loader, into ra: inout Accumulator) throws {
        for entry in try k.strings("transformers") {
            for config in try pluginConfigs(entry, field: "transformers", k: k, loader: loader) {
                try runTransformerPlugin(config, k: k, loader: loader, into: &ra)
            }
        }
    }

    mutating func runValidators(_ k: Kustomization, loader: Loader, into ra: inout Accumulator) throws {
        for entry in try k.strings("validators") {
            for config in try pluginConfigs(entry, field: "validators", k: k, loader: loader) {
                throw KustomizeError.unsupported(file: k.file, field: "validators", reason: "validator \(config.kind) is not supported")
            }
        }
    }

    /// Plugin configs named by a `generators`/`transformers`/`validators` entry: a file, a
    /// kustomization directory (whose output are the configs) or inline YAML.
    mutating func pluginConfigs(_ entry: String, field: String, k: Kustomization, loader: Loader) throws -> [Resource] {
        if entry.unicodeScalars.contains("\n") {
            return try Builder.resources(fromYAML: entry, file: k.file)
        }
        if Kustomization.isRemote(entry) {
            throw KustomizeError.unsupported(file: k.file, field: field, reason: "remote plugins are not supported: \(entry)")
        }
        let path = loader.absolute(entry)
        try loader.checkFileSystemRoot(path, kfile: k.file, field: field)
        if Loader.isDirectory(path) {
            let sub = try loadKustomization(dir: path)
            var subRA = Accumulator()
            try accumulate(sub, into: &subRA)
            return subRA.resources
        }
        guard Loader.exists(path) else { throw KustomizeError.missingResource(file: k.file, field: field, path: path) }
        let text = try loader.read(entry, kfile: k.file, field: field)
        return try Builder.resources(fromYAML: text, file: path).map { r in
            var r = r
            r.origin = Origin(path: path)
            return r
        }
    }

    mutating func runTransformerPlugin(_ config: Resource, k: Kustomization, loader: Loader, into ra: inout Accumulator) throws {
        let c = config.object
        func specs(_ key: String = "fieldSpecs") -> [FieldSpec] { (c[key]?.arrayValue ?? []).map(FieldSpec.init) }
        func pairs(_ key: String) -> [(String, String)] {
            (c[key]?.objectValue ?? [:]).map { ($0.key, Kustomization.scalarString($0.value)) }
        }
        if c[path: "metadata", "annotations", "config.kubernetes.io/function"] != nil
            || c[path: "metadata", "annotations", "config.k8s.io/function"] != nil {
            throw KustomizeError.unsupported(file: k.file, field: "transformers", reason: "KRM function \(config.kind) is not supported")
        }
        recordTransformation(config.kind, k: k, name: config.name, namespace: config.namespace, configFile: config.origin?.path,
                             apiVersion: config.apiVersion, in: &ra.resources)
        switch config.kind {
        case "PrefixSuffixTransformer", "PrefixTransformer", "SuffixTransformer":
            Transformers.addPrefixSuffix(prefix: c["prefix"]?.stringValue ?? "", suffix: c["suffix"]?.stringValue ?? "",
                                         specs: specs(), in: &ra.resources)
        case "LabelTransformer":
            Transformers.addMapEntries(pairs("labels"), specs: specs(), in: &ra.resources)
        case "AnnotationsTransformer":
            Transformers.addMapEntries(pairs("annotations"), specs: specs(), in: &ra.resources)
        case "NamespaceTransformer":
            let ns = c[path: "metadata", "namespace"]?.stringValue ?? ""
            Transformers.setNamespace(ns, specs: specs(), unsetOnly: c["unsetOnly"]?.boolValue ?? false, in: &ra.resources)
        case "ReplicaCountTransformer":
            Transformers.setReplicas([c["replica"] ?? .null], specs: specs(), in: &ra.resources)
        case "ImageTagTransformer":
            Transformers.setImages([c["imageTag"] ?? .null], specs: specs(), in: &ra.resources)
        case "PatchTransformer", "PatchJson6902Transformer":
            try Patches.applyPatchEntry(c, loader: loader, kfile: k.file, field: "transformers", schema: schema, to: &ra.resources)
        case "PatchStrategicMergeTransformer":
            for p in (c["paths"]?.arrayValue ?? []).compactMap(\.stringValue) {
                let text = try loader.read(p, kfile: k.file, field: "transformers")
                try Patches.applySMPText(text, target: nil, source: loader.absolute(p), kfile: k.file, field: "transformers", schema: schema, to: &ra.resources)
            }
            if let inline = c["patches"]?.stringValue {
                try Patches.applySMPText(inline, target: nil, source: k.file, kfile: k.file, field: "transformers", schema: schema, to: &ra.resources)
            }
        case "ReplacementTransformer":
            try Replacements.apply(c["replacements"]?.arrayValue ?? [], loader: loader, kfile: k.file, to: &ra.resources)
        case "HashTransformer":
            for i in ra.resources.indices where ra.resources[i].needsHash { Builder.addHash(&ra.resources[i]) }
        default:
            throw KustomizeError.unsupported(file: k.file, field: "transformers",
                                             reason: "transformer plugin \(config.apiVersion)/\(config.kind) is not supported")
        }
    }

    static func addHash(_ r: inout Resource) {
        r.rememberID()
        let h = Hasher.hash(r.object)
        r.name = r.name + "-" + h
        r.needsHash = false
    }
}
