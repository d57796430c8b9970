import GoTemplate
import Sprig

/// A HelmChart's `valuesFiles`, merged as Flux's source-controller merges them before writing
/// the result into the packaged chart's values.yaml (`mergeFileValues` with
/// `transform.MergeMaps`): files in order, maps merged deeply, a later file's scalar, list or
/// `null` replacing what came before.
public enum ValuesFilesMerge {
    /// What reading one values file found.
    public enum Contents: Sendable {
        case file([UInt8])
        /// Nothing at that path (ignored with `ignoreMissingValuesFiles`).
        case missing
        /// Something that is not a regular file (a directory, a device): always an error.
        case notRegularFile
    }

    public struct Result: Sendable {
        public var values: GoMap
        /// The references that contributed, in order (a skipped missing file is not among them).
        public var files: [String]
    }

    /// Merges the files `references` name (paths relative to the source's root, as the
    /// HelmChart spec writes them), reading each through `read`. Errors are Flux's:
    /// `no values file found at path '/x.yaml' (reference 'x.yaml')` and
    /// `unmarshaling values from 'x.yaml' failed: …`.
    public static func merge(_ references: [String], ignoreMissing: Bool = false,
                             read: (String) throws(HelmError) -> Contents) throws(HelmError) -> Result {
        var merged = GoMap()
        var files: [String] = []
        for reference in references {
            let bytes: [UInt8]
            switch try read(reference) {
            case .file(let data): bytes = data
            case .missing where ignoreMissing: continue
            case .missing, .notRegularFile:
                throw HelmError("no values file found at path '\(Sprig.pathClean("/" + reference))' (reference '\(reference)')")
            }
            let values = try Values.parse(bytes, context: "unmarshaling values from '\(reference)' failed")
            merged = mergeMaps(merged, values)
            files.append(reference)
        }
        return Result(values: merged, files: files)
    }

    /// Flux's `transform.MergeMaps`: a new map holding `a`'s keys, then `b`'s, where a key
    /// that holds a map on both sides is merged recursively. Neither input is changed.
    public static func mergeMaps(_ a: GoMap, _ b: GoMap) -> GoMap {
        mergeMaps(a, b, depth: 0)
    }

    private static func mergeMaps(_ a: GoMap, _ b: GoMap, depth: Int) -> GoMap {
        var out = a.entries
        for (key, value) in b.entries {
            // Values files are parsed under GoYAML's depth bound, so this recursion is too.
            if case .map(let incoming) = value, case .map(let existing)? = out[key], depth < GoYAML.maximumDepth {
                out[key] = .map(mergeMaps(existing, incoming, depth: depth + 1))
            } else {
                out[key] = value
            }
        }
        return GoMap(out)
    }
}
