import Manifests
import Testing
@testable import Kustomize

/// Name references follow renamed objects (prefix, suffix, hash) and leave others alone.
@Suite struct KustomizeNameReferenceTests {
    static func configMap(_ name: String, renamedTo newName: String? = nil) -> Resource {
        var r = Resource(object: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)]])
        if let newName {
            r.rememberID()
            r.name = newName
        }
        return r
    }

    static func deployment(volumeConfigMap: String, envFrom: String) -> Resource {
        Resource(object: ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web"], "spec": ["template": ["spec": [
            "volumes": [["name": "v", "configMap": ["name": .string(volumeConfigMap)]]],
            "containers": [["name": "c", "envFrom": [["configMapRef": ["name": .string(envFrom)]]]]],
        ]]]])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var renamed: String?
        var volume: String
        var expectedVolume: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "renamed ConfigMap is followed", renamed: "cm-abc123", volume: "cm", expectedVolume: "cm-abc123"),
        Case(name: "unrenamed ConfigMap stays", renamed: nil, volume: "cm", expectedVolume: "cm"),
        Case(name: "unknown name stays", renamed: "cm-abc123", volume: "other", expectedVolume: "other"),
    ]

    @Test(arguments: cases) func volumesAndEnvFrom(_ c: Case) throws {
        var resources = [Self.configMap("cm", renamedTo: c.renamed), Self.deployment(volumeConfigMap: c.volume, envFrom: c.volume)]
        try NameReferences.fix(&resources, config: .defaults)
        let spec = resources[1].object[path: "spec", "template", "spec"]
        #expect(spec?["volumes"]?[0]?[path: "configMap", "name"] == .string(c.expectedVolume))
        #expect(spec?["containers"]?[0]?["envFrom"]?[0]?[path: "configMapRef", "name"] == .string(c.expectedVolume))
    }

    @Test func ambiguousReferenceIsAnError() throws {
        // Two objects once called "cm", renamed differently, with nothing to tell them apart.
        var b = Self.configMap("cm", renamedTo: "cm-2")
        b.object[path: "metadata", "namespace"] = "default"
        var resources = [Self.configMap("cm", renamedTo: "cm-1"), b, Self.deployment(volumeConfigMap: "cm", envFrom: "cm")]
        #expect(throws: KustomizeError.self) { try NameReferences.fix(&resources, config: .defaults) }
    }
}
