import Foundation
import Manifests

/// Where a resource came from or what changed it, for `buildMetadata`
/// (`config.kubernetes.io/origin` and `alpha.config.kubernetes.io/transformations`).
struct Origin: Sendable, Equatable {
    /// Absolute path of the resource file.
    var path: String?
    /// Absolute path of the kustomization or plugin config that generated/transformed it.
    var configuredIn: String?
    var apiVersion = "builtin"
    var kind = ""
    var name: String?
    var namespace: String?

    /// kyaml's rendering of kustomize's `Origin` struct, paths relative to the build root.
    func yaml(relativeTo root: String, indent: String = "", listItem: Bool = false) -> String {
        var lines: [String] = []
        if let path { lines.append("path: " + Origin.relative(path, to: root)) }
        if let configuredIn {
            lines.append("configuredIn: " + Origin.relative(configuredIn, to: root))
            lines.append("configuredBy:")
            lines.append("  apiVersion: \(apiVersion)")
            lines.append("  kind: \(kind)")
            if let name, !name.isEmpty { lines.append("  name: \(name)") }
            if let namespace, !namespace.isEmpty { lines.append("  namespace: \(namespace)") }
        }
        return lines.enumerated().map { i, l in
            (listItem ? (i == 0 ? "- " : "  ") : "") + indent + l
        }.joined(separator: "\n") + "\n"
    }

    static func relative(_ path: String, to root: String) -> String {
        let p = path.split(separator: "/"), r = root.split(separator: "/")
        var common = 0
        while common < p.count && common < r.count && p[common] == r[common] { common += 1 }
        let ups = Array(repeating: "..", count: r.count - common)
        return (ups + p[common...].map(String.init)).joined(separator: "/")
    }
}

extension Builder {
    /// Records that the builtin transformer `kind` configured in `k` ran over `resources`.
    func recordTransformation(_ kind: String, k: Kustomization, name: String? = nil, namespace: String? = nil,
                              configFile: String? = nil, apiVersion: String = "builtin", in resources: inout [Resource]) {
        let o = Origin(path: nil, configuredIn: configFile ?? k.file, apiVersion: apiVersion, kind: kind, name: name,
                       namespace: namespace)
        for i in resources.indices { resources[i].transformations.append(o) }
    }

    func annotateBuildMetadata(_ flags: [String], root: String, in resources: inout [Resource]) {
        for i in resources.indices {
            if flags.contains("originAnnotations"), let o = resources[i].origin {
                resources[i].object[path: "metadata", "annotations", "config.kubernetes.io/origin"] =
                    .string(o.yaml(relativeTo: root))
            }
            if flags.contains("transformerAnnotations"), !resources[i].transformations.isEmpty {
                let text = resources[i].transformations.map { $0.yaml(relativeTo: root, listItem: true) }.joined()
                resources[i].object[path: "metadata", "annotations", "alpha.config.kubernetes.io/transformations"] = .string(text)
            }
        }
    }
}
