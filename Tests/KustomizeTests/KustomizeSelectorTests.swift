import Manifests
import Testing
@testable import Kustomize

/// Patch/replacement targets: label selectors, name regexes, and JSON 6902 operations.
@Suite struct KustomizeSelectorTests {
    static let resources: [Resource] = [
        Resource(object: ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web-a", "labels": ["app": "web"]]]),
        Resource(object: ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web-b", "namespace": "x", "annotations": ["team": "edge"]]]),
        Resource(object: ["apiVersion": "v1", "kind": "Service", "metadata": ["name": "web-a"]]),
    ]

    static let targetCases: [(JSONValue, [Int])] = [
        (["kind": "Deployment"], [0, 1]),
        (["name": "web-.*"], [0, 1, 2]),
        (["name": "web"], []),
        (["group": "apps", "name": "web-a"], [0]),
        (["namespace": "x"], [1]),
        (["labelSelector": "app=web"], [0]),
        (["labelSelector": "app!=web"], [1, 2]),
        (["annotationSelector": "team in (edge)"], [1]),
        (["kind": "Deploy.*", "version": "v1"], [0, 1]),
    ]

    @Test(arguments: targetCases)
    func targets(_ target: JSONValue, _ expected: [Int]) throws {
        #expect(try Patches.select(target, in: Self.resources, kfile: "k", field: "patches") == expected)
    }

    /// kustomize parses target selectors with apimachinery's `labels.Parse`: what it refuses fails the build.
    @Test func aBadSelectorFailsTheBuildNamingTheField() {
        #expect {
            try Patches.select(["annotationSelector": "team in edge"], in: Self.resources, kfile: "k", field: "replacements")
        } throws: { error in
            "\(error)" == "k: field \"replacements.target.annotationSelector\": invalid selector 'team in edge': expected '(' after 'in'"
        }
    }

    @Test func jsonPatchOperations() throws {
        let doc: JSONValue = ["a": ["b": [1, 2]], "c/d": "x"]
        let ops: [JSONValue] = [
            ["op": "add", "path": "/a/b/1", "value": 9],
            ["op": "add", "path": "/a/b/-", "value": 3],
            ["op": "replace", "path": "/c~1d", "value": "y"],
            ["op": "copy", "from": "/c~1d", "path": "/e"],
            ["op": "move", "from": "/e", "path": "/f"],
            ["op": "remove", "path": "/a/b/0"],
            ["op": "test", "path": "/f", "value": "y"],
        ]
        #expect(try JSONPatch.apply(ops, to: doc) == ["a": ["b": [9, 2, 3]], "c/d": "y", "f": "y"])
        // As evanphx/json-patch: a missing key of an existing object is set, a missing element or parent is refused.
        #expect(try JSONPatch.apply([["op": "replace", "path": "/nope", "value": 1]], to: doc)["nope"] == 1)
        #expect(throws: JSONPatch.Failure.self) { try JSONPatch.apply([["op": "replace", "path": "/a/b/5", "value": 1]], to: doc) }
        #expect(throws: JSONPatch.Failure.self) { try JSONPatch.apply([["op": "replace", "path": "/x/y", "value": 1]], to: doc) }
    }

    @Test func fieldPaths() {
        let obj: JSONValue = ["spec": ["containers": [["name": "a", "image": "x"], ["name": "b", "image": "y"]]]]
        #expect(FieldPath.get(obj, FieldPath.parse("spec.containers.[name=b].image")[...]) == ["y"])
        #expect(FieldPath.get(obj, FieldPath.parse("spec.containers[0].image")[...]) == ["x"])
        #expect(FieldPath.get(obj, FieldPath.parse("spec.containers.1.name")[...]) == ["b"])
        #expect(FieldPath.get(obj, FieldPath.parse("spec.containers.*.name")[...]) == ["a", "b"])
    }
}
