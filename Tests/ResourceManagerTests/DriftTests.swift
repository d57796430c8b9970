import KubernetesClient
import Manifests
import Testing
@testable import ResourceManager

/// Flux's `hasDrifted` rules and the immutable-field answers that allow a forced re-create.
@Suite struct DriftTests {
    static let live: JSONValue = [
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": ["name": "a", "resourceVersion": "7", "labels": ["x": "1"], "managedFields": [["manager": "m"]]],
        "data": ["k": "v", "n": "1"],
        "status": ["anything": true],
    ]

    static func with(_ edit: (inout JSONValue) -> Void) -> JSONValue {
        var copy = live
        edit(&copy)
        return copy
    }

    @Test(arguments: [
        ("identical", with { _ in }, false),
        ("key order and managedFields/status ignored", with {
            $0["data"] = ["n": "1", "k": "v"]
            $0[path: "metadata", "managedFields"] = nil
            $0["status"] = ["other": 1]
        }, false),
        ("empty annotations equal missing ones", with { $0[path: "metadata", "annotations"] = [:] }, false),
        ("no resourceVersion: would be created", with { $0[path: "metadata", "resourceVersion"] = nil }, true),
        ("a label changed", with { $0[path: "metadata", "labels", "x"] = "2" }, true),
        ("a label removed from Git (dry-run drops it)", with { $0[path: "metadata", "labels"] = nil }, true),
        ("an annotation added", with { $0[path: "metadata", "annotations", "a"] = "b" }, true),
        ("a data value changed", with { $0[path: "data", "k"] = "w" }, true),
        ("a data key removed", with { $0[path: "data", "n"] = nil }, true),
    ])
    func drift(_ name: String, _ dryRun: JSONValue, _ drifted: Bool) {
        #expect(Drift.hasDrifted(live: Self.live, dryRun: dryRun) == drifted, "\(name)")
    }

    @Test func numbersCompareByValue() {
        #expect(Drift.semanticallyEqual(["replicas": .int(1)], ["replicas": .double(1.0)]))
        #expect(!Drift.semanticallyEqual(["replicas": .int(1)], ["replicas": .int(2)]))
        #expect(!Drift.semanticallyEqual(["a": [1, 2]], ["a": [2, 1]]))
    }

    @Test(arguments: [
        ("spec.selector: Invalid value: ...: field is immutable", true),
        ("spec.clusterIPs[0]: Invalid value: []string{\"10.0.0.99\"}: may not change once set", true),
        ("spec: Forbidden: updates to statefulset spec for fields other than 'replicas' are forbidden", true),
        ("data[bad key!]: Invalid value: \"bad key!\": a valid config key must consist of ...", false),
    ])
    func immutableAnswers(_ message: String, _ immutable: Bool) {
        let error = APIError(code: 422, reason: "Invalid", message: "X \"a\" is invalid: \(message)", request: "PATCH /x")
        #expect(APIErrorText.isImmutable(error) == immutable)
        // A Conflict is never taken for an immutable change (Flux's rule is broader).
        #expect(!APIErrorText.isImmutable(APIError(code: 409, reason: "Conflict", message: message, request: "PATCH /x")))
    }

    @Test func changeSetSummaryAndInventory() {
        var set = ChangeSet()
        let web = InventoryObject(id: ObjectID(group: "apps", kind: "Deployment", namespace: "apps", name: "web"), version: "v1")
        let ns = InventoryObject(id: ObjectID(group: "", kind: "Namespace", namespace: "", name: "apps"), version: "v1")
        let gone = InventoryObject(id: ObjectID(group: "", kind: "ConfigMap", namespace: "apps", name: "x"), version: "v1")
        set.append(ChangeSetEntry(object: ns, action: .unchanged), inInventory: true)
        set.append(ChangeSetEntry(object: web, action: .configured), inInventory: true)
        set.append(ChangeSetEntry(object: gone, action: .skipped), inInventory: false)
        #expect(set.summary() == "Deployment/apps/web configured")
        #expect(set.summary(of: [.unchanged, .skipped]) == "Namespace/apps unchanged\nConfigMap/apps/x skipped")
        #expect(set.hasChanges)
        #expect(set.inventory.entries.map(\.id) == ["_apps__Namespace", "apps_web_apps_Deployment"])
        #expect(set.healthCheckObjects == [ns, web])
    }
}
