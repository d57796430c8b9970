import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// A Kustomization reconciling from an OCIRepository: the objects in the artifact are applied,
/// `lastAppliedRevision` is the OCI revision and `lastAppliedOriginRevision` the artifact's
/// `org.opencontainers.image.revision` annotation (where it was built from), as Flux reports them.
@Suite struct OCIRepositoryKustomizationTests {
    static let kustomization = GroupVersionKind(group: "kustomize.toolkit.fluxcd.io", version: "v1", kind: "Kustomization")
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")

    static func manifest(_ namespace: String, _ value: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-oci\n  namespace: \(namespace)\ndata:\n  value: \(value)\n"
    }

    @Test func aKustomizationAppliesTheArtifactAndFollowsANewOne() async throws {
        let registry = try await RegistryFixture.shared()
        let repository = registry.uniquePath("kustomize") + "/manifests"
        try await OCIRepositoryTestEnv.with("oci-kustomize") { env in
            let first = try await FluxArtifact.push(registry, repository: repository, tag: "production",
                                                    files: ["deploy/configmap.yaml": Self.manifest(env.namespace, "one")],
                                                    revision: "main@sha1:1111111111111111111111111111111111111111")
            try await env.repository("manifests", url: "oci://\(registry.host)/\(repository)", ["insecure": true, "ref": ["tag": "production"]])
            try await env.apply(["apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
                                 "metadata": ["name": "app", "namespace": .string(env.namespace)],
                                 "spec": ["interval": "10m", "path": "./deploy", "prune": true, "targetNamespace": .string(env.namespace),
                                          "sourceRef": ["kind": "OCIRepository", "name": "manifests"]]])
            let applied = await env.wait(Self.kustomization, "app", what: "applied the artifact") { $0["status"] == "True" }
            #expect(applied?[path: "status", "lastAppliedRevision"]?.stringValue == "production@\(first.digest)")
            #expect(applied?[path: "status", "lastAppliedOriginRevision"] == "main@sha1:1111111111111111111111111111111111111111")
            let live = try await env.client.get(Self.configMap, name: "from-oci", namespace: env.namespace)
            #expect(live[path: "data", "value"] == "one")

            // A new artifact under the tag: the source moves, and the Kustomization follows it
            // through its watch on the OCIRepository.
            let second = try await FluxArtifact.push(registry, repository: repository, tag: "production",
                                                     files: ["deploy/configmap.yaml": Self.manifest(env.namespace, "two")],
                                                     revision: "main@sha1:2222222222222222222222222222222222222222")
            try await env.reconcile("manifests")
            let followed = await env.wait(Self.kustomization, "app", what: "applied the new artifact") {
                $0["status"] == "True" && $0["message"]?.stringValue?.contains(second.digest) == true
            }
            #expect(followed?[path: "status", "lastAppliedOriginRevision"] == "main@sha1:2222222222222222222222222222222222222222")
            #expect(try await env.client.get(Self.configMap, name: "from-oci", namespace: env.namespace)[path: "data", "value"] == "two")
        }
    }
}
