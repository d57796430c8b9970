import Foundation
import Manifests

/// The engine's reading of kustomization and resource files, for callers that prepare a
/// directory before building it (Flux's generator in the kustomize controller): what they
/// read here is exactly what `build` will read.
extension Kustomize {
    /// The names a kustomization file may have, in kustomize's lookup order.
    public static var kustomizationFileNames: [String] { Loader.kustomizationFileNames }

    /// The fields of a kustomization file, read as the build reads them (kustomize's YAML
    /// dialect, duplicate keys tolerated), with top-level keys matched to kustomize's field
    /// names case-insensitively (Go's `encoding/json`). Keys kustomize does not know are
    /// dropped rather than refused — what a typed round trip through kustomize's
    /// `types.Kustomization` does, as Flux's generator does before it writes the file back.
    /// An empty file gives no fields. Throws `KustomizeError.malformedYAML` naming file and line.
    public static func kustomizationFields(file: String) throws -> JSONObject {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw KustomizeError.missingResource(file: file, field: "-", path: file)
        }
        let text = String(decoding: data, as: UTF8.self)
        let docs = try KYAML.documents(text, source: file, allowDuplicateKeys: true).filter { $0 != .null }
        guard docs.count <= 1 else {
            throw KustomizeError.malformedYAML(file: file, line: nil, reason: "a kustomization must be one YAML document")
        }
        guard case .object(let fields) = docs.first ?? .object([:]) else {
            throw KustomizeError.malformedYAML(file: file, line: nil, reason: "a kustomization must be a mapping")
        }
        var canonical = JSONObject()
        for (key, value) in fields {
            if let known = Kustomization.knownFields.first(where: { $0.lowercased() == key.lowercased() }) {
                canonical[known] = value
            }
        }
        return canonical
    }

    /// The resources of one YAML stream as the build loads a `resources` file: empty
    /// documents dropped, `List` kinds expanded, every other document a mapping with a kind
    /// and a `metadata.name`. Throws `KustomizeError` naming `file` (and the line for YAML errors).
    public static func resources(fromYAML text: String, file: String) throws -> [Resource] {
        try Builder.resources(fromYAML: text, file: file)
    }
}
