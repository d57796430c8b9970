import Manifests
import Testing

@testable import ResourceManager

@Suite struct StagedApplyTests {
    @Test(arguments: [
        ("apiextensions.k8s.io/v1", "CustomResourceDefinition", ApplyStage.clusterDefinitions),
        ("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", .clusterDefinitions),
        ("v1", "Namespace", .clusterDefinitions),
        ("rbac.authorization.k8s.io/v1", "ClusterRole", .clusterDefinitions),
        // Same kind names in other groups are ordinary resources.
        ("example.com/v1", "Namespace", .resources),
        ("example.com/v1", "ClusterRole", .resources),
        ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", .resources),
        ("storage.k8s.io/v1", "StorageClass", .classDefinitions),
        ("networking.k8s.io/v1", "IngressClass", .classDefinitions),
        ("gateway.networking.k8s.io/v1", "GatewayClass", .classDefinitions),
        ("cluster.x-k8s.io/v1beta1", "ClusterClass", .classDefinitions),
        ("example.com/v1", "Subclass", .resources),
        ("apps/v1", "Deployment", .resources),
    ])
    func stageOfAnObject(apiVersion: String, kind: String, stage: ApplyStage) {
        #expect(ApplyStage.of(makeObject(apiVersion, kind, "x")) == stage)
    }

    @Test func stagesApplyInOrderEachSortedByReconcileOrder() {
        let plan = StagedApplyPlan(objects: [
            makeObject("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "hook"),
            makeObject("example.com/v1", "Widget", "w", namespace: "apps"),
            makeObject("apps/v1", "Deployment", "web", namespace: "apps"),
            makeObject("v1", "ServiceAccount", "web", namespace: "apps"),
            makeObject("storage.k8s.io/v1", "StorageClass", "fast"),
            makeObject("rbac.authorization.k8s.io/v1", "ClusterRole", "view"),
            makeObject("v1", "Namespace", "apps"),
            makeObject("apiextensions.k8s.io/v1", "CustomResourceDefinition", "widgets.example.com"),
            makeObject("scheduling.k8s.io/v1", "PriorityClass", "high"),
            makeObject("v1", "ConfigMap", "cfg", namespace: "apps"),
            makeObject("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "view"),
        ])
        #expect(plan.stages.map(\.stage) == [.clusterDefinitions, .classDefinitions, .resources])
        #expect(describe(plan.objects(in: .clusterDefinitions)) == [
            "CustomResourceDefinition/widgets.example.com", "Namespace/apps", "ClusterRole/view",
        ])
        #expect(describe(plan.objects(in: .classDefinitions)) == ["PriorityClass/high", "StorageClass/fast"])
        #expect(describe(plan.objects(in: .resources)) == [
            "ClusterRoleBinding/view", "ServiceAccount/apps/web", "ConfigMap/apps/cfg", "Deployment/apps/web",
            "Widget/apps/w", "ValidatingWebhookConfiguration/hook",
        ])
        #expect(plan.objects(in: .customKinds).isEmpty)
    }

    @Test func customStageKindsGetTheirOwnStageBeforeTheRest() {
        let plan = StagedApplyPlan(
            objects: [makeObject("apps/v1", "Deployment", "web", namespace: "a"), makeObject("example.com/v1", "Widget", "w")],
            customKinds: [GroupKind(group: "example.com", kind: "Widget")])
        #expect(plan.stages.map(\.stage) == [.customKinds, .resources])
    }

    @Test(arguments: [
        // Same kind: namespace, then name.
        (makeObject("v1", "ConfigMap", "b", namespace: "a"), makeObject("v1", "ConfigMap", "a", namespace: "b")),
        (makeObject("v1", "ConfigMap", "a", namespace: "a"), makeObject("v1", "ConfigMap", "b", namespace: "a")),
        // Unknown kinds: group, then kind.
        (makeObject("a.example.com/v1", "Zebra", "x"), makeObject("b.example.com/v1", "Ant", "x")),
        (makeObject("example.com/v1", "Ant", "x"), makeObject("example.com/v1", "Zebra", "x")),
        // Listed kinds rank by kind alone, whatever the group.
        (makeObject("v1", "Service", "x"), makeObject("apps/v1", "Deployment", "x")),
        // Unknown kinds come after listed ones and before webhooks.
        (makeObject("policy/v1", "PodDisruptionBudget", "x"), makeObject("batch/v1", "Job", "x")),
        (makeObject("zzz.example.com/v1", "Zzz", "x"), makeObject("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", "x")),
        (makeObject("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", "x"),
         makeObject("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "x")),
    ])
    func tieBreaksAreDeterministic(before: JSONValue, after: JSONValue) {
        #expect(describe(ReconcileOrder.sorted([after, before])) == describe([before, after]))
        #expect(describe(ReconcileOrder.sorted([before, after])) == describe([before, after]))
    }

    @Test func reconcileOrderListIsFluxs() {
        #expect(ReconcileOrder.first.prefix(4) == ["CustomResourceDefinition", "Namespace", "ClusterRole", "ClusterClass"])
        #expect(ReconcileOrder.rank(ofKind: "CustomResourceDefinition") < ReconcileOrder.rank(ofKind: "PodDisruptionBudget"))
        #expect(ReconcileOrder.rank(ofKind: "PodDisruptionBudget") < ReconcileOrder.rank(ofKind: "Widget"))
        #expect(ReconcileOrder.rank(ofKind: "Widget") < ReconcileOrder.rank(ofKind: "MutatingWebhookConfiguration"))
    }

    @Test func applyOrderIsTheConcatenationOfStages() {
        let plan = StagedApplyPlan(objects: [
            makeObject("apps/v1", "Deployment", "web", namespace: "apps"), makeObject("v1", "Namespace", "apps"),
        ])
        #expect(describe(plan.applyOrder) == ["Namespace/apps", "Deployment/apps/web"])
        #expect(StagedApplyPlan(objects: []).stages.isEmpty)
    }
}
