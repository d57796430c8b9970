import ArgumentParser
import Foundation
import KubernetesClient
import Manifests

/// `ferry get …` for any Flux kind: NAME, REVISION, SUSPENDED, READY, MESSAGE, AGE (with
/// NAMESPACE first under `-A`).
enum GetTable {
    static func run(_ kube: KubernetesClient, kind: FluxKind, namespace: String?, statusSelector: String?, watch: Bool) async throws {
        let selector = try statusSelector.map(parseSelector)
        let all = namespace == nil
        let headers = headers(all: all)
        let list = try await kube.listAll(kind.gvk, namespace: namespace)
        let items = filtered(list.items, selector)
        if items.isEmpty && !watch {
            FileHandle.standardError.write(Data("no \(kind.gvk.kind) objects found in \(namespace.map { "\($0) namespace" } ?? "any namespace")\n".utf8))
            return
        }
        print(Table(headers: headers, rows: items.map { row($0, all: all) }).render(), terminator: "")
        guard watch else { return }
        Say.flush()
        for await event in kube.listWatch(kind.gvk, namespace: namespace, resumeFrom: list.resourceVersion) {
            switch event {
            case .added(let o), .modified(let o):
                if matches(o, selector) { print(String(Table(headers: headers, rows: [row(o, all: all)]).render().split(separator: "\n").last ?? "")) }
            case .deleted, .synced:
                continue
            }
            Say.flush()
        }
    }

    static func headers(all: Bool) -> [String] {
        (all ? ["NAMESPACE"] : []) + ["NAME", "REVISION", "SUSPENDED", "READY", "MESSAGE", "AGE"]
    }

    /// The objects the selector keeps, by namespace and name.
    static func filtered(_ items: [JSONValue], _ selector: (String, String)?) -> [JSONValue] {
        items.filter { matches($0, selector) }
            .sorted { ($0.metadataNamespace ?? "", $0.metadataName ?? "") < ($1.metadataNamespace ?? "", $1.metadataName ?? "") }
    }

    /// One row; `withKind` names the object `kind/name` (lower-case kind) as `flux get all` does.
    static func row(_ o: JSONValue, all: Bool, withKind: Bool = false) -> [String] {
        let ready = o.condition("Ready")
        let name = o.metadataName ?? ""
        var cells = [
            withKind ? "\((o.kind ?? "").lowercased())/\(name)" : name,
            o.reportedRevision ?? "",
            (o[path: "spec", "suspend"]?.boolValue ?? false) ? "True" : "False",
            ready?["status"]?.stringValue ?? "Unknown",
            ready?["message"]?.stringValue ?? "",
            HumanDuration.age(of: o[path: "metadata", "creationTimestamp"]?.stringValue),
        ]
        if all { cells.insert(o.metadataNamespace ?? "", at: 0) }
        return cells
    }

    /// `ready=false` → (Ready, False).
    static func parseSelector(_ text: String) throws -> (String, String) {
        let parts = text.split(separator: "=", maxSplits: 1).map { String($0) }
        guard parts.count == 2, !parts[0].isEmpty else {
            throw ValidationError("--status-selector must look like ready=false")
        }
        return (parts[0].prefix(1).uppercased() + parts[0].dropFirst(), parts[1].prefix(1).uppercased() + parts[1].dropFirst().lowercased())
    }

    static func matches(_ o: JSONValue, _ selector: (String, String)?) -> Bool {
        guard let (type, status) = selector else { return true }
        return (o.condition(type)?["status"]?.stringValue ?? "Unknown") == status
    }
}
