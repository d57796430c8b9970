import Foundation
import KubernetesClient
import Manifests
import ResourceManager

/// The Kubernetes objects of a release manifest, made ready to apply as Helm's install and
/// upgrade make them: a namespaced object without a namespace goes to the release's, and every
/// object carries Helm's ownership marks (`meta.helm.sh/release-name`/`-namespace`,
/// `app.kubernetes.io/managed-by: Helm`) — so `helm upgrade` recognises them — plus Flux's
/// origin labels (`helm.toolkit.fluxcd.io/name`/`namespace`) and `spec.commonMetadata`.
public struct ReleaseObjects: Sendable {
    public var releaseName: String
    public var releaseNamespace: String
    public var ownerName: String
    public var ownerNamespace: String
    public var commonLabels: [String: String] = [:]
    public var commonAnnotations: [String: String] = [:]

    public init(releaseName: String, releaseNamespace: String, ownerName: String, ownerNamespace: String) {
        self.releaseName = releaseName
        self.releaseNamespace = releaseNamespace
        self.ownerName = ownerName
        self.ownerNamespace = ownerNamespace
    }

    public static let nameLabel = "helm.toolkit.fluxcd.io/name"
    public static let namespaceLabel = "helm.toolkit.fluxcd.io/namespace"
    public static let keepPolicy = "helm.sh/resource-policy"

    /// Parses a manifest (`---`-separated documents) into objects; empty documents are dropped.
    public static func parse(_ manifest: String) throws -> [JSONValue] {
        try YAML.documents(manifest, source: "manifest").filter { !$0.isNull && $0.objectValue?.isEmpty == false }
    }

    /// The objects with namespaces filled in (`namespaced` answers from discovery) and the
    /// ownership marks set.
    public func prepare(_ objects: [JSONValue], namespaced: (GroupVersionKind) async -> Bool?) async -> [JSONValue] {
        var out: [JSONValue] = []
        out.reserveCapacity(objects.count)
        for var object in objects {
            if (object.metadataNamespace ?? "").isEmpty, let gvk = object.groupVersionKind, await namespaced(gvk) == true {
                object[path: "metadata", "namespace"] = .string(releaseNamespace)
            }
            var labels = object[path: "metadata", "labels"]?.objectValue ?? [:]
            var annotations = object[path: "metadata", "annotations"]?.objectValue ?? [:]
            for (k, v) in commonLabels { labels[k] = .string(v) }
            for (k, v) in commonAnnotations { annotations[k] = .string(v) }
            labels["app.kubernetes.io/managed-by"] = "Helm"
            labels[Self.nameLabel] = .string(ownerName)
            labels[Self.namespaceLabel] = .string(ownerNamespace)
            annotations["meta.helm.sh/release-name"] = .string(releaseName)
            annotations["meta.helm.sh/release-namespace"] = .string(releaseNamespace)
            object[path: "metadata", "labels"] = .object(labels)
            object[path: "metadata", "annotations"] = .object(annotations)
            out.append(object)
        }
        return out
    }

    /// Identities of objects (for what an upgrade leaves behind).
    public static func identities(_ objects: [JSONValue]) -> Set<ObjectID> {
        Set(objects.compactMap(\.objectID))
    }
}
