import Manifests
import Testing
@testable import KubernetesClient

@Suite struct RESTMapperTests {
    static func mapping() throws -> RESTMapping {
        var m = RESTMapping()
        m.add(resourceList: try JSONValue(json: """
            {"kind":"APIResourceList","groupVersion":"v1","resources":[
             {"name":"pods","singularName":"","namespaced":true,"kind":"Pod","verbs":["get","list"],"shortNames":["po"]},
             {"name":"pods/status","singularName":"","namespaced":true,"kind":"Pod","verbs":["get"]},
             {"name":"namespaces","singularName":"","namespaced":false,"kind":"Namespace","verbs":["get"],"shortNames":["ns"]},
             {"name":"events","singularName":"","namespaced":true,"kind":"Event","verbs":["get"],"shortNames":["ev"]}]}
            """), group: "", version: "v1", preferred: true)
        m.add(resourceList: try JSONValue(json: """
            {"resources":[{"name":"deployments","singularName":"","namespaced":true,"kind":"Deployment","verbs":["get"],"shortNames":["deploy"]}]}
            """), group: "apps", version: "v1", preferred: true)
        m.add(resourceList: try JSONValue(json: """
            {"resources":[{"name":"events","singularName":"","namespaced":true,"kind":"Event","verbs":["get"],"shortNames":["ev"]}]}
            """), group: "events.k8s.io", version: "v1", preferred: true)
        m.add(resourceList: try JSONValue(json: """
            {"resources":[{"name":"widgets","singularName":"widget","namespaced":true,"kind":"Widget","verbs":["get"]}]}
            """), group: "example.com", version: "v1beta1", preferred: false)
        m.add(resourceList: try JSONValue(json: """
            {"resources":[{"name":"widgets","singularName":"widget","namespaced":true,"kind":"Widget","verbs":["get"]}]}
            """), group: "example.com", version: "v1", preferred: true)
        return m
    }

    @Test func gvkMapsToResourceAndScope() throws {
        let m = try Self.mapping()
        let pod = try #require(m.mapping(for: GroupVersionKind(group: "", version: "v1", kind: "Pod")))
        #expect(pod.resource == "pods")
        #expect(pod.namespaced)
        #expect(pod.path(namespace: "x", name: "p", subresource: "status") == "/api/v1/namespaces/x/pods/p/status")
        let ns = try #require(m.mapping(for: GroupVersionKind(group: "", version: "v1", kind: "Namespace")))
        #expect(!ns.namespaced)
        #expect(ns.path(namespace: "ignored", name: "x") == "/api/v1/namespaces/x")
        #expect(m.mapping(for: GroupVersionKind(group: "apps", version: "v1beta2", kind: "Deployment")) == nil)
    }

    @Test func subresourcesAreNotKinds() throws {
        let m = try Self.mapping()
        #expect(m.byGVK.values.filter { $0.gvk.kind == "Pod" }.count == 1)
    }

    @Test func groupKindUsesThePreferredVersion() throws {
        let m = try Self.mapping()
        #expect(m.mapping(for: GroupKind(group: "example.com", kind: "Widget"))?.gvk.version == "v1")
    }

    @Test(arguments: [
        ("po", "", "Pod"), ("pods", "", "Pod"), ("pod", "", "Pod"), ("Pod", "", "Pod"), ("deploy", "apps", "Deployment"),
        ("deployments.apps", "apps", "Deployment"), ("ev", "", "Event"), ("events.events.k8s.io", "events.k8s.io", "Event"),
        ("widget", "example.com", "Widget"), ("widgets.v1beta1.example.com", "example.com", "Widget"),
    ])
    func resolvesWhatUsersType(argument: String, group: String, kind: String) throws {
        let m = try Self.mapping()
        let r = try #require(m.resolve(argument))
        #expect(r.gvk.group == group)
        #expect(r.gvk.kind == kind)
    }

    @Test func explicitVersionIsHonoured() throws {
        #expect(try Self.mapping().resolve("widgets.v1beta1.example.com")?.gvk.version == "v1beta1")
        #expect(try Self.mapping().resolve("nosuchthing") == nil)
    }
}
