import Manifests
import Testing

@testable import ResourceManager

@Suite struct InventoryTests {
    static let ids: [(ObjectID, String)] = [
        (ObjectID(group: "", kind: "Namespace", namespace: "", name: "podinfo"), "_podinfo__Namespace"),
        (ObjectID(group: "apps", kind: "Deployment", namespace: "apps", name: "web"), "apps_web_apps_Deployment"),
        (ObjectID(group: "", kind: "ConfigMap", namespace: "default", name: "cfg-5h7k"), "default_cfg-5h7k__ConfigMap"),
        (ObjectID(group: "rbac.authorization.k8s.io", kind: "ClusterRole", namespace: "", name: "system:flux:view"),
         "_system__flux__view_rbac.authorization.k8s.io_ClusterRole"),
        (ObjectID(group: "rbac.authorization.k8s.io", kind: "RoleBinding", namespace: "ops", name: "a:b"),
         "ops_a__b_rbac.authorization.k8s.io_RoleBinding"),
        (ObjectID(group: "apiextensions.k8s.io", kind: "CustomResourceDefinition", namespace: "",
                  name: "kustomizations.kustomize.toolkit.fluxcd.io"),
         "_kustomizations.kustomize.toolkit.fluxcd.io_apiextensions.k8s.io_CustomResourceDefinition"),
    ]

    @Test(arguments: ids)
    func idIsFluxObjMetadataFormat(object: ObjectID, id: String) throws {
        #expect(Inventory.id(for: object) == id)
        #expect(try Inventory.parseID(id) == object)
    }

    @Test(arguments: ["", "podinfo", "ns_name_Kind", "ns_a_b_apps_Deployment", "ns__apps_Deployment", "ns_web_apps_"])
    func malformedIDsAreRejected(id: String) {
        #expect(throws: InventoryError.malformedID(id)) { try Inventory.parseID(id) }
    }

    @Test func builtFromObjectsInStagedApplyOrderWithVersions() {
        let inventory = Inventory(objects: [
            makeObject("apps/v1", "Deployment", "web", namespace: "apps"),
            makeObject("v1", "Service", "web", namespace: "apps"),
            makeObject("networking.k8s.io/v1", "IngressClass", "nginx"),
            makeObject("v1", "Namespace", "apps"),
        ])
        #expect(inventory.entries == [
            InventoryEntry(id: "_apps__Namespace", version: "v1"),
            InventoryEntry(id: "_nginx_networking.k8s.io_IngressClass", version: "v1"),
            InventoryEntry(id: "apps_web__Service", version: "v1"),
            InventoryEntry(id: "apps_web_apps_Deployment", version: "v1"),
        ])
    }

    @Test func staleIsOldMinusNewInReconcileOrder() throws {
        let old = Inventory(entries: [
            InventoryEntry(id: "apps_web_apps_Deployment", version: "v1"),
            InventoryEntry(id: "apps_old-cfg__ConfigMap", version: "v1"),
            InventoryEntry(id: "_apps__Namespace", version: "v1"),
            InventoryEntry(id: "apps_hook_admissionregistration.k8s.io_ValidatingWebhookConfiguration", version: "v1"),
            InventoryEntry(id: "apps_job_batch_Job", version: "v1"),
            InventoryEntry(id: "apps_scaler_autoscaling_HorizontalPodAutoscaler", version: "v2beta2"),
        ])
        let new = Inventory(entries: [
            InventoryEntry(id: "apps_web_apps_Deployment", version: "v1"),
            // A version bump of the same object is not a prune.
            InventoryEntry(id: "apps_scaler_autoscaling_HorizontalPodAutoscaler", version: "v2"),
        ])
        let stale = try old.stale(comparedTo: new)
        #expect(stale.map(\.description) == [
            "Namespace/apps", "ConfigMap/apps/old-cfg", "Job/apps/job", "ValidatingWebhookConfiguration/apps/hook",
        ])
        #expect(stale.map(\.apiVersion) == ["v1", "v1", "batch/v1", "admissionregistration.k8s.io/v1"])
        #expect(ReconcileOrder.deletionOrder(stale).map(\.description) == [
            "ValidatingWebhookConfiguration/apps/hook", "Job/apps/job", "ConfigMap/apps/old-cfg", "Namespace/apps",
        ])
    }

    @Test func aGroupChangeMakesTheOldObjectStale() throws {
        let old = Inventory(entries: [InventoryEntry(id: "apps_web_extensions_Ingress", version: "v1beta1")])
        let new = Inventory(entries: [InventoryEntry(id: "apps_web_networking.k8s.io_Ingress", version: "v1")])
        #expect(try old.stale(comparedTo: new).map(\.apiVersion) == ["extensions/v1beta1"])
    }

    @Test func aMalformedOldEntryFailsTheDiffInsteadOfPruningBlindly() {
        let old = Inventory(entries: [InventoryEntry(id: "garbage", version: "v1")])
        #expect(throws: InventoryError.malformedID("garbage")) { try old.stale(comparedTo: Inventory()) }
    }

    @Test(arguments: [
        (#"{"entries":[{"id":"_apps__Namespace","v":"v1"},{"id":"apps_web_apps_Deployment","v":"v1"}]}"#, 2),
        (#"{"entries":[]}"#, 0),
    ])
    func jsonRoundTrip(json: String, count: Int) throws {
        let inventory = try Inventory(json: JSONValue(json: json))
        #expect(inventory.entries.count == count)
        #expect(inventory.json.jsonString() == json)
    }

    @Test func missingEntriesReadAsEmpty() throws {
        #expect(try Inventory(json: JSONValue(json: "{}")) == Inventory())
        #expect(try Inventory(json: JSONValue(json: #"{"entries":null}"#)) == Inventory())
        #expect(throws: InventoryError.self) { try Inventory(json: JSONValue(json: #"{"entries":[{"v":"v1"}]}"#)) }
        #expect(throws: InventoryError.self) { try Inventory(json: JSONValue(json: #"{"entries":{}}"#)) }
    }

    @Test func survivorsOfAFailedPruneAreMergedBackOnce() throws {
        var inventory = Inventory(entries: [InventoryEntry(id: "apps_web_apps_Deployment", version: "v1")])
        let survivor = InventoryObject(id: try Inventory.parseID("apps_old__Secret"), version: "v1")
        inventory.merge([survivor, survivor])
        inventory.merge([InventoryObject(id: try Inventory.parseID("apps_web_apps_Deployment"), version: "v1")])
        #expect(inventory.entries.map(\.id) == ["apps_web_apps_Deployment", "apps_old__Secret"])
    }
}
