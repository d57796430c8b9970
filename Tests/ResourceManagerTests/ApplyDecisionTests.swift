import KubernetesClient
import Manifests
import Testing
@testable import ResourceManager

/// The per-object decision around the dry-run, without a cluster.
@Suite struct ApplyDecisionTests {
    static let desired = makeObject("v1", "ConfigMap", "cfg", namespace: "apps")
    static let live: JSONValue = {
        var o = desired
        o[path: "metadata", "resourceVersion"] = "5"
        o["data"] = ["k": "v"]
        return o
    }()
    static let object = ResolvedObject(
        object: desired,
        mapping: ResourceMapping(gvk: GroupVersionKind(apiVersion: "v1", kind: "ConfigMap"), resource: "configmaps", namespaced: true),
        inventory: InventoryObject(id: desired.objectID!, version: "v1"))
    static let apply = ApplyPolicy(action: .apply, recreateOnImmutableChange: false, takeOverFields: true)
    static let forced = ApplyPolicy(action: .apply, recreateOnImmutableChange: true, takeOverFields: true)
    static let takeover: JSONValue = [["op": "remove", "path": "/metadata/annotations/x"]]
    static let immutable = APIError(code: 422, reason: "Invalid",
                                    message: "ConfigMap \"cfg\" is invalid: data: Invalid value: ...: field is immutable", request: "PATCH")

    func label(_ step: ApplyStep?) -> String {
        switch step {
        case nil: return "dry-run"
        case .skip(let existing)?: return "skip(existing: \(existing))"
        case .unchanged(_, let remember)?: return "unchanged(remember: \(remember))"
        case .create?: return "create"
        case .configure(_, let takeover, _)?: return takeover == nil ? "configure" : "configure+takeover"
        case .recreate?: return "recreate"
        case .failed(let message)?: return "failed: \(message)"
        }
    }

    @Test func beforeTheDryRun() {
        let skip = ApplyPolicy(action: .skip(.ssaIgnore), recreateOnImmutableChange: false, takeOverFields: true)
        #expect(label(ApplyDecision.beforeDryRun(policy: skip, live: nil, takeover: nil, memoryMatches: false)) == "skip(existing: false)")
        #expect(label(ApplyDecision.beforeDryRun(policy: skip, live: Self.live, takeover: nil, memoryMatches: true)) == "skip(existing: true)")
        #expect(label(ApplyDecision.beforeDryRun(policy: Self.apply, live: Self.live, takeover: nil, memoryMatches: true)) == "unchanged(remember: false)")
        // A pending takeover or a memory miss needs the dry-run.
        #expect(label(ApplyDecision.beforeDryRun(policy: Self.apply, live: Self.live, takeover: Self.takeover, memoryMatches: true)) == "dry-run")
        #expect(label(ApplyDecision.beforeDryRun(policy: Self.apply, live: Self.live, takeover: nil, memoryMatches: false)) == "dry-run")
        #expect(label(ApplyDecision.beforeDryRun(policy: Self.apply, live: nil, takeover: nil, memoryMatches: false)) == "dry-run")
        #expect(label(ApplyDecision.beforeDryRun(policy: Self.apply, live: nil, takeover: nil, memoryMatches: false, validateCreates: false)) == "create")
    }

    @Test func afterASuccessfulDryRun() {
        let same = Result<JSONValue, any Error>.success(Self.live)
        var edited = Self.live
        edited[path: "data", "k"] = "w"
        let drifted = Result<JSONValue, any Error>.success(edited)
        let decide = { (answer: Result<JSONValue, any Error>, live: JSONValue?, takeover: JSONValue?) in
            self.label(ApplyDecision.afterDryRun(answer, object: Self.object, live: live, policy: Self.apply, takeover: takeover))
        }
        #expect(decide(same, nil, nil) == "create")
        #expect(decide(same, Self.live, nil) == "unchanged(remember: true)")
        #expect(decide(drifted, Self.live, nil) == "configure")
        #expect(decide(same, Self.live, Self.takeover) == "configure+takeover")
    }

    @Test func afterAFailedDryRun() {
        let immutable = Result<JSONValue, any Error>.failure(Self.immutable)
        #expect(label(ApplyDecision.afterDryRun(immutable, object: Self.object, live: Self.live, policy: Self.forced, takeover: nil)) == "recreate")
        let refused = label(ApplyDecision.afterDryRun(immutable, object: Self.object, live: Self.live, policy: Self.apply, takeover: nil))
        #expect(refused.hasPrefix("failed: ConfigMap/apps/cfg dry-run failed (Invalid): "))
        #expect(refused.hasSuffix("annotate the object with 'kustomize.toolkit.fluxcd.io/force: enabled' to recreate it"))
        // Nothing to recreate when the object does not exist: a plain dry-run failure.
        let absent = label(ApplyDecision.afterDryRun(immutable, object: Self.object, live: nil, policy: Self.forced, takeover: nil))
        #expect(absent.hasPrefix("failed: ConfigMap/apps/cfg dry-run failed (Invalid): "))
        #expect(!absent.contains("spec.force"))
        let missingNamespace = APIError(code: 404, reason: "NotFound", message: "namespaces \"apps\" not found", request: "PATCH")
        #expect(label(ApplyDecision.afterDryRun(.failure(missingNamespace), object: Self.object, live: nil, policy: Self.apply, takeover: nil))
            == "failed: ConfigMap/apps/cfg not found: namespaces \"apps\" not found")
    }
}
