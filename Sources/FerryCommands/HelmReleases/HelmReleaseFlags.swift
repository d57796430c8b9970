import ArgumentParser
import Foundation
import Manifests

/// Flux's `create helmrelease` flag syntaxes, parsed into spec fragments. Pure but for
/// reading `--values` files: each function returns the JSON the spec holds or throws one sentence.
enum HelmReleaseFlags {
    /// The kinds `--source` takes in Ferry (Flux also takes Bucket, which Ferry does not serve).
    static let sourceKinds = ["HelmRepository", "GitRepository"]
    static let crdPolicies = ["Skip", "Create", "CreateReplace"]

    /// `Kind/name[.namespace]` → `spec.chart.spec.sourceRef`, the kind matched without regard
    /// to case as flux's `HelmChartSource` flag does.
    static func sourceRef(_ text: String) throws -> JSONValue {
        let (kind, name, namespace) = try kindName(text, flag: "source", kinds: sourceKinds,
                                                   why: "can be one of: \(sourceKinds.joined(separator: ", "))")
        var ref: JSONObject = ["kind": .string(kind), "name": .string(name)]
        if let namespace { ref["namespace"] = .string(namespace) }
        return .object(ref)
    }

    /// `<Kind>/name[.namespace]` → `spec.chartRef`: a HelmChart, an OCIRepository or an
    /// ExternalArtifact (flux 2.7's kinds), whose artifact is the chart.
    static func chartRef(_ text: String) throws -> JSONValue {
        let kinds = ["HelmChart", "OCIRepository", "ExternalArtifact"]
        let (kind, name, namespace) = try kindName(text, flag: "chart-ref", kinds: kinds, why: "can be one of: \(kinds.joined(separator: ", "))")
        var ref: JSONObject = ["kind": .string(kind), "name": .string(name)]
        if let namespace { ref["namespace"] = .string(namespace) }
        return .object(ref)
    }

    static func kindName(_ text: String, flag: String, kinds: [String], why: String) throws -> (String, String, String?) {
        let parts = text.trimmingSpaces.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !parts[1].contains("/") else {
            throw ValidationError("--\(flag) \(text) must look like <kind>/<name>[.<namespace>]")
        }
        guard let kind = kinds.first(where: { $0.lowercased() == parts[0].lowercased() }) else {
            throw ValidationError("--\(flag) kind '\(parts[0])' is not supported, \(why)")
        }
        let nameNamespace = parts[1].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard !nameNamespace[0].isEmpty, nameNamespace.count == 1 || !nameNamespace[1].isEmpty else {
            throw ValidationError("--\(flag) \(text) must look like <kind>/<name>[.<namespace>]")
        }
        return (kind, nameNamespace[0], nameNamespace.count == 2 ? nameNamespace[1] : nil)
    }

    /// `ConfigMap/name` or `Secret/name` (kind in any case), repeatable → `spec.valuesFrom`.
    static func valuesFrom(_ values: [String]) throws -> [JSONValue] {
        try KustomizationFlags.commaSeparated(values).map { value in
            let parts = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("invalid Kubernetes object reference '\(value)', must be in format <kind>/<name>")
            }
            guard let kind = ["Secret", "ConfigMap"].first(where: { $0.lowercased() == parts[0].lowercased() }) else {
                throw ValidationError("reference kind '\(parts[0])' is not supported, must be one of: Secret, ConfigMap")
            }
            return ["kind": .string(kind), "name": .string(parts[1])]
        }
    }

    /// `--values` files read and merged in order (a later file's keys win; maps merge deeply,
    /// as flux's `MergeMaps`), keys sorted as flux's YAML printer sorts them. Nil without files.
    static func values(files: [String]) throws -> JSONValue? {
        var merged: JSONValue?
        for path in KustomizationFlags.commaSeparated(files) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("reading values from \(path) failed: no such readable file")
            }
            let documents: [JSONValue]
            do { documents = try YAML.documents(text, source: path) } catch {
                throw ValidationError("converting values to JSON from \(path) failed: \(error)")
            }
            let document = documents.first ?? [:]
            guard document.isNull || document.objectValue != nil else {
                throw ValidationError("values from \(path) must be a YAML map")
            }
            merged = merge(merged ?? [:], document.isNull ? [:] : document)
        }
        return merged.map(sorted)
    }

    /// `b` over `a`: maps merged key by key, anything else replaced.
    static func merge(_ a: JSONValue, _ b: JSONValue) -> JSONValue {
        guard var left = a.objectValue, let right = b.objectValue else { return b }
        for (key, value) in right {
            left[key] = left[key].map { merge($0, value) } ?? value
        }
        return .object(left)
    }

    /// Every map's keys in sorted order, at every depth.
    static func sorted(_ value: JSONValue) -> JSONValue {
        if let object = value.objectValue {
            var out: JSONObject = [:]
            for key in object.keys.sorted() { out[key] = object[key].map(sorted) }
            return .object(out)
        }
        if let array = value.arrayValue { return .array(array.map(sorted)) }
        return value
    }
}
