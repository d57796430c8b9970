/// Why a build failed. Every case names the file (and line for YAML) and the field at fault,
/// so that a Kustomization's `Ready=False` message points the user at what to fix.
public enum KustomizeError: Error, CustomStringConvertible, Sendable, Equatable {
    case malformedYAML(file: String, line: Int?, reason: String)
    case unknownField(file: String, line: Int?, field: String)
    case invalidField(file: String, field: String, reason: String)
    case missingResource(file: String, field: String, path: String)
    case missingKustomization(directory: String)
    case multipleKustomizations(directory: String)
    case cycle(path: String)
    case loadRestriction(file: String, field: String, path: String, root: String)
    case conflict(file: String, field: String, reason: String)
    case patchTargetMissing(file: String, field: String, reason: String)
    case unsupported(file: String, field: String, reason: String)
    /// A remote base or component (`url`, credentials masked) that could not be used: remote
    /// bases disabled, a URL kustomize would not parse, or a failed or timed-out clone.
    case remote(file: String, field: String, url: String, reason: String)

    public var description: String {
        switch self {
        case .malformedYAML(let f, let l, let r): return "\(f)\(l.map { ":\($0)" } ?? ""): malformed YAML: \(r)"
        case .unknownField(let f, let l, let field): return "\(f)\(l.map { ":\($0)" } ?? ""): unknown field \"\(field)\""
        case .invalidField(let f, let field, let r): return "\(f): field \"\(field)\": \(r)"
        case .missingResource(let f, let field, let p): return "\(f): field \"\(field)\": \(p): no such file or directory"
        case .missingKustomization(let d): return "\(d): unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization'"
        case .multipleKustomizations(let d): return "\(d): found multiple kustomization files"
        case .cycle(let p): return "\(p): cycle detected between kustomizations"
        case .loadRestriction(let f, let field, let p, let root):
            return "\(f): field \"\(field)\": security; file '\(p)' is not in or below '\(root)'"
        case .conflict(let f, let field, let r): return "\(f): field \"\(field)\": \(r)"
        case .patchTargetMissing(let f, let field, let r): return "\(f): field \"\(field)\": \(r)"
        case .unsupported(let f, let field, let r): return "\(f): field \"\(field)\": \(r)"
        case .remote(let f, let field, let url, let r): return "\(f): field \"\(field)\": remote \(url): \(r)"
        }
    }
}
