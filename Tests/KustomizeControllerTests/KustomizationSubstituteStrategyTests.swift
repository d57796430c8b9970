@testable import KustomizeController
import FerryAPI
import Manifests
import Testing

/// `postBuild.substituteStrategy` and `buildMetadata`: what Flux does with each value.
@Suite struct KustomizationSubstituteStrategyTests {
    static let object: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c", "namespace": "apps"],
                                    "data": ["region": "${region:=eu-west-1}"]]

    func substituted(_ postBuild: PostBuild) async throws -> String? {
        let result = try await KustomizationReconciler.substitute([Self.object], postBuild, namespace: "apps", reader: nil,
                                                                  retryInterval: .seconds(60))
        return result.first?[path: "data", "region"]?.stringValue
    }

    @Test func withoutVariablesTheDefaultStrategyLeavesTheTextAlone() async throws {
        #expect(try await substituted(PostBuild()) == "${region:=eu-west-1}")
        #expect(try await substituted(PostBuild(substituteStrategy: "WithVariables")) == "${region:=eu-west-1}")
    }

    @Test func alwaysSubstitutesSoDefaultsApply() async throws {
        #expect(try await substituted(PostBuild(substituteStrategy: "Always")) == "eu-west-1")
    }

    @Test func withAVariableEitherStrategySubstitutes() async throws {
        #expect(try await substituted(PostBuild(substitute: ["region": "us-east-2"])) == "us-east-2")
        #expect(try await substituted(PostBuild(substitute: ["other": "x"])) == "eu-west-1")
    }

    @Test func anUnknownStrategyStallsNamingTheField() throws {
        var spec = KustomizationSpec(sourceRef: CrossNamespaceSourceReference(name: "repo"))
        spec.postBuild = PostBuild(substituteStrategy: "Sometimes")
        let settings = KustomizationSettings(Kustomization(metadata: ObjectMetadata(name: "k", namespace: "apps"), spec: spec))
        #expect(settings.specError?.reason == ConditionReason.invalidSpec)
        #expect(settings.specError?.message.hasPrefix("spec.postBuild.substituteStrategy 'Sometimes'") == true)
    }

    @Test func buildMetadataReplacesTheKustomizationsOwnList() throws {
        var spec = KustomizationSpec(sourceRef: CrossNamespaceSourceReference(name: "repo"))
        spec.buildMetadata = ["originAnnotations"]
        let merged = try FluxBuild.merge(["resources": ["cm.yaml"], "buildMetadata": ["transformerAnnotations"]],
                                         options: FluxBuildOptions(spec: spec), componentExists: { _ in true })
        #expect(merged["buildMetadata"] == ["originAnnotations"])
        let untouched = try FluxBuild.merge(["buildMetadata": ["transformerAnnotations"]],
                                            options: FluxBuildOptions(), componentExists: { _ in true })
        #expect(untouched["buildMetadata"] == ["transformerAnnotations"])
    }
}
