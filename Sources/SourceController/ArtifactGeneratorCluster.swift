import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests

/// The ExternalArtifact objects an ArtifactGenerator writes, as JSON for server-side apply.
enum ExternalArtifactObject {
    static let gvk = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: ExternalArtifact.kind)

    /// Metadata and spec: the generator's labels plus `source.extensions.fluxcd.io/generator`,
    /// a controller owner reference to the generator, `spec.sourceRef` naming it.
    static func object(_ generated: GeneratedArtifact, run s: ArtifactGeneratorRun) -> JSONValue {
        var labels = s.object[path: "metadata", "labels"]?.objectValue ?? JSONObject()
        labels[ArtifactGenerator.generatorLabel] = .string(s.name)
        var metadata: JSONObject = ["name": .string(generated.name), "namespace": .string(s.namespace), "labels": .object(labels)]
        if let uid = s.generator.metadata.uid {
            metadata["ownerReferences"] = .array([.object([
                "apiVersion": .string(ArtifactGenerator.apiVersion), "kind": .string(ArtifactGenerator.kind),
                "name": .string(s.name), "uid": .string(uid), "controller": .bool(true),
            ])])
        }
        let sourceRef = NamespacedObjectKindReference(apiVersion: ArtifactGenerator.apiVersion, kind: ArtifactGenerator.kind,
                                                      name: s.name, namespace: s.namespace)
        return .object([
            "apiVersion": .string(ExternalArtifact.apiVersion), "kind": .string(ExternalArtifact.kind),
            "metadata": .object(metadata),
            "spec": APIConversion.encode(ExternalArtifactSpec(sourceRef: sourceRef)),
        ])
    }

    /// The status: the artifact and Ready=True/Succeeded "Artifact is ready" (its transition time
    /// kept while it stays True).
    static func status(_ generated: GeneratedArtifact, existing: ExternalArtifact?, run s: ArtifactGeneratorRun) -> JSONValue {
        let previous = existing?.status?.condition(ConditionType.ready)
        let since = previous?.status == "True" ? previous?.lastTransitionTime : nil
        let ready = Condition(type: ConditionType.ready, status: "True", observedGeneration: nil,
                              lastTransitionTime: since ?? s.timestamp.rfc3339, reason: ConditionReason.succeeded,
                              message: "Artifact is ready")
        return .object([
            "apiVersion": .string(ExternalArtifact.apiVersion), "kind": .string(ExternalArtifact.kind),
            "metadata": .object(["name": .string(generated.name), "namespace": .string(s.namespace)]),
            "status": APIConversion.encode(ExternalArtifactStatus(artifact: generated.artifact, conditions: [ready])),
        ])
    }
}

/// ``ArtifactGeneratorCluster`` over the API server.
public struct KubernetesArtifactGeneratorCluster: ArtifactGeneratorCluster {
    public let client: KubernetesClient

    public init(client: KubernetesClient) { self.client = client }

    public static let generatorKind = GroupVersionKind(group: ArtifactGenerator.group, version: "v1beta1", kind: ArtifactGenerator.kind)

    public static func sourceKind(_ kind: String) -> GroupVersionKind {
        GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: kind)
    }

    public func sourceArtifact(kind: String, name: String, namespace: String) async throws -> Artifact? {
        let object: JSONValue
        do { object = try await client.get(Self.sourceKind(kind), name: name, namespace: namespace) } catch let error as APIError where error.isNotFound {
            throw ArtifactGeneratorSourceMissing("\(kind) '\(namespace)/\(name)' not found")
        }
        guard let artifact = object[path: "status", "artifact"], !artifact.isNull else { return nil }
        return try APIConversion.decode(Artifact.self, from: artifact)
    }

    public func externalArtifacts(generator: String, namespace: String) async throws -> [String: ExternalArtifact] {
        let options = ListOptions(labelSelector: "\(ArtifactGenerator.generatorLabel)=\(generator)")
        var found: [String: ExternalArtifact] = [:]
        for item in try await client.listAll(ExternalArtifactObject.gvk, namespace: namespace, options: options).items {
            let artifact = try APIConversion.decode(ExternalArtifact.self, from: item)
            found[artifact.metadata.name] = artifact
        }
        return found
    }

    public func applyExternalArtifact(_ object: JSONValue, status: JSONValue) async throws {
        _ = try await client.apply(object, fieldManager: ArtifactGeneratorReconciler.fieldManager, force: true)
        _ = try await client.apply(status, fieldManager: ArtifactGeneratorReconciler.fieldManager, force: true, subresource: "status")
    }

    public func deleteExternalArtifact(name: String, namespace: String) async throws {
        do { try await client.delete(ExternalArtifactObject.gvk, name: name, namespace: namespace) } catch let error as APIError where error.isNotFound {
            return
        }
    }
}
