import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

extension HostileInputTests {
    /// Numbers out of range — in a spec or a manifest — are a condition naming the field, never
    /// an integer-overflow trap.
    @Suite struct Numbers {
        @Test func outOfRangeNumbersAreReportedNotTrapped() async throws {
            try await HostileInputTests.with("hostile-numbers") { env in
                // A GitRepository interval the CRD pattern accepts but no duration can hold.
                try await env.createGitRepository("huge-interval", url: env.repo.url(.http), ["interval": "9999999999999999h"])
                try await HostileInputTests.expectContained(env, .gitRepository("huge-interval"), .fails(saying: ["spec.interval"]))
                try await env.createGitRepository("huge-timeout", url: env.repo.url(.http), ["timeout": "9999999999999999m"])
                try await HostileInputTests.expectContained(env, .gitRepository("huge-timeout"), .fails(saying: ["spec.timeout"]))

                // A semver range whose upper bound is one past Int64.max.
                try await env.createGitRepository("huge-semver", url: env.repo.url(.http),
                                                  ["ref": ["semver": "~9223372036854775807"]])
                try await HostileInputTests.expectContained(env, .gitRepository("huge-semver"), .fails(saying: ["spec.ref.semver", "9223372036854775807"]))

                // Kustomization durations out of range.
                try await env.pushStored(["fine/cm.yaml": configMapYAML("fine")])
                try await env.applyKustomization("huge-interval", ["path": "./fine", "interval": "9999999999999999h"])
                try await HostileInputTests.expectContained(env, .kustomization("huge-interval"), .fails(saying: ["spec.interval"]))
                try await env.applyKustomization("huge-timeout", ["path": "./fine", "timeout": "9999999999999999h"])
                try await HostileInputTests.expectContained(env, .kustomization("huge-timeout"), .fails(saying: ["spec.timeout"]))
                try await env.applyKustomization("huge-retry", ["path": "./fine", "retryInterval": "9999999999999999h"])
                try await HostileInputTests.expectContained(env, .kustomization("huge-retry"), .fails(saying: ["spec.retryInterval"]))

                // A substring whose offset + length overflows: bash takes the rest of the value.
                try await env.pushStored(["substring/cm.yaml": configMapYAML("substring", ["v": "${VAR:1:9223372036854775807}"])])
                try await env.applyKustomization("substring", ["path": "./substring", "retryInterval": "1m",
                                                               "postBuild": ["substitute": ["VAR": "abcdef"]]])
                try await HostileInputTests.expectContained(env, .kustomization("substring"), .succeeds)
                #expect(await env.get(KustomizationEnv.configMap, "substring")?[path: "data", "v"]?.stringValue == "bcdef")
            }
        }
    }
}
