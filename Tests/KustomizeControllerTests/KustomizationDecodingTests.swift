import ControllerRuntime
import FerryAPI
import Manifests
import Testing

@Suite struct KustomizationDecodingTests {
    @Test func decodesAFluxKustomization() throws {
        let object = try YAML.documents("""
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, namespace: flux-system, generation: 3}
            spec:
              interval: 10m
              path: ./apps/production
              prune: true
              sourceRef: {kind: GitRepository, name: flux-system}
              dependsOn: [{name: infrastructure}]
              postBuild:
                substitute: {cluster_env: prod}
                substituteFrom: [{kind: Secret, name: vars, optional: true}]
            """, source: "test")[0]
        let kustomization = try Kustomization(json: object)
        #expect(kustomization.spec.sourceRef.name == "flux-system")
        #expect(kustomization.spec.dependsOn == [DependencyReference(name: "infrastructure")])
        #expect(kustomization.spec.postBuild?.substituteFrom?.first?.optional == true)
        #expect(kustomization.metadata.generation == 3)
    }

    @Test func aMissingRequiredFieldIsNamed() throws {
        let object: JSONValue = ["metadata": ["name": "x"], "spec": ["interval": "1m", "prune": true]]
        #expect(throws: APIConversion.DecodeError.self) { try Kustomization(json: object) }
        do { _ = try Kustomization(json: object) } catch { #expect(error.description.contains("spec.sourceRef")) }
    }
}
