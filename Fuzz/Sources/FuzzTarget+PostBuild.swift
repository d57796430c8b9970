import Manifests
import PostBuild

extension FuzzTarget {
    /// The input is variables then a manifest: `NAME=value` lines up to the first empty line,
    /// the rest YAML. A first line `!strict` turns on strict mode (undefined variables fail).
    /// The manifest is substituted as raw text and, when it parses, object by object as the
    /// kustomize controller does after a build. Text without `$` must come back unchanged.
    static func postBuild(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        let strict = lines.first == "!strict"
        if strict { lines = lines.dropFirst() }
        var variables: [String: String] = [:]
        while let line = lines.first, !line.isEmpty {
            lines = lines.dropFirst()
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            variables[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        let manifest = lines.dropFirst().joined(separator: "\n")
        guard let substitution = try? PostBuildSubstitution(variables: variables, strict: strict) else { return }
        let substituted = try? substitution.substitute(manifest)
        precondition(manifest.contains("$") || substituted == manifest, "text without `$` changed by substitution")
        if let objects = try? YAML.documents(manifest, source: "fuzz.yaml") {
            _ = try? substitution.apply(to: objects)
        }
    }
}
