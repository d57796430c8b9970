@testable import KustomizeController
import ControllerRuntime
import FerryAPI
import Manifests
import Testing

/// The dependsOn rules, without a cluster: readiness, generations, shared-source revisions, cycles.
@Suite struct DependencyCheckTests {
    func kustomization(_ name: String, namespace: String = "ns", dependsOn: [String] = [], ready: Bool? = nil, generation: Int = 1,
                       observed: Int = 1, source: String = "repo", applied: String? = nil) -> JSONValue {
        var object: JSONValue = ["metadata": ["name": .string(name), "namespace": .string(namespace), "generation": .int(generation)],
                                 "spec": ["sourceRef": ["kind": "GitRepository", "name": .string(source)]]]
        if !dependsOn.isEmpty {
            object[path: "spec", "dependsOn"] = .array(dependsOn.map { dep in
                let parts = dep.split(separator: "/").map(String.init)
                return parts.count == 2 ? ["namespace": .string(parts[0]), "name": .string(parts[1])] : ["name": .string(dep)]
            })
        }
        object[path: "status", "observedGeneration"] = .int(observed)
        if let ready {
            object[path: "status", "conditions"] = [["type": "Ready", "status": ready ? "True" : "False", "reason": "x", "message": "",
                                                     "lastTransitionTime": "2026-01-01T00:00:00Z"]]
        }
        if let applied { object[path: "status", "lastAppliedRevision"] = .string(applied) }
        return object
    }

    func evaluate(_ objects: [JSONValue], for name: String, revision: String? = "main@sha1:2") -> DependencyCheck {
        var graph: [DependencyKey: JSONValue] = [:]
        for o in objects { graph[DependencyKey(kind: o["kind"]?.stringValue ?? "Kustomization", ObjectKey(o)!)] = o }
        let key = DependencyKey(kind: "Kustomization", namespace: "ns", name: name)
        let deps = DependencyKey.edges(of: graph[key]!, owner: key)
        return DependencyCheck.evaluate(key: key, dependencies: deps,
                                        source: (kind: "GitRepository", key: ObjectKey(namespace: "ns", name: "repo"), revision: revision),
                                        lookup: { graph[$0] })
    }

    @Test func readyWhenEveryDependencyIsReadyAtItsGenerationAndRevision() {
        let objects = [kustomization("app", dependsOn: ["infra", "other/db"]),
                       kustomization("infra", ready: true, applied: "main@sha1:2"),
                       kustomization("db", namespace: "other", ready: true, source: "elsewhere", applied: "main@sha1:1")]
        #expect(evaluate(objects, for: "app") == .ready)
    }

    @Test func notReadyCases() {
        #expect(evaluate([kustomization("app", dependsOn: ["infra"])], for: "app")
                == .notReady("unable to get 'ns/infra' dependency: Kustomization 'ns/infra' not found"))
        #expect(evaluate([kustomization("app", dependsOn: ["infra"]), kustomization("infra", ready: false)], for: "app")
                == .notReady("dependency 'ns/infra' is not ready"))
        #expect(evaluate([kustomization("app", dependsOn: ["infra"]), kustomization("infra", ready: true, generation: 2, observed: 1,
                                                                                    applied: "main@sha1:2")], for: "app")
                == .notReady("dependency 'ns/infra' is not ready"), "a spec change not yet observed")
        #expect(evaluate([kustomization("app", dependsOn: ["infra"]), kustomization("infra", ready: true, applied: "main@sha1:1")], for: "app")
                == .notReady("dependency 'ns/infra' revision is not up to date"), "same source, older revision")
    }

    @Test func cyclesAreFoundWithTheShortestPath() {
        let objects = [kustomization("a", dependsOn: ["b"]), kustomization("b", dependsOn: ["c", "a"]), kustomization("c", dependsOn: ["a"])]
        let a = DependencyKey(kind: "Kustomization", namespace: "ns", name: "a")
        #expect(evaluate(objects, for: "a") == .cycle([a, DependencyKey(kind: "Kustomization", namespace: "ns", name: "b"), a]))
        #expect(DependencyCheck.describe([a, a]) == "ns/a -> ns/a")
        // A cycle further down the chain that does not come back here is a not-ready dependency, not our cycle.
        let downstream = [kustomization("top", dependsOn: ["x"]), kustomization("x", dependsOn: ["y"]), kustomization("y", dependsOn: ["x"])]
        #expect(evaluate(downstream, for: "top") == .notReady("dependency 'ns/x' is not ready"))
    }

    /// A HelmRelease named with `kind: HelmRelease` (a Ferry extension), as the object's JSON has it.
    func helmRelease(_ name: String, ready: Bool, dependsOn: [(kind: String, name: String)] = []) -> JSONValue {
        var object = kustomization(name, ready: ready)
        object["kind"] = "HelmRelease"
        object[path: "spec", "sourceRef"] = nil
        object[path: "spec", "dependsOn"] = dependsOn.isEmpty ? nil : .array(dependsOn.map { ["kind": .string($0.kind), "name": .string($0.name)] })
        return object
    }

    @Test func aKustomizationWaitsForAHelmReleaseByKind() {
        var app = kustomization("app")
        app[path: "spec", "dependsOn"] = [["kind": "HelmRelease", "name": "ingress"]]
        // A Kustomization of the same name is not the HelmRelease asked for.
        #expect(evaluate([app, kustomization("ingress", ready: true, applied: "main@sha1:2")], for: "app")
                == .notReady("unable to get 'ns/ingress' dependency: HelmRelease 'ns/ingress' not found"))
        #expect(evaluate([app, helmRelease("ingress", ready: false)], for: "app") == .notReady("dependency 'ns/ingress' is not ready"))
        // Ready at its generation is enough: a HelmRelease shares no source revision with the app.
        #expect(evaluate([app, helmRelease("ingress", ready: true)], for: "app") == .ready)
    }

    @Test func cyclesAcrossKindsNameTheKinds() {
        var app = kustomization("app")
        app[path: "spec", "dependsOn"] = [["kind": "HelmRelease", "name": "ingress"]]
        let ingress = helmRelease("ingress", ready: true, dependsOn: [(kind: "Kustomization", name: "app")])
        guard case .cycle(let cycle) = evaluate([app, ingress], for: "app") else {
            Issue.record("expected a cycle")
            return
        }
        #expect(DependencyCheck.describe(cycle) == "Kustomization/ns/app -> HelmRelease/ns/ingress -> Kustomization/ns/app")
    }
}
