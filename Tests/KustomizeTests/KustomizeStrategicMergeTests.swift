import Manifests
import Testing
@testable import Kustomize

/// Strategic merge patch behaviour, each row checked against `kubectl kustomize` output.
@Suite struct KustomizeStrategicMergeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var base: JSONValue
        var patch: JSONValue
        var expected: JSONValue?
        var testDescription: String { name }
    }

    static let containers: JSONValue = ["apiVersion": "v1", "kind": "Pod", "spec": ["containers": [
        ["name": "c1", "image": "a"],
        ["name": "c2", "image": "b", "env": [["name": "A", "value": "1"], ["name": "B", "value": "2"]]],
    ]]]

    static let cases: [Case] = [
        Case(name: "maps merge and null deletes",
             base: ["a": 1, "b": ["c": 2, "d": 3]], patch: ["b": ["c": nil, "e": 4]],
             expected: ["a": 1, "b": ["d": 3, "e": 4]]),
        Case(name: "containers merge by name, patch order first",
             base: containers,
             patch: ["spec": ["containers": [
                 ["name": "c2", "env": [["name": "NEW", "value": "x"], ["name": "B", "value": "changed"]]],
                 ["name": "c3", "image": "new"],
             ]]],
             expected: ["apiVersion": "v1", "kind": "Pod", "spec": ["containers": [
                 ["name": "c2", "image": "b", "env": [["name": "NEW", "value": "x"], ["name": "B", "value": "changed"],
                                                      ["name": "A", "value": "1"]]],
                 ["name": "c3", "image": "new"],
                 ["name": "c1", "image": "a"],
             ]]]),
        Case(name: "$patch: delete removes a list element",
             base: containers, patch: ["spec": ["containers": [["name": "c1", "$patch": "delete"]]]],
             expected: ["apiVersion": "v1", "kind": "Pod", "spec": ["containers": [
                 ["name": "c2", "image": "b", "env": [["name": "A", "value": "1"], ["name": "B", "value": "2"]]],
             ]]]),
        Case(name: "$patch: replace on a map",
             base: ["spec": ["a": 1, "b": 2]], patch: ["spec": ["$patch": "replace", "c": 3]],
             expected: ["spec": ["c": 3]]),
        Case(name: "atomic lists are replaced",
             base: ["spec": ["tolerations": [["key": "a"]]]], patch: ["spec": ["tolerations": [["key": "b"]]]],
             expected: ["spec": ["tolerations": [["key": "b"]]]]),
        Case(name: "lists of kinds the schema does not know are replaced",
             base: ["apiVersion": "example.com/v1", "kind": "Foo", "spec": ["containers": [["name": "a", "image": "old"], ["name": "b"]]]],
             patch: ["spec": ["containers": [["name": "a", "image": "new"]]]],
             expected: ["apiVersion": "example.com/v1", "kind": "Foo", "spec": ["containers": [["name": "a", "image": "new"]]]]),
        Case(name: "a custom resource's finalizers are replaced",
             base: ["apiVersion": "example.com/v1", "kind": "Foo", "metadata": ["finalizers": ["a"]]],
             patch: ["metadata": ["finalizers": ["b"]]],
             expected: ["apiVersion": "example.com/v1", "kind": "Foo", "metadata": ["finalizers": ["b"]]]),
        Case(name: "a ConfigMap's finalizers are a union, patch values first",
             base: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["finalizers": ["a"]]],
             patch: ["metadata": ["finalizers": ["b"]]],
             expected: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["finalizers": ["b", "a"]]]),
        Case(name: "a resource embedded in an unknown one merges by its own kind's schema",
             base: ["apiVersion": "example.com/v1", "kind": "Foo", "spec": ["manifest": ["apiVersion": "v1", "kind": "Pod",
                    "spec": ["containers": [["name": "a", "image": "old"], ["name": "b"]]]]]],
             patch: ["spec": ["manifest": ["spec": ["containers": [["name": "a", "image": "new"]]]]]],
             expected: ["apiVersion": "example.com/v1", "kind": "Foo", "spec": ["manifest": ["apiVersion": "v1", "kind": "Pod",
                        "spec": ["containers": [["name": "a", "image": "new"], ["name": "b"]]]]]]),
        Case(name: "a ServiceAccount's imagePullSecrets are replaced",
             base: ["apiVersion": "v1", "kind": "ServiceAccount", "imagePullSecrets": [["name": "a"]]],
             patch: ["imagePullSecrets": [["name": "b"]]],
             expected: ["apiVersion": "v1", "kind": "ServiceAccount", "imagePullSecrets": [["name": "b"]]]),
        Case(name: "$patch: delete on the object deletes it",
             base: ["kind": "X"], patch: ["$patch": "delete"], expected: nil),
    ]

    @Test(arguments: cases) func merge(_ c: Case) throws {
        #expect(try StrategicMerge.merge(c.base, c.patch) == c.expected)
    }

    @Test func mapReplacedByScalarIsAnError() {
        #expect(throws: StrategicMerge.KindMismatch.self) {
            try StrategicMerge.merge(["spec": ["strategy": ["type": "Recreate"]]], ["spec": ["strategy": "RollingUpdate"]])
        }
    }
}
