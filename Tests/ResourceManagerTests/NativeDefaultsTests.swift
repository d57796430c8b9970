import Manifests
import Testing

@testable import ResourceManager

/// Ports get `protocol: TCP` before a server-side apply (kube-apiserver < 1.21 needs it).
@Suite struct NativeDefaultsTests {
    @Test func portsGetTheirDefaultProtocol() {
        let service: JSONValue = ["apiVersion": "v1", "kind": "Service", "metadata": ["name": "s"],
                                  "spec": ["ports": [["port": 80], ["port": 53, "protocol": "UDP"]]]]
        #expect(NativeDefaults.apply(to: service)[path: "spec", "ports"] == [["port": 80, "protocol": "TCP"], ["port": 53, "protocol": "UDP"]])
        let deployment: JSONValue = ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "d"],
                                     "spec": ["template": ["spec": ["containers": [["name": "a", "ports": [["containerPort": 8080]]], ["name": "b"]]]]]]
        let defaulted = NativeDefaults.apply(to: deployment)
        #expect(defaulted[path: "spec", "template", "spec", "containers"]?[0]?["ports"] == [["containerPort": 8080, "protocol": "TCP"]])
        #expect(defaulted[path: "spec", "template", "spec", "containers"]?[1]?["ports"] == nil)
        let custom: JSONValue = ["apiVersion": "example.com/v1", "kind": "Service", "spec": ["ports": [["port": 1]]]]
        #expect(NativeDefaults.apply(to: custom) == custom)
    }
}
