import Manifests

/// `replacements`: copy a field of one resource into fields of others.
enum Replacements {
    static func apply(_ list: [JSONValue], loader: Loader, kfile: String, to resources: inout [Resource]) throws {
        throw KustomizeError.unsupported(file: kfile, field: "replacements", reason: "not implemented yet")
    }
}

/// `vars`: `$(NAME)` substitution (deprecated in kustomize, still supported).
enum Vars {
    static func resolve(_ vars: [JSONValue], config: TransformerConfig, in resources: inout [Resource], kfile: String) throws {
        guard !vars.isEmpty else { return }
        throw KustomizeError.unsupported(file: kfile, field: "vars", reason: "not implemented yet")
    }
}
