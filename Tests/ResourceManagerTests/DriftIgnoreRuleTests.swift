import KubernetesClient
import Manifests
import Testing
@testable import ResourceManager

/// The pure half of `spec.ignore`: pointer and selector syntax, which rules reach which object,
/// who owns a field, and what is stripped, adopted or kept.
@Suite struct DriftIgnoreRuleTests {
    // MARK: JSON pointers

    @Test(arguments: [
        ("/spec/replicas", ["spec", "replicas"]),
        ("/metadata/annotations/example.com~1owner", ["metadata", "annotations", "example.com/owner"]),
        ("/a~0b/~01", ["a~b", "~1"]),
        ("/spec/containers/0/image", ["spec", "containers", "0", "image"]),
        ("/", [""]),
    ])
    func pointerTokens(_ text: String, _ tokens: [String]) throws {
        #expect(try JSONPointer(text).tokens == tokens)
    }

    @Test(arguments: [
        ("spec/replicas", "must start with '/'"),
        ("", "the empty pointer names the whole object"),
        ("/a~2", "'~2' is not an escape (use ~0 for '~', ~1 for '/')"),
        ("/a~", "a '~' must be followed by 0 or 1"),
    ])
    func badPointers(_ text: String, _ reason: String) {
        #expect(throws: JSONPointer.SyntaxError(pointer: text, reason: reason)) { try JSONPointer(text) }
    }

    @Test func pointersReadRemoveAndSetThroughArrays() throws {
        var object: JSONValue = ["spec": ["containers": [["name": "a", "image": "x:1"], ["name": "b"]]]]
        let image = try JSONPointer("/spec/containers/0/image")
        #expect(image.value(in: object) == "x:1")
        #expect(try JSONPointer("/spec/containers/01/image").value(in: object) == nil)  // leading zero: no index
        #expect(try JSONPointer("/spec/containers/-").value(in: object) == nil)
        image.remove(from: &object)
        #expect(object[path: "spec", "containers"]?[0] == ["name": "a"])
        #expect(image.set("x:2", in: &object))
        #expect(image.value(in: object) == "x:2")
        // A missing member on the way is created; a missing list element is not.
        #expect(try JSONPointer("/spec/replicas").set(3, in: &object))
        #expect(object[path: "spec", "replicas"] == 3)
        #expect(try !JSONPointer("/spec/containers/5/image").set("y", in: &object))
        // Removing what is not there changes nothing.
        let before = object
        try JSONPointer("/spec/strategy/type").remove(from: &object)
        #expect(object == before)
    }

    // MARK: compiling and targeting

    @Test func compileErrorsNameTheRuleAndMember() {
        let cases: [([DriftIgnoreRule], String)] = [
            ([DriftIgnoreRule(paths: ["/spec/replicas"]), DriftIgnoreRule(paths: ["/ok", "spec/x"])],
             "spec.ignore[1].paths[1]: invalid JSON pointer 'spec/x': must start with '/'"),
            ([DriftIgnoreRule(paths: ["/a"], target: ObjectSelector(kind: "Deploy(ment"))],
             "spec.ignore[0].target.kind: invalid regular expression 'Deploy(ment': missing closing )"),
            ([DriftIgnoreRule(paths: ["/a"], target: ObjectSelector(labelSelector: "app in web"))],
             "spec.ignore[0].target.labelSelector: invalid selector 'app in web': expected '(' after 'in'"),
            ([DriftIgnoreRule(paths: [])], "spec.ignore[0].paths: at least one JSON pointer is required"),
        ]
        for (rules, message) in cases {
            #expect(throws: IgnoreRuleError.self) { try CompiledIgnoreRules(rules) }
            do {
                _ = try CompiledIgnoreRules(rules)
            } catch {
                #expect(error.description == message)
            }
        }
    }

    @Test func rulesReachOnlyTheObjectsTheirTargetSelects() throws {
        let rules = try CompiledIgnoreRules([
            DriftIgnoreRule(paths: ["/spec/replicas"], target: ObjectSelector(group: "apps", kind: "Deployment|StatefulSet")),
            DriftIgnoreRule(paths: ["/spec/replicas", "/metadata/annotations/dns"], target: ObjectSelector(name: "web-.*", labelSelector: "scale=auto")),
            DriftIgnoreRule(paths: ["/data/token"], target: ObjectSelector(version: "v1", kind: "ConfigMap", namespace: "apps")),
            DriftIgnoreRule(paths: ["/spec/paused"], target: ObjectSelector(annotationSelector: "example.com/paused-by")),
        ])
        let web = makeObject("apps/v1", "Deployment", "web-1", namespace: "apps", labels: ["scale": "auto"])
        #expect(rules.pointers(for: web).map(\.description) == ["/spec/replicas", "/metadata/annotations/dns"])
        // The kind pattern is anchored: `Deployment` does not match `DeploymentX`.
        #expect(rules.pointers(for: makeObject("apps/v1", "DeploymentX", "db", namespace: "apps")).isEmpty)
        #expect(rules.pointers(for: makeObject("apps/v1", "StatefulSet", "db", namespace: "apps")).map(\.description) == ["/spec/replicas"])
        #expect(rules.pointers(for: makeObject("v1", "ConfigMap", "c", namespace: "apps")).map(\.description) == ["/data/token"])
        #expect(rules.pointers(for: makeObject("v1", "ConfigMap", "c", namespace: "apps-2")).isEmpty)
        #expect(rules.pointers(for: makeObject("v1", "Service", "web-2", namespace: "x", labels: ["scale": "manual"])).isEmpty)
        #expect(rules.pointers(for: makeObject("v1", "Service", "s", annotations: ["example.com/paused-by": "ops"])).map(\.description)
            == ["/spec/paused"])
        #expect(CompiledIgnoreRules.none.pointers(for: web).isEmpty)
    }

    // MARK: ownership and the strip/adopt decision

    static func live(replicas: Int, image: String, managers: [JSONValue]) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": "web", "namespace": "apps", "resourceVersion": "9", "managedFields": .array(managers)],
            "spec": ["replicas": .int(replicas), "template": ["spec": ["containers": [["name": "web", "image": .string(image)]]]]],
        ]
    }

    static func entry(_ manager: String, _ fields: JSONValue, operation: String = "Apply", subresource: String? = nil) -> JSONValue {
        var e: JSONValue = ["manager": .string(manager), "operation": .string(operation), "fieldsType": "FieldsV1", "fieldsV1": fields]
        if let subresource { e["subresource"] = .string(subresource) }
        return e
    }

    static let fluxOwnsAll = entry("kustomize-controller", ["f:spec": [
        "f:replicas": [:], "f:template": ["f:spec": ["f:containers": ["k:{\"name\":\"web\"}": [".": [:], "f:image": [:], "f:name": [:]]]]],
    ]])
    static let hpaOwnsReplicas = entry("hpa", ["f:spec": ["f:replicas": [:]]])
    static let imagePolicyOwnsImage = entry("image-policy", ["f:spec": ["f:template": ["f:spec": ["f:containers": [
        "k:{\"name\":\"web\"}": [".": [:], "f:image": [:]],
    ]]]]])

    @Test(arguments: [
        // (name, live managers, live replicas, live image, expected replicas action, expected image action)
        ("values equal: kept", [fluxOwnsAll], 2, "web:1", DriftIgnore.Action.keep, DriftIgnore.Action.keep),
        ("another Apply manager owns them: stripped", [fluxOwnsAll, hpaOwnsReplicas, imagePolicyOwnsImage], 5, "web:2",
         .strip, .strip),
        ("only Flux owns them: live values adopted", [fluxOwnsAll], 5, "web:2", .adopt(5), .adopt("web:2")),
        ("an Update (scale subresource) is not an Apply owner: adopted",
         [fluxOwnsAll, entry("kube-controller-manager", ["f:spec": ["f:replicas": [:]]], operation: "Update", subresource: "scale")], 5, "web:1",
         .adopt(5), .keep),
        ("an Apply on the status subresource does not count", [fluxOwnsAll,
         entry("hpa", ["f:spec": ["f:replicas": [:]]], subresource: "status")], 5, "web:1", .adopt(5), .keep),
        ("no owner at all: adopted", [], 5, "web:1", .adopt(5), .keep),
    ] as [(String, [JSONValue], Int, String, DriftIgnore.Action, DriftIgnore.Action)])
    func stripOrAdopt(_ name: String, _ managers: [JSONValue], _ replicas: Int, _ image: String,
                      _ replicasAction: DriftIgnore.Action, _ imageAction: DriftIgnore.Action) throws {
        let live = Self.live(replicas: replicas, image: image, managers: managers)
        let dryRun = Self.live(replicas: 2, image: "web:1", managers: managers)
        let pointers = try [JSONPointer("/spec/replicas"), JSONPointer("/spec/template/spec/containers/0/image")]
        let actions = DriftIgnore.actions(pointers: pointers, live: live, dryRun: dryRun) { $0 == "kustomize-controller" }
        #expect(actions.map(\.1) == [replicasAction, imageAction], "\(name)")
    }

    @Test func aTakeoverManagerFoldedIntoOursIsNotAnotherOwner() throws {
        let live = Self.live(replicas: 5, image: "web:1", managers: [Self.entry("kubectl-client-side-apply", ["f:spec": ["f:replicas": [:]]])])
        let dryRun = Self.live(replicas: 2, image: "web:1", managers: [])
        let pointer = try JSONPointer("/spec/replicas")
        #expect(DriftIgnore.actions(pointers: [pointer], live: live, dryRun: dryRun) { $0 == "kustomize-controller" }.map(\.1) == [.strip])
        #expect(DriftIgnore.actions(pointers: [pointer], live: live, dryRun: dryRun) {
            $0 == "kustomize-controller" || $0.hasPrefix("kubectl")
        }.map(\.1) == [.adopt(5)])
    }

    @Test func anAtomicListOwnedWholeOwnsItsElements() throws {
        let live: JSONValue = [
            "metadata": ["managedFields": [Self.entry("operator", ["f:spec": ["f:args": [:]]])]],
            "spec": ["args": ["--a", "--b"]],
        ]
        #expect(ManagedFieldsOwnership.applyOwners(of: try JSONPointer("/spec/args/1"), in: live) == ["operator"])
        #expect(ManagedFieldsOwnership.applyOwners(of: try JSONPointer("/spec/other"), in: live).isEmpty)
    }

    @Test func thePayloadStripsAdoptsAndLeavesAbsentPathsAsDesired() throws {
        let desired: JSONValue = ["spec": ["replicas": 2, "paused": false, "minReadySeconds": 3], "metadata": ["name": "web"]]
        let payload = DriftIgnore.payload(desired: desired, actions: [
            (try JSONPointer("/spec/replicas"), .strip),
            (try JSONPointer("/spec/paused"), .adopt(true)),
            (try JSONPointer("/spec/not/there"), .keep),
        ])
        #expect(payload == ["spec": ["paused": true, "minReadySeconds": 3], "metadata": ["name": "web"]])
    }

    /// The decision after the dry-run: only-ignored drift is `unchanged`; other drift is
    /// `configure`, with a reshaped payload only when a path is stripped or adopted.
    @Test func theDecisionCarriesThePayloadOnlyWhenSomethingIsReshaped() throws {
        let desired = Self.live(replicas: 2, image: "web:1", managers: [])
        var object = ResolvedObject(
            object: desired,
            mapping: ResourceMapping(gvk: GroupVersionKind(apiVersion: "apps/v1", kind: "Deployment"), resource: "deployments", namespaced: true),
            inventory: InventoryObject(id: desired.objectID!, version: "v1"))
        object.ignored = [try JSONPointer("/spec/replicas"), try JSONPointer("/spec/absent")]
        let policy = ApplyPolicy(action: .apply, recreateOnImmutableChange: false, takeOverFields: true)
        func decide(live: JSONValue, dryRun: JSONValue) -> ApplyStep {
            ApplyDecision.afterDryRun(.success(dryRun), object: object, live: live, policy: policy, takeover: nil)
        }
        func payload(_ step: ApplyStep) -> JSONValue?? {
            if case .configure(_, _, let payload) = step { return .some(payload) }
            return .none
        }
        let scaled = Self.live(replicas: 5, image: "web:1", managers: [Self.fluxOwnsAll, Self.hpaOwnsReplicas])
        if case .unchanged = decide(live: scaled, dryRun: desired) {} else { Issue.record("only ignored drift must be unchanged") }

        var edited = desired
        edited[path: "spec", "minReadySeconds"] = 1
        // Replicas equal, something else drifted: configure with the desired object as it is.
        #expect(payload(decide(live: Self.live(replicas: 2, image: "web:1", managers: [Self.fluxOwnsAll]), dryRun: edited)) == .some(.none))
        // Replicas owned by the autoscaler: stripped from the payload.
        var stripped = desired
        stripped[path: "spec", "replicas"] = nil
        #expect(payload(decide(live: scaled, dryRun: edited)) == .some(stripped))
    }

    @Test func ignoredPathsAreNotDrift() throws {
        let live = Self.live(replicas: 5, image: "web:1", managers: [])
        let dryRun = Self.live(replicas: 2, image: "web:1", managers: [])
        let replicas = try JSONPointer("/spec/replicas")
        #expect(Drift.hasDrifted(live: live, dryRun: dryRun))
        #expect(!Drift.hasDrifted(live: live, dryRun: dryRun, ignoring: [replicas]))
        #expect(!Drift.hasDrifted(live: live, dryRun: dryRun, ignoring: [replicas, try JSONPointer("/absent/path")]))
        var other = dryRun
        other[path: "spec", "minReadySeconds"] = 4
        #expect(Drift.hasDrifted(live: live, dryRun: other, ignoring: [replicas]))
    }
}
