import Manifests
import Testing

@testable import ResourceManager

@Suite struct FieldManagerTakeoverTests {
    static func entry(_ manager: String, _ operation: String, _ fields: String, subresource: String? = nil) -> JSONValue {
        var e: JSONValue = [
            "manager": .string(manager), "operation": .string(operation), "apiVersion": "apps/v1",
            "time": "2026-01-01T00:00:00Z", "fieldsType": "FieldsV1", "fieldsV1": try! JSONValue(json: fields),
        ]
        if let subresource { e["subresource"] = .string(subresource) }
        return e
    }

    static func live(_ entries: [JSONValue], annotations: [String: String] = [:], labels: [String: String] = [:]) -> JSONValue {
        var o = makeObject("apps/v1", "Deployment", "web", namespace: "apps", labels: labels, annotations: annotations)
        o[path: "metadata", "managedFields"] = .array(entries)
        return o
    }

    static let replicas = #"{"f:spec":{"f:replicas":{}}}"#
    static let image = #"{"f:spec":{"f:template":{"f:spec":{"f:containers":{}}}}}"#

    @Test func kubectlEditIsFoldedIntoTheControllersApplyEntry() throws {
        let object = Self.live([
            Self.entry("kustomize-controller", "Apply", Self.image),
            Self.entry("kubectl-edit", "Update", Self.replicas),
            Self.entry("kube-controller-manager", "Update", #"{"f:status":{}}"#, subresource: "status"),
        ])
        let patch = try #require(FieldManagerTakeover.patch(live: object))
        let ops = try #require(patch.arrayValue)
        #expect(ops.count == 1)
        #expect(ops[0]["op"] == "replace")
        #expect(ops[0]["path"] == "/metadata/managedFields")
        let entries = try #require(ops[0]["value"]?.arrayValue)
        #expect(entries.map { $0["manager"]?.stringValue } == ["kube-controller-manager", "kustomize-controller"])
        #expect(entries[1]["operation"] == "Apply")
        #expect(entries[1]["fieldsV1"]?.jsonString()
            == #"{"f:spec":{"f:template":{"f:spec":{"f:containers":{}}},"f:replicas":{}}}"#)
    }

    @Test func firstMatchIsRenamedWhenTheControllerHasNoApplyEntry() throws {
        let object = Self.live([
            Self.entry("kubectl-client-side-apply", "Update", Self.image),
            Self.entry("helm", "Update", #"{"f:metadata":{}}"#),
            Self.entry("before-first-apply", "Update", Self.replicas),
        ])
        let ops = try #require(FieldManagerTakeover.patch(live: object)?.arrayValue)
        let entries = try #require(ops.last?["value"]?.arrayValue)
        #expect(entries.map { $0["manager"]?.stringValue } == ["helm", "kustomize-controller"])
        #expect(entries[1]["fieldsV1"]?.jsonString()
            == #"{"f:spec":{"f:template":{"f:spec":{"f:containers":{}}},"f:replicas":{}}}"#)
    }

    @Test(arguments: [
        ("kubectl", "Apply", true),
        ("kubectl", "Update", true),
        ("kubectl-patch", "Update", true),
        ("before-first-apply", "Update", true),
        ("before-first-apply", "Apply", false),
        ("kustomize-controller", "Update", true),
        ("kustomize-controller", "Apply", false),
        ("helm-controller", "Update", false),
        ("k9s", "Update", false),
    ])
    func whichManagersAreTakenOver(manager: String, operation: String, taken: Bool) {
        let object = Self.live([Self.entry(manager, operation, Self.replicas)])
        #expect((FieldManagerTakeover.patch(live: object) != nil) == taken)
    }

    @Test func overrideManagersAreTakenOverToo() {
        let object = Self.live([Self.entry("k9s", "Update", Self.replicas)])
        let managers = FieldManagerTakeover.managers(overrideManagers: ["k9s"])
        #expect(FieldManagerTakeover.patch(live: object, managers: managers) != nil)
    }

    @Test func kubectlAndFluxV1MetadataIsRemoved() throws {
        let object = Self.live(
            [Self.entry("kustomize-controller", "Apply", Self.replicas)],
            annotations: ["kubectl.kubernetes.io/last-applied-configuration": "{}", "fluxcd.io/sync-checksum": "abc", "keep": "me"],
            labels: ["fluxcd.io/sync-gc-mark": "sha256.x", "app": "web"])
        let patch = try #require(FieldManagerTakeover.patch(live: object))
        #expect(patch.jsonString() == #"[{"op":"remove","path":"/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration"},"#
            + #"{"op":"remove","path":"/metadata/annotations/fluxcd.io~1sync-checksum"},"#
            + #"{"op":"remove","path":"/metadata/labels/fluxcd.io~1sync-gc-mark"}]"#)
    }

    @Test func nothingToDoAndMergeObjectsGiveNoPatch() {
        let clean = Self.live([Self.entry("kustomize-controller", "Apply", Self.replicas)])
        #expect(FieldManagerTakeover.patch(live: clean) == nil)
        let edited = Self.live([Self.entry("kubectl-edit", "Update", Self.replicas)])
        let merge = makeObject("apps/v1", "Deployment", "web", namespace: "apps", annotations: [FluxAnnotation.ssa: "Merge"])
        #expect(FieldManagerTakeover.patch(live: edited, desired: merge) == nil)
        var liveMerge = edited
        liveMerge[path: "metadata", "annotations", FluxAnnotation.ssa] = "merge"
        #expect(FieldManagerTakeover.patch(live: liveMerge) == nil)
    }
}
