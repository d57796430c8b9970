import Manifests
import Testing

@testable import ResourceManager

@Suite struct PrunePlanTests {
    static let owner = KustomizationOwner(name: "apps", namespace: "flux-system")
    static let ownerLabels = [KustomizationOwner.nameLabel: "apps", KustomizationOwner.namespaceLabel: "flux-system"]

    static func stale(_ id: String, _ version: String = "v1") -> InventoryObject {
        InventoryObject(id: try! Inventory.parseID(id), version: version)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var labels: [String: String]
        var annotations: [String: String] = [:]
        var expected: PrunePlan.SkipReason?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "ours", labels: ownerLabels, expected: nil),
        Case(name: "no owner labels", labels: [:], expected: .notOwned),
        Case(name: "adopted by another Kustomization",
             labels: [KustomizationOwner.nameLabel: "other", KustomizationOwner.namespaceLabel: "flux-system"], expected: .notOwned),
        Case(name: "same name, other namespace",
             labels: [KustomizationOwner.nameLabel: "apps", KustomizationOwner.namespaceLabel: "team-a"], expected: .notOwned),
        Case(name: "prune disabled", labels: ownerLabels, annotations: [FluxAnnotation.prune: "disabled"], expected: .pruneDisabled),
        Case(name: "prune Disabled", labels: ownerLabels, annotations: [FluxAnnotation.prune: "Disabled"], expected: .pruneDisabled),
        Case(name: "prune enabled", labels: ownerLabels, annotations: [FluxAnnotation.prune: "enabled"], expected: nil),
        Case(name: "reconcile disabled", labels: ownerLabels, annotations: [FluxAnnotation.reconcile: "disabled"],
             expected: .reconcileDisabled),
        Case(name: "ssa Ignore", labels: ownerLabels, annotations: [FluxAnnotation.ssa: "Ignore"], expected: .ssaIgnore),
        Case(name: "ssa Merge is still pruned", labels: ownerLabels, annotations: [FluxAnnotation.ssa: "Merge"], expected: nil),
    ]

    @Test(arguments: cases)
    func liveMetadataDecides(_ c: Case) {
        let object = Self.stale("apps_cfg__ConfigMap")
        let live = makeObject("v1", "ConfigMap", "cfg", namespace: "apps", labels: c.labels, annotations: c.annotations)
        let plan = PrunePlan(stale: [object], live: [object.id: live], owner: Self.owner)
        if let reason = c.expected {
            #expect(plan.delete.isEmpty)
            #expect(plan.skipped == [PrunePlan.Skipped(object: object, reason: reason)])
        } else {
            #expect(plan.delete == [object])
            #expect(plan.skipped.isEmpty)
        }
    }

    @Test func deletesInReverseReconcileOrderAndReportsGoneObjects() {
        let stale = [
            Self.stale("_apps__Namespace"), Self.stale("apps_web_apps_Deployment"),
            Self.stale("apps_cfg__ConfigMap"), Self.stale("_hook_admissionregistration.k8s.io_ValidatingWebhookConfiguration"),
            Self.stale("apps_gone__Secret"),
        ]
        var live: [ObjectID: JSONValue] = [:]
        for object in stale where object.id.name != "gone" {
            live[object.id] = makeObject(object.apiVersion, object.id.kind, object.id.name,
                                         namespace: object.id.namespace.isEmpty ? nil : object.id.namespace,
                                         labels: Self.ownerLabels)
        }
        let plan = PrunePlan(stale: stale, live: live, owner: Self.owner)
        #expect(plan.delete.map(\.description) == [
            "ValidatingWebhookConfiguration/hook", "Deployment/apps/web", "ConfigMap/apps/cfg", "Namespace/apps",
        ])
        #expect(plan.alreadyGone.map(\.description) == ["Secret/apps/gone"])
    }

    @Test func ownerLabelsAreStampedOnEveryObject() {
        let stamped = Self.owner.stamp([
            makeObject("v1", "ConfigMap", "cfg", namespace: "apps", labels: ["app": "web", KustomizationOwner.nameLabel: "old"]),
            makeObject("v1", "Namespace", "apps"),
        ])
        #expect(stamped.allSatisfy(Self.owner.owns))
        #expect(stamped[0].labels == ["app": "web"].merging(Self.ownerLabels) { a, _ in a })
        #expect(stamped[1].labels == Self.ownerLabels)
    }
}

@Suite struct GarbageCollectionScenarioTests {
    /// A user deletes a Deployment and renames a ConfigMap in Git: the next reconcile prunes
    /// exactly those two, Deployment first, and leaves the one someone marked `prune: disabled`.
    @Test func removingObjectsFromGitPrunesOnlyThose() throws {
        let owner = KustomizationOwner(name: "apps", namespace: "flux-system")
        let before = owner.stamp([
            makeObject("v1", "Namespace", "apps"),
            makeObject("apps/v1", "Deployment", "web", namespace: "apps"),
            makeObject("apps/v1", "Deployment", "worker", namespace: "apps"),
            makeObject("v1", "ConfigMap", "cfg-aaaa", namespace: "apps"),
            makeObject("v1", "Secret", "keep", namespace: "apps"),
        ])
        let after = owner.stamp([
            makeObject("v1", "Namespace", "apps"),
            makeObject("apps/v1", "Deployment", "web", namespace: "apps"),
            makeObject("v1", "ConfigMap", "cfg-bbbb", namespace: "apps"),
        ])
        let oldInventory = try Inventory(json: Inventory(objects: before).json)
        let stale = try oldInventory.stale(comparedTo: Inventory(objects: after))
        var live: [ObjectID: JSONValue] = [:]
        for object in before { live[object.objectID!] = object }
        live[try Inventory.parseID("apps_keep__Secret")]?[path: "metadata", "annotations", FluxAnnotation.prune] = "disabled"

        let plan = PrunePlan(stale: stale, live: live, owner: owner)
        #expect(plan.delete.map(\.description) == ["Deployment/apps/worker", "ConfigMap/apps/cfg-aaaa"])
        #expect(plan.skipped.map(\.object.description) == ["Secret/apps/keep"])
        #expect(plan.delete.map(\.apiVersion) == ["apps/v1", "v1"])
    }
}
