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
        var graph: [ObjectKey: JSONValue] = [:]
        for o in objects { graph[ObjectKey(o)!] = o }
        let me = graph[ObjectKey(namespace: "ns", name: name)]!
        let deps = (me[path: "spec", "dependsOn"]?.arrayValue ?? []).map {
            ObjectKey(namespace: $0["namespace"]?.stringValue ?? "ns", name: $0["name"]!.stringValue!)
        }
        return DependencyCheck.evaluate(key: ObjectKey(namespace: "ns", name: name), dependencies: deps,
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
        #expect(evaluate(objects, for: "a") == .cycle([ObjectKey(namespace: "ns", name: "a"), ObjectKey(namespace: "ns", name: "b"),
                                                      ObjectKey(namespace: "ns", name: "a")]))
        #expect(DependencyCheck.describe([ObjectKey(namespace: "ns", name: "a"), ObjectKey(namespace: "ns", name: "a")]) == "ns/a -> ns/a")
        // A cycle further down the chain that does not come back here is a not-ready dependency, not our cycle.
        let downstream = [kustomization("top", dependsOn: ["x"]), kustomization("x", dependsOn: ["y"]), kustomization("y", dependsOn: ["x"])]
        #expect(evaluate(downstream, for: "top") == .notReady("dependency 'ns/x' is not ready"))
    }
}
