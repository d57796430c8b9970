import Testing
@testable import Manifests

@Suite struct JSONValueTests {
    @Test(arguments: [
        (#"{"b":1,"a":[true,false,null],"c":"x\"y\n\u00e9\ud83d\ude00"}"#, #"{"b":1,"a":[true,false,null],"c":"x\"y\né😀"}"#),
        (#" [ 1.5 , -2 , 3e2 , "" ] "#, #"[1.5,-2,300,""]"#),
        ("{}", "{}"),
        (#"{"nested":{"deep":[{"k":"v"}]}}"#, #"{"nested":{"deep":[{"k":"v"}]}}"#),
    ])
    func roundTripKeepsKeyOrder(input: String, expected: String) throws {
        #expect(try JSONValue(json: input).jsonString() == expected)
    }

    @Test(arguments: [#"{"a":}"#, #"[1,]"#, #"{"a":1"#, "tru", #""unterminated"#, "01x", #"{"a":1} x"#])
    func malformedJSONIsRejectedWithOffset(input: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(json: input) }
    }

    @Test func integersAndDoublesStayApart() throws {
        let v = try JSONValue(json: #"{"replicas":3,"ratio":0.5,"big":9007199254740993}"#)
        #expect(v["replicas"] == .int(3))
        #expect(v["ratio"] == .double(0.5))
        #expect(v["big"] == .int(9_007_199_254_740_993))
    }

    @Test func pathSubscriptCreatesAndRemoves() {
        var v: JSONValue = ["metadata": ["name": "web"]]
        v[path: "metadata", "labels", "app"] = "web"
        #expect(v.jsonString() == #"{"metadata":{"name":"web","labels":{"app":"web"}}}"#)
        v[path: "metadata", "labels", "app"] = nil
        #expect(v[path: "metadata", "labels"] == .object([:]))
        v[path: "spec", "missing"] = nil
        #expect(v["spec"] == nil)
    }

    @Test func objectIdentity() {
        let d: JSONValue = ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web", "namespace": "apps"]]
        #expect(d.objectID == ObjectID(group: "apps", kind: "Deployment", namespace: "apps", name: "web"))
        #expect(d.objectID?.description == "Deployment/apps/web")
        #expect(GroupVersionKind(apiVersion: "v1", kind: "Namespace").group == "")
    }
}
