import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

extension HostileInputTests {
    /// YAML that expands exponentially or nests without end is refused, as go-yaml refuses it
    /// for kustomize, before it costs the process its memory or its stack.
    @Suite struct YAML {
        /// Nine levels of nine aliases each (9⁹ ≈ 387 million nodes once expanded), under `key`.
        static func aliasBomb(under key: String) -> String {
            let letters = "abcdefghi".map(String.init)
            var lines = ["\(key):", "  a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"]
            for (previous, letter) in zip(letters, letters.dropFirst()) {
                lines.append("  \(letter): &\(letter) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
            }
            return lines.joined(separator: "\n") + "\n"
        }

        @Test func bombsAndDeepNestingAreRefused() async throws {
            try await HostileInputTests.with("hostile-yaml") { env in
                // A manifest holding an alias bomb.
                try await env.pushStored(["bomb/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n  namespace: ${NS}\n"
                                          + Self.aliasBomb(under: "data")])
                try await env.applyKustomization("bomb", ["path": "./bomb", "retryInterval": "1m"])
                let bomb = try await HostileInputTests.expectContained(env, .kustomization("bomb"), .fails(saying: ["cm.yaml", "alias"]))
                #expect(await env.get(KustomizationEnv.configMap, "bomb") == nil, "\(bomb)")

                // Nesting deeper than any parser's stack should go.
                let depth = 100_000
                try await env.pushStored(["deep/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\n  namespace: ${NS}\n"
                                          + "data:\n  v: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"])
                try await env.applyKustomization("deep", ["path": "./deep", "retryInterval": "1m"])
                try await HostileInputTests.expectContained(env, .kustomization("deep"), .fails(saying: ["cm.yaml", "deeper"]))

                // A kustomization.yaml holding an alias bomb.
                try await env.pushStored(["kbomb/cm.yaml": configMapYAML("kbomb"),
                                          "kbomb/kustomization.yaml": "resources:\n- cm.yaml\n" + Self.aliasBomb(under: "bomb")])
                try await env.applyKustomization("kbomb", ["path": "./kbomb", "retryInterval": "1m"])
                try await HostileInputTests.expectContained(env, .kustomization("kbomb"), .fails(saying: ["kustomization.yaml", "alias"]))
                #expect(await env.get(KustomizationEnv.configMap, "kbomb") == nil)
            }
        }
    }
}
