import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

extension HostileInputTests {
    /// Patterns that a backtracking matcher takes exponential time or memory over finish: the
    /// object ends Ready=False with a clear message, or Ready=True when the result is fine —
    /// never a worker held forever (the env runs one worker, so the neighbour would wait too).
    @Suite struct Patterns {
        @Test func backtrackingPatternsFinish() async throws {
            try await HostileInputTests.with("hostile-patterns") { env in
                // A `${V##***…b}` glob over a value it cannot match.
                let stars = String(repeating: "*", count: 40)
                let value = String(repeating: "a", count: 40)
                try await env.pushStored(["glob/cm.yaml": configMapYAML("glob", ["v": "${V##\(stars)b}"])])
                try await env.applyKustomization("glob", ["path": "./glob", "retryInterval": "1m",
                                                          "postBuild": ["substitute": ["V": .string(value)]]])
                try await HostileInputTests.expectContained(env, .kustomization("glob"), .failsOrSucceeds(saying: ["glob"]))
                if await env.currentReady(.kustomization("glob"))?["status"]?.stringValue == "True" {
                    #expect(await env.get(KustomizationEnv.configMap, "glob")?[path: "data", "v"]?.stringValue == value,
                            "a prefix pattern that does not match removes nothing")
                }

                // A catastrophic regex in a patch target, against a name it backtracks on.
                let name = String(repeating: "a", count: 40)
                try await env.pushStored([
                    "regex/cm.yaml": configMapYAML(name),
                    "regex/kustomization.yaml": """
                        resources:
                        - cm.yaml
                        patches:
                        - target: {kind: ConfigMap, name: "(a+)+b"}
                          patch: |
                            - op: add
                              path: /data/patched
                              value: "yes"

                        """,
                ])
                try await env.applyKustomization("regex", ["path": "./regex", "retryInterval": "1m"])
                try await HostileInputTests.expectContained(env, .kustomization("regex"), .failsOrSucceeds(saying: ["(a+)+b"]))
                if await env.currentReady(.kustomization("regex"))?["status"]?.stringValue == "True" {
                    #expect(await env.get(KustomizationEnv.configMap, name)?[path: "data", "patched"] == nil,
                            "the target does not match, so the patch is not applied")
                }

                // JSON-patch copies of an object into itself, 64 times: it grows as Fibonacci's numbers do.
                let copies = (0..<64).map { "- {op: copy, from: /data, path: /data/\($0 % 2 == 0 ? "a" : "b")}" }.joined(separator: "\n    ")
                try await env.pushStored([
                    "copies/cm.yaml": configMapYAML("copies"),
                    "copies/kustomization.yaml": """
                        resources:
                        - cm.yaml
                        patches:
                        - target: {kind: ConfigMap, name: copies}
                          patch: |
                            \(copies)

                        """,
                ])
                try await env.applyKustomization("copies", ["path": "./copies", "retryInterval": "1m"])
                try await HostileInputTests.expectContained(env, .kustomization("copies"), .fails(saying: ["copies/kustomization.yaml", "patches"]))
                #expect(await env.get(KustomizationEnv.configMap, "copies") == nil)

                // `**/**/…` ignore patterns against a deep tree, in spec.ignore and in .sourceignore.
                let globstars = Array(repeating: "**", count: 16).joined(separator: "/") + "/never-there"
                let deep = Array(repeating: "d", count: 30).joined(separator: "/") + "/cm.yaml"
                let tree = try await env.hostileRepository("globstars")
                try await tree.commit(files: [deep: configMapYAML("deep"), ".sourceignore": globstars + "\n"], message: "deep")
                try await tree.push()
                try await env.createGitRepository("globstars", url: tree.url(.http), ["ignore": .string(globstars + "\n")])
                try await HostileInputTests.expectContained(env, .gitRepository("globstars"), .failsOrSucceeds(saying: ["**/**"]))
                if await env.currentReady(.gitRepository("globstars"))?["status"]?.stringValue == "True" {
                    #expect(try await env.artifactPaths("globstars").contains { $0.hasSuffix(deep) }, "nothing matches, nothing is left out")
                }
            }
        }
    }
}
