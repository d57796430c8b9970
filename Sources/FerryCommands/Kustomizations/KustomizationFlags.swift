import ArgumentParser
import FerryAPI
import Manifests

/// Flux's `create kustomization` flag syntaxes, parsed into spec fragments. Pure: each
/// function either returns the JSON the spec holds or throws one sentence.
enum KustomizationFlags {
    /// `[GitRepository/]name[.namespace]` → `spec.sourceRef`. Ferry serves GitRepository
    /// sources only, so other kinds are refused here rather than stalling in the controller.
    static func sourceRef(_ text: String) throws -> JSONValue {
        var kind = "GitRepository", rest = Substring(text.trimmingSpaces)
        if let slash = rest.firstIndex(of: "/") {
            kind = String(rest[..<slash])
            rest = rest[rest.index(after: slash)...]
        }
        guard kind == "GitRepository" else {
            throw ValidationError("source kind '\(kind)' is not supported, can be one of: GitRepository")
        }
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.first, !name.isEmpty, parts.count == 1 || !parts[1].isEmpty else {
            throw ValidationError("--source \(text) must look like [GitRepository/]name[.namespace]")
        }
        var ref: JSONObject = ["kind": .string(kind), "name": .string(name)]
        if parts.count == 2 { ref["namespace"] = .string(parts[1]) }
        return .object(ref)
    }

    /// flux's SafeRelativePath: `./` joined with the path, `..` unable to climb above the
    /// artifact's root (`../x` is `./x`), always starting with `./`.
    static func path(_ text: String) -> String {
        var parts: [Substring] = []
        for part in text.trimmingSpaces.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "./" + parts.joined(separator: "/")
    }

    /// `name` or `namespace/name`, repeatable and comma-separated → `spec.dependsOn`.
    static func dependsOn(_ values: [String]) throws -> [JSONValue] {
        try commaSeparated(values).map { value in
            let parts = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard !parts.contains(where: \.isEmpty), parts.count <= 2 else {
                throw ValidationError("--depends-on \(value) must look like name or namespace/name")
            }
            return parts.count == 2 ? ["name": .string(parts[1]), "namespace": .string(parts[0])] : ["name": .string(parts[0])]
        }
    }

    /// The workload kinds flux accepts for `--health-check`, with the API version each is served at.
    static let healthCheckKinds: [(kind: String, apiVersion: String)] = [
        ("HelmRelease", "helm.toolkit.fluxcd.io/v2"), ("Deployment", "apps/v1"), ("DaemonSet", "apps/v1"), ("StatefulSet", "apps/v1"),
    ]

    /// `Kind/name.namespace`, repeatable and comma-separated → `spec.healthChecks`.
    static func healthChecks(_ values: [String]) throws -> [JSONValue] {
        try commaSeparated(values).map { value in
            let kindName = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            let nameNamespace = kindName.count == 2 ? kindName[1].split(separator: ".", omittingEmptySubsequences: false).map(String.init) : []
            guard kindName.count == 2, nameNamespace.count == 2, !nameNamespace.contains(where: \.isEmpty) else {
                throw ValidationError("invalid health check '\(value)' must be in the format 'kind/name.namespace'")
            }
            guard let known = healthCheckKinds.first(where: { $0.kind == kindName[0] }) else {
                throw ValidationError("invalid health check kind '\(kindName[0])' can be HelmRelease, Deployment, DaemonSet or StatefulSet")
            }
            return ["apiVersion": .string(known.apiVersion), "kind": .string(known.kind), "name": .string(nameNamespace[0]),
                    "namespace": .string(nameNamespace[1])]
        }
    }

    /// `key=value`, repeatable and comma-separated → `metadata.labels`.
    static func labels(_ values: [String]) throws -> JSONObject {
        var pairs: [String: String] = [:]
        for value in commaSeparated(values) {
            let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("--label \(value) must look like key=value") }
            pairs[parts[0]] = parts[1]
        }
        var labels: JSONObject = [:]
        for key in pairs.keys.sorted() { labels[key] = .string(pairs[key] ?? "") }
        return labels
    }

    /// A Go duration in its canonical form (`10m` → `10m0s`), or a sentence naming the flag.
    static func duration(_ text: String, flag: String) throws -> String {
        guard let seconds = GoDuration.parse(text) else { throw ValidationError("--\(flag) \(text) is not a duration such as 5m or 30s") }
        return GoDuration.format(seconds: seconds)
    }

    static func commaSeparated(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces } }.filter { !$0.isEmpty }
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
