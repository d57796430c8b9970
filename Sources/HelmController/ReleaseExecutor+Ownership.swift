import KubernetesClient
import Manifests

extension ReleaseExecutor {
    /// `disableTakeOwnership`: Helm's own rule before an install or upgrade — an object the
    /// release is about to create that already exists must carry this release's ownership marks
    /// (`app.kubernetes.io/managed-by: Helm`, `meta.helm.sh/release-name`, `-namespace`);
    /// otherwise nothing is applied and the action fails with Helm's message. Without the option
    /// Ferry takes such objects over, as Flux does.
    func checkOwnership(_ prepared: [JSONValue], previous: [JSONValue]) async throws {
        let owned = ReleaseObjects.identities(previous)
        for object in prepared {
            guard let id = object.objectID, !owned.contains(id), let gvk = object.groupVersionKind else { continue }
            let namespace = id.namespace.isEmpty ? nil : id.namespace
            guard let live = try? await client.get(gvk, name: id.name, namespace: namespace) else { continue }
            let problems = ownershipProblems(live)
            guard !problems.isEmpty else { continue }
            let place = namespace.map { " in namespace \"\($0)\"" } ?? ""
            throw Failure(description: "rendered manifests contain a resource that already exists. Unable to continue: \(gvk.kind) "
                          + "\"\(id.name)\"\(place) exists and cannot be imported into the current release: invalid ownership metadata; "
                          + problems.joined(separator: "; "))
        }
    }

    /// Helm's validation errors for one live object, in Helm's order and words.
    func ownershipProblems(_ live: JSONValue) -> [String] {
        let expected: [(kind: String, key: String, value: String)] = [
            ("label", "app.kubernetes.io/managed-by", "Helm"),
            ("annotation", "meta.helm.sh/release-name", objects.releaseName),
            ("annotation", "meta.helm.sh/release-namespace", objects.releaseNamespace),
        ]
        return expected.compactMap { want in
            let section = want.kind == "label" ? "labels" : "annotations"
            switch live[path: "metadata", section, want.key]?.stringValue {
            case nil:
                return "\(want.kind) validation error: missing key \"\(want.key)\": must be set to \"\(want.value)\""
            case let have? where have != want.value:
                return "\(want.kind) validation error: key \"\(want.key)\" must equal \"\(want.value)\": current value is \"\(have)\""
            default:
                return nil
            }
        }
    }
}
