import FerryTesting
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import Testing

/// Helm's rollback and uninstall options through the controller: the rollback's hooks
/// (`rollback.disableHooks`), `rollback.force` and `rollback.recreate`; the uninstall's
/// `deletionPropagation`, `keepHistory`, `disableHooks` and `disableWait`. Charts and helpers
/// are ``HelmReleaseActionOptionsTests``'s.
@Suite struct HelmReleaseRollbackUninstallTests {
    typealias Options = HelmReleaseActionOptionsTests
    static let deployment = Options.deployment
    static let replicaSet = Options.replicaSet

    func main(_ env: HelmReleaseTestEnv, _ key: String = "message", release: String = "web") async -> String? {
        await Options().main(env, key, release: release)
    }

    func deleteAndWaitGone(_ env: HelmReleaseTestEnv, _ name: String) async throws {
        try await Options().deleteAndWaitGone(env, name)
    }

    @Test func orphanPropagationAndKeepHistoryLeaveDependentsAndTheRecord() async throws {
        try await HelmReleaseTestEnv.with("hr-orphan") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Options.chart)
            try await env.apply(env.release(spec: ["values": ["workload": true], "install": ["disableWait": true],
                                                   "uninstall": ["keepHistory": true, "deletionPropagation": "orphan", "disableHooks": true]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            var replicaSet: String?
            let made = await eventually(timeout: .seconds(60), every: .milliseconds(250)) {
                let list = try? await env.client.list(Self.replicaSet, namespace: env.namespace, options: ListOptions(labelSelector: "app=web"))
                replicaSet = list?.items.first?.metadataName
                return replicaSet != nil
            }
            #expect(made, "the Deployment controller made a ReplicaSet")
            try await deleteAndWaitGone(env, "web")
            #expect(await env.get(Self.deployment, "web") == nil, "the release's own object is deleted")
            #expect(await main(env) == nil)
            let name = try #require(replicaSet)
            let orphaned = await eventually(timeout: .seconds(30), every: .milliseconds(250)) {
                let rs = await env.get(Self.replicaSet, name)
                return rs != nil && (rs?[path: "metadata", "ownerReferences"]?.arrayValue ?? []).isEmpty
            }
            #expect(orphaned, "the Deployment's ReplicaSet is orphaned, not deleted")
            #expect(try await env.recordStatuses() == [1: "uninstalled"], "keepHistory keeps the record, marked uninstalled")
        }
    }

    @Test func disableHooksSkipsThePreDeleteHook() async throws {
        try await HelmReleaseTestEnv.with("hr-nohooks") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Options.chart)
            try await env.apply(env.release("web", spec: ["uninstall": ["disableHooks": true]]))
            try await env.apply(env.release("api"))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            await env.wait("api", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            try await deleteAndWaitGone(env, "web")
            try await deleteAndWaitGone(env, "api")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "api-predelete")?[path: "data", "ran"] == "yes", "hooks run by default")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-predelete") == nil, "uninstall.disableHooks: no pre-delete hook")
            #expect(await main(env, release: "web") == nil, "uninstalled all the same")
            #expect(await main(env, release: "api") == nil)
        }
    }

    static let rollbackSpecs: [(String, JSONValue)] = [("web", ["disableHooks": true]), ("api", ["disableWait": false])]

    @Test func rollbackRunsItsHooksUnlessDisabled() async throws {
        try await HelmReleaseTestEnv.with("hr-rb-hooks") { env in
            var files = Options.chart
            files["templates/rollback-hook.yaml"] = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-prerollback
              annotations:
                helm.sh/hook: pre-rollback
            data:
              to: "{{ .Values.message }}"
            """
            try env.repo.publish(chart: "app", version: "1.0.0", files: files)
            let upgrade: JSONValue = ["remediation": ["retries": 1]]
            for (name, rollback) in Self.rollbackSpecs {
                try await env.apply(env.release(name, spec: ["values": ["message": "first"], "upgrade": upgrade, "rollback": rollback]))
            }
            for name in ["web", "api"] { await env.wait(name, "Ready", "True", reason: HelmReleaseReason.installSucceeded) }
            for (name, rollback) in Self.rollbackSpecs {
                try await env.apply(env.release(name, spec: ["values": ["message": "second", "extra": .string("Bad_\(name)")], "upgrade": upgrade, "rollback": rollback]))
            }
            for name in ["web", "api"] { await env.wait(name, "Remediated", "True", reason: HelmReleaseReason.rollbackSucceeded) }
            #expect(await env.get(HelmReleaseTestEnv.configMap, "api-prerollback")?[path: "data", "to"] == "first",
                    "the pre-rollback hook of the release rolled back to ran")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-prerollback") == nil, "rollback.disableHooks: no hook")
            #expect(await main(env, release: "web") == "first")
            #expect(await main(env, release: "api") == "first")
        }
    }

    /// The uids of the Pods the ReplicaSet controller made for Deployment `app` (the cluster has
    /// no node: they stay Pending, and deleting one takes effect at once).
    func pods(_ env: HelmReleaseTestEnv, _ app: String) async -> Set<String> {
        let pod = GroupVersionKind(group: "", version: "v1", kind: "Pod")
        let list = try? await env.client.list(pod, namespace: env.namespace, options: ListOptions(labelSelector: "app=\(app)"))
        return Set((list?.items ?? []).filter { $0[path: "metadata", "deletionTimestamp"] == nil }.compactMap { $0[path: "metadata", "uid"]?.stringValue })
    }

    @Test func rollbackRecreateReplacesTheWorkloadsPods() async throws {
        try await HelmReleaseTestEnv.with("hr-recreate") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Options.chart)
            let noWait: JSONValue = ["disableWait": true]
            let specs: [(String, JSONValue)] = [("web", ["recreate": true, "disableWait": true]), ("api", ["disableWait": true])]
            for (name, rollback) in specs {
                try await env.apply(env.release(name, spec: ["values": ["workload": true], "install": noWait,
                                                             "upgrade": ["disableWait": true, "remediation": ["retries": 1]], "rollback": rollback]))
            }
            var before: [String: Set<String>] = [:]
            for (name, _) in specs {
                await env.wait(name, "Ready", "True", reason: HelmReleaseReason.installSucceeded)
                let made = await eventually(timeout: .seconds(60), every: .milliseconds(250)) { await !pods(env, name).isEmpty }
                #expect(made, "the Deployment controller made a Pod for \(name)")
                before[name] = await pods(env, name)
            }
            for (name, rollback) in specs {
                try await env.apply(env.release(name, spec: ["values": ["workload": true, "extra": .string("Bad_\(name)")], "install": noWait,
                                                             "upgrade": ["disableWait": true, "remediation": ["retries": 1]], "rollback": rollback]))
            }
            for (name, _) in specs { await env.wait(name, "Remediated", "True", reason: HelmReleaseReason.rollbackSucceeded) }
            let replaced = await eventually(timeout: .seconds(60), every: .milliseconds(250)) {
                let now = await pods(env, "web")
                return !now.isEmpty && now.isDisjoint(with: before["web"] ?? [])
            }
            #expect(replaced, "rollback.recreate: web's Pods were deleted and made again")
            #expect(await pods(env, "api") == before["api"], "without recreate the rollback leaves the Pods alone")
        }
    }

    /// A ConfigMap held by a finalizer no controller removes: deleting it never completes on its own.
    static let heldChart: [String: String] = [
        "templates/held.yaml": """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-held
          finalizers: ["ferry.test/hold"]
        data: {}
        """,
    ]

    func unhold(_ env: HelmReleaseTestEnv, _ name: String) async throws {
        _ = try await env.client.patch(HelmReleaseTestEnv.configMap, name: "\(name)-held", namespace: env.namespace, type: .merge,
                                       patch: ["metadata": ["finalizers": nil]])
    }

    @Test func uninstallWaitsForDeletionsUnlessDisableWait() async throws {
        try await HelmReleaseTestEnv.with("hr-uninst-wait") { env in
            try env.repo.publish(chart: "held", version: "1.0.0", files: Self.heldChart)
            try await env.apply(env.release("web", chart: "held", spec: ["timeout": "5s", "uninstall": ["disableWait": true]]))
            try await env.apply(env.release("api", chart: "held", spec: ["timeout": "5s"]))
            for name in ["web", "api"] { await env.wait(name, "Ready", "True", reason: HelmReleaseReason.installSucceeded) }

            // disableWait: the uninstall is done once the deletion is asked for.
            try await deleteAndWaitGone(env, "web")
            let terminating = await env.get(HelmReleaseTestEnv.configMap, "web-held")
            #expect(terminating?[path: "metadata", "deletionTimestamp"] != nil, "the object is still being deleted")

            // By default the uninstall waits, fails at spec.timeout naming what is left, and keeps the finalizer.
            _ = try await env.client.delete(HelmReleaseTestEnv.helmRelease, name: "api", namespace: env.namespace)
            var warning: String?
            let failed = await eventually(timeout: .seconds(60), every: .milliseconds(500)) {
                let events = try? await env.client.listAll(GroupVersionKind(group: "", version: "v1", kind: "Event"), namespace: env.namespace)
                warning = events?.items.first { $0["reason"] == .string(HelmReleaseReason.uninstallFailed) && $0[path: "involvedObject", "name"] == "api" }?["message"]?.stringValue
                return warning != nil
            }
            #expect(failed, "an UninstallFailed event for api\n\(env.controllers.log.suffix(2000))")
            #expect(warning?.contains("timed out waiting for the deletion of ConfigMap/api-held") == true, "\(warning ?? "")")
            #expect(await env.get(HelmReleaseTestEnv.helmRelease, "api") != nil, "the HelmRelease is kept until its release is gone")
            try await unhold(env, "api")
            try await deleteAndWaitGone(env, "api")
            try await unhold(env, "web")
        }
    }

    @Test func rollbackForceRestoresWhatCannotChangeInPlace() async throws {
        try await HelmReleaseTestEnv.with("hr-rb-force") { env in
            var files = Options.immutableChart
            // A post-upgrade hook the API server refuses (an invalid name): the upgrade fails
            // after its objects were applied, so the rollback has an immutable object to restore.
            files["templates/hook.yaml"] = """
            {{- if .Values.hookName }}
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Values.hookName }}
              annotations:
                helm.sh/hook: post-upgrade
            data: {}
            {{- end }}
            """
            try env.repo.publish(chart: "app", version: "1.0.0", files: files)
            let upgrade: JSONValue = ["force": true, "remediation": ["retries": 1]]
            let specs: [(String, JSONValue)] = [("web", ["force": true]), ("api", ["force": false])]
            for (name, rollback) in specs {
                try await env.apply(env.release(name, spec: ["values": ["message": "one"], "upgrade": upgrade, "rollback": rollback]))
            }
            for (name, _) in specs { await env.wait(name, "Ready", "True", reason: HelmReleaseReason.installSucceeded) }
            for (name, rollback) in specs {
                try await env.apply(env.release(name, spec: ["values": ["message": "two", "hookName": "Bad_Hook"], "upgrade": upgrade, "rollback": rollback]))
            }
            await env.wait("web", "Remediated", "True", reason: HelmReleaseReason.rollbackSucceeded)
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-frozen")?[path: "data", "message"] == "one", "re-created as v1 had it")
            let refused = await env.wait("api", "Remediated", "False", reason: HelmReleaseReason.rollbackFailed)
            let text = HelmReleaseTestEnv.condition(refused, "Remediated")?["message"]?.stringValue ?? ""
            #expect(text.contains("immutable"), "without rollback.force the immutable object cannot go back: \(text)")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "api-frozen")?[path: "data", "message"] == "two")
        }
    }

    @Test func rollbackCleanupOnFailDeletesWhatAFailedRollbackCreated() async throws {
        try await HelmReleaseTestEnv.with("hr-rb-cleanup") { env in
            // v1 has `<release>-old` and a post-rollback hook the API server refuses; v2 drops the
            // object and fails in its post-upgrade hook — so the rollback re-creates `-old`, then fails.
            let files: [String: String] = [
                "templates/objects.yaml": """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-main
                data: {}
                {{- if .Values.keepOld }}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-old
                data: {}
                {{- end }}
                """,
                "templates/hooks.yaml": """
                {{- range $event, $name := .Values.failingHooks }}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ $name }}
                  annotations:
                    helm.sh/hook: {{ $event }}
                data: {}
                {{- end }}
                """,
            ]
            try env.repo.publish(chart: "app", version: "1.0.0", files: files)
            // The failed upgrade is rolled back and not tried again (no retries, the last failure
            // remediated), so what the failed rollback left is what the test then sees — a retry
            // would upgrade again and prune `-old` itself.
            let upgrade: JSONValue = ["remediation": ["retries": 0, "remediateLastFailure": true]]
            let specs: [(String, JSONValue)] = [("web", ["cleanupOnFail": true]), ("api", ["cleanupOnFail": false])]
            for (name, rollback) in specs {
                try await env.apply(env.release(name, spec: ["values": ["keepOld": true, "failingHooks": ["post-rollback": "Bad_Rollback"]],
                                                             "upgrade": upgrade, "rollback": rollback]))
            }
            for (name, _) in specs { await env.wait(name, "Ready", "True", reason: HelmReleaseReason.installSucceeded) }
            for (name, rollback) in specs {
                try await env.apply(env.release(name, spec: ["values": ["keepOld": false, "failingHooks": ["post-upgrade": "Bad_Upgrade"]],
                                                             "upgrade": upgrade, "rollback": rollback]))
            }
            for (name, _) in specs {
                let failed = await env.wait(name, "Remediated", "False", reason: HelmReleaseReason.rollbackFailed)
                let text = HelmReleaseTestEnv.condition(failed, "Remediated")?["message"]?.stringValue ?? ""
                #expect(text.contains("post-rollback hook"), "\(name): \(text)")
            }
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-old") == nil, "rollback.cleanupOnFail deletes what the failed rollback created")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "api-old") != nil, "without it the object the rollback created stays")
        }
    }
}
