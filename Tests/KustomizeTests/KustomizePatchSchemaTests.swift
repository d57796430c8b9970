import Manifests
import Testing
@testable import Kustomize

/// The generated schema, walked from a kind's root along a field path: what kyaml's
/// `SchemaForResourceType(…).Lookup(…)` answers with kustomize's embedded schema.
@Suite struct KustomizePatchSchemaTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var apiVersion: String
        var kind: String
        var path: String
        /// nil: the list is replaced (no `merge` strategy, or no schema at all).
        var keys: [String]?
        var testDescription: String { "\(kind) \(path)" }
    }

    static let cases: [Case] = [
        Case(apiVersion: "apps/v1", kind: "Deployment", path: "spec.template.spec.containers", keys: ["name"]),
        Case(apiVersion: "apps/v1", kind: "Deployment", path: "spec.template.spec.containers.ports",
             keys: ["containerPort", "protocol"]),
        Case(apiVersion: "apps/v1", kind: "Deployment", path: "spec.template.spec.initContainers.volumeMounts",
             keys: ["mountPath"]),
        Case(apiVersion: "apps/v1", kind: "Deployment", path: "spec.template.spec.volumes", keys: ["name"]),
        Case(apiVersion: "apps/v1", kind: "StatefulSet", path: "spec.template.spec.containers.env", keys: ["name"]),
        Case(apiVersion: "apps/v1", kind: "Deployment", path: "spec.template.spec.containers.args", keys: nil),
        Case(apiVersion: "apps/v1", kind: "Deployment", path: "spec.template.spec.tolerations", keys: nil),
        Case(apiVersion: "apps/v1", kind: "Deployment", path: "spec.template.spec.topologySpreadConstraints",
             keys: ["topologyKey", "whenUnsatisfiable"]),
        Case(apiVersion: "v1", kind: "Service", path: "spec.ports", keys: ["port", "protocol"]),
        Case(apiVersion: "v1", kind: "ServiceAccount", path: "imagePullSecrets", keys: nil),
        Case(apiVersion: "v1", kind: "ServiceAccount", path: "secrets", keys: ["name"]),
        Case(apiVersion: "v1", kind: "Pod", path: "spec.imagePullSecrets", keys: ["name"]),
        Case(apiVersion: "batch/v1", kind: "CronJob", path: "spec.jobTemplate.spec.template.spec.containers", keys: ["name"]),
        Case(apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", path: "spec.ingress.ports", keys: nil),
        Case(apiVersion: "v1", kind: "ConfigMap", path: "metadata.ownerReferences", keys: ["uid"]),
        Case(apiVersion: "v1", kind: "ConfigMap", path: "metadata.finalizers", keys: []),
        Case(apiVersion: "autoscaling/v2beta2", kind: "HorizontalPodAutoscaler", path: "status.conditions", keys: nil),
        Case(apiVersion: "apps/v1", kind: "Deployment", path: "status.conditions", keys: ["type"]),
        Case(apiVersion: "admissionregistration.k8s.io/v1", kind: "MutatingWebhookConfiguration", path: "webhooks",
             keys: ["name"]),
        Case(apiVersion: "policy/v1", kind: "PodDisruptionBudget", path: "status.conditions", keys: ["type"]),
        Case(apiVersion: "example.com/v1", kind: "Widget", path: "spec.containers", keys: nil),
        Case(apiVersion: "example.com/v1", kind: "Widget", path: "metadata.finalizers", keys: nil),
    ]

    @Test(arguments: cases) func mergeKeys(_ c: Case) {
        let field = PatchSchema.builtin.field(gvk: GVK(apiVersion: c.apiVersion, kind: c.kind),
                                              path: c.path.split(separator: ".").map(String.init))
        #expect((field?.merges == true ? field?.keys : nil) == c.keys)
    }

    @Test func retainKeysIsRecordedButNotAMergeStrategy() throws {
        let strategy = try #require(PatchSchema.builtin.field(gvk: GVK(apiVersion: "apps/v1", kind: "Deployment"),
                                                              path: ["spec", "strategy"]))
        #expect(strategy.strategy == ["retainKeys"])
        #expect(!strategy.merges)
        let volumes = PatchSchema.builtin.field(gvk: GVK(apiVersion: "v1", kind: "Pod"), path: ["spec", "volumes"])
        #expect(volumes?.strategy == ["merge", "retainKeys"])
    }

    @Test func customSchemaKindsOverBuiltinDefinitions() {
        let doc: JSONValue = ["definitions": [
            "v1.MyKind": [
                "x-kubernetes-group-version-kind": [["group": "example.com", "version": "v1", "kind": "MyKind"]],
                "properties": ["spec": ["properties": [
                    "template": ["$ref": "#/definitions/io.k8s.api.core.v1.PodTemplateSpec"],
                    "items": ["type": "array", "items": ["type": "object"],
                              "x-kubernetes-patch-strategy": "merge", "x-kubernetes-patch-merge-key": "id"],
                ]]],
            ],
        ]]
        let s = PatchSchema.custom(doc)
        let kind = GVK(apiVersion: "example.com/v1", kind: "MyKind")
        #expect(s.field(gvk: kind, path: ["spec", "items"])?.keys == ["id"])
        #expect(s.field(gvk: kind, path: ["spec", "template", "spec", "containers"])?.keys == ["name"])
        #expect(s.root(GVK(apiVersion: "apps/v1", kind: "Deployment")) == nil)
    }

    @Test func generatedTableDescribesV120() {
        #expect(PatchSchema.generatedVersion == "v1.20.2")
        #expect(PatchSchema.builtin.root(GVK(apiVersion: "policy/v1", kind: "PodDisruptionBudget")) != nil)
        #expect(PatchSchema.builtin.root(GVK(apiVersion: "example.com/v1", kind: "Widget")) == nil)
    }
}
