import FerryAPI
import Manifests

extension FluxBuild {
    /// Flux's `Generator.WriteFile` merge, as a pure function of the kustomization's fields:
    /// `targetNamespace`, `namePrefix`, `nameSuffix` replace the kustomization's own;
    /// `patches` and `components` are appended after its own; an image replaces the entry
    /// of the same name or is appended. `apiVersion`/`kind` default to a Kustomization's.
    /// `componentExists` answers for `ignoreMissingComponents` (paths relative to the
    /// kustomization's directory). `commonMetadata` is not merged here: Flux sets it on the
    /// built objects (`ssautil.SetCommonMetadata`), see `setCommonMetadata`.
    static func merge(_ fields: JSONObject, options: FluxBuildOptions,
                      componentExists: (String) -> Bool) throws(FluxBuildError) -> JSONObject {
        var k = JSONObject()
        k["apiVersion"] = fields["apiVersion"] ?? "kustomize.config.k8s.io/v1beta1"
        k["kind"] = fields["kind"] ?? "Kustomization"
        for (key, value) in fields where key != "apiVersion" && key != "kind" { k[key] = value }

        func replace(_ key: String, _ value: String?) {
            guard let value else { return }
            k[key] = value.isEmpty ? nil : .string(value)   // Go's omitempty: "" clears it
        }
        replace("namespace", options.targetNamespace)
        replace("namePrefix", options.namePrefix)
        replace("nameSuffix", options.nameSuffix)

        if !options.patches.isEmpty {
            k["patches"] = .array((k["patches"]?.arrayValue ?? []) + options.patches.map(patchValue))
        }
        if !options.components.isEmpty {
            var components = k["components"]?.arrayValue ?? []
            for component in options.components {
                guard isLocalRelative(component) else {
                    throw FluxBuildError(.generate, "component path '\(component)' must be local and relative")
                }
                if options.ignoreMissingComponents && !componentExists(component) { continue }
                components.append(.string(component))
            }
            k["components"] = .array(components)
        }
        if !options.buildMetadata.isEmpty {
            k["buildMetadata"] = .array(options.buildMetadata.map(JSONValue.string))
        }
        if !options.images.isEmpty {
            var images = k["images"]?.arrayValue ?? []
            for image in options.images {
                let value = imageValue(image)
                if let i = images.firstIndex(where: { $0["name"]?.stringValue == image.name }) {
                    images[i] = value
                } else {
                    images.append(value)
                }
            }
            k["images"] = .array(images)
        }
        return k
    }

    /// Flux's `IsLocalRelativePath`: not absolute and not something kustomize would fetch.
    static func isLocalRelative(_ path: String) -> Bool {
        !path.hasPrefix("/") && !path.contains("://") && !path.hasPrefix("git@")
            && !path.hasPrefix("github.com/") && !path.hasPrefix("gitlab.com/") && !path.hasPrefix("bitbucket.org/")
    }

    static func patchValue(_ patch: KustomizePatch) -> JSONValue {
        var p: JSONObject = ["patch": .string(patch.patch)]
        if let t = patch.target {
            var target = JSONObject()
            for (key, value) in [("group", t.group), ("version", t.version), ("kind", t.kind), ("name", t.name),
                                 ("namespace", t.namespace), ("labelSelector", t.labelSelector),
                                 ("annotationSelector", t.annotationSelector)] {
                if let value, !value.isEmpty { target[key] = .string(value) }
            }
            p["target"] = .object(target)
        }
        return .object(p)
    }

    static func imageValue(_ image: KustomizeImage) -> JSONValue {
        var i: JSONObject = ["name": .string(image.name)]
        for (key, value) in [("newName", image.newName), ("newTag", image.newTag), ("digest", image.digest)] {
            if let value, !value.isEmpty { i[key] = .string(value) }
        }
        return .object(i)
    }

    /// Flux's `ssautil.SetCommonMetadata`: every object gets the labels and annotations on
    /// its own metadata, replacing values of the same keys.
    public static func setCommonMetadata(_ metadata: CommonMetadata?, on objects: inout [JSONValue]) {
        guard let metadata else { return }
        for field in ["labels", "annotations"] {
            let values = (field == "labels" ? metadata.labels : metadata.annotations) ?? [:]
            guard !values.isEmpty else { continue }
            for i in objects.indices {
                var map = objects[i][path: "metadata", field]?.objectValue ?? [:]
                for key in values.keys.sorted() { map[key] = .string(values[key]!) }
                objects[i][path: "metadata", field] = .object(map)
            }
        }
    }
}
