import Foundation
import ImageController
import Testing

/// The setters strategy on YAML text: only the marked values change, every other byte stays.
@Suite struct ImageSettersTests {
    static let policies = ImageSetterTable(policies: [
        ImagePolicyLatest(namespace: "apps", name: "web", image: "registry.example:5000/acme/web", tag: "1.4.2"),
        ImagePolicyLatest(namespace: "apps", name: "numeric", image: "registry.example:5000/acme/num", tag: "1.10"),
        ImagePolicyLatest(namespace: "apps", name: "pinned", image: "registry.example:5000/acme/api", tag: "2.0.0",
                          digest: "sha256:" + String(repeating: "ab", count: 32)),
    ])

    func rewrite(_ text: String) throws -> (text: String, changes: [ImageSetterChange], objects: [ImageObjectID])? {
        guard let result = try ImageSetters.rewrite(Array(text.utf8), setters: Self.policies) else { return nil }
        return (String(decoding: result.bytes, as: UTF8.self), result.changes.map(\.change), result.changes.map(\.object))
    }

    @Test func wholeImageSetterChangesOnlyTheValue() throws {
        let input = """
            # a deployment, hand formatted
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web   # trailing comment kept
              namespace: apps
            spec:
              template:
                spec:
                  containers:
                  -   name: web
                      image: registry.example:5000/acme/web:1.0.0    # {"$imagepolicy": "apps:web"}
                      args: [ "--port",   "8080" ]

            """
        let out = try #require(try rewrite(input))
        #expect(out.text == input.replacingOccurrences(of: "acme/web:1.0.0 ", with: "acme/web:1.4.2 "))
        #expect(out.changes == [ImageSetterChange(oldValue: "registry.example:5000/acme/web:1.0.0",
                                                  newValue: "registry.example:5000/acme/web:1.4.2", setter: "apps:web")])
        #expect(out.objects == [ImageObjectID(apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "apps")])
    }

    @Test func tagAndNameSettersKeepQuotingAndCRLF() throws {
        let input = "apiVersion: kustomize.config.k8s.io/v1beta1\r\nkind: Kustomization\r\nimages:\r\n"
            + "- name: web\r\n  newName: 'old/web' # {\"$imagepolicy\": \"apps:web:name\"}\r\n"
            + "  newTag: \"1.0.0\" # {\"$imagepolicy\": \"apps:web:tag\"}\r\n"
        let out = try #require(try rewrite(input))
        #expect(out.text == "apiVersion: kustomize.config.k8s.io/v1beta1\r\nkind: Kustomization\r\nimages:\r\n"
            + "- name: web\r\n  newName: 'registry.example:5000/acme/web' # {\"$imagepolicy\": \"apps:web:name\"}\r\n"
            + "  newTag: \"1.4.2\" # {\"$imagepolicy\": \"apps:web:tag\"}\r\n")
        #expect(out.changes.map(\.setter) == ["apps:web:name", "apps:web:tag"])
        #expect(out.objects.allSatisfy { $0.kind == "Kustomization" && $0.name == "" })
    }

    @Test func plainValueThatWouldReadAsANumberIsDoubleQuoted() throws {
        let out = try #require(try rewrite("tag: v1 # {\"$imagepolicy\": \"apps:numeric:tag\"}\n"))
        #expect(out.text == "tag: \"1.10\" # {\"$imagepolicy\": \"apps:numeric:tag\"}\n")
    }

    @Test func digestSetterAndSequenceItem() throws {
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let input = """
            images:
              - registry.example:5000/acme/api:1.0.0 # {"$imagepolicy": "apps:pinned"}
            digest: "" # {"$imagepolicy": "apps:pinned:digest"}

            """
        let out = try #require(try rewrite(input))
        #expect(out.text == """
            images:
              - registry.example:5000/acme/api:2.0.0@\(digest) # {"$imagepolicy": "apps:pinned"}
            digest: "\(digest)" # {"$imagepolicy": "apps:pinned:digest"}

            """)
    }

    @Test func multiDocumentFileReportsTheObjectOfEachChange() throws {
        let input = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data:
              note: 'image: x # {"$imagepolicy": "apps:web"} is only text here'
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: nightly
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                      - image: web:0.1 # {"$imagepolicy": "apps:web"}

            """
        let out = try #require(try rewrite(input))
        #expect(out.text == input.replacingOccurrences(of: "web:0.1", with: "registry.example:5000/acme/web:1.4.2"))
        #expect(out.objects == [ImageObjectID(apiVersion: "batch/v1", kind: "CronJob", name: "nightly")])
    }

    @Test(arguments: [
        // A policy that does not exist (or was not selected): nothing changes.
        "image: web:1.0 # {\"$imagepolicy\": \"apps:missing\"}\n",
        // Already at the policy's image.
        "image: registry.example:5000/acme/web:1.4.2 # {\"$imagepolicy\": \"apps:web\"}\n",
        // Not a marker: other JSON, a non-string value, a plain comment.
        "image: web:1.0 # {\"$imagepolicy\": 3}\nother: x # $imagepolicy apps:web\n",
        // Inside a block scalar the marker is text.
        "script: |\n  image: web:1.0 # {\"$imagepolicy\": \"apps:web\"}\n",
        // No marker token at all.
        "image: web:1.0\n",
    ])
    func unchangedInputs(_ input: String) throws {
        #expect(try rewrite(input) == nil)
    }

    @Test func notYAMLWithAMarkerIsAnError() {
        #expect(throws: (any Error).self) {
            try ImageSetters.rewrite(Array("a: [1, 2\nimage: x # {\"$imagepolicy\": \"apps:web\"}\n".utf8), setters: Self.policies)
        }
    }

    @Test func filesUnderTheRootExceptHiddenDirectoriesAndOtherExtensions() throws {
        let root = NSTemporaryDirectory() + "setters-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let marked = "image: web:1.0 # {\"$imagepolicy\": \"apps:web\"}\n"
        for path in ["deploy/app.yaml", "deploy/other.yml", ".hidden/app.yaml", "notes.txt", "clean.yaml"] {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data((path == "clean.yaml" ? "a: b\n" : marked).utf8).write(to: URL(fileURLWithPath: full))
        }
        let result = try ImageSetters.apply(root: root, setters: Self.policies)
        #expect(result.fileChanges.keys.sorted() == ["deploy/app.yaml", "deploy/other.yml"])
        let updated = try String(contentsOfFile: root + "/deploy/app.yaml", encoding: .utf8)
        #expect(updated == "image: registry.example:5000/acme/web:1.4.2 # {\"$imagepolicy\": \"apps:web\"}\n")
        #expect(try String(contentsOfFile: root + "/.hidden/app.yaml", encoding: .utf8) == marked)
        #expect(try String(contentsOfFile: root + "/notes.txt", encoding: .utf8) == marked)
    }
}
