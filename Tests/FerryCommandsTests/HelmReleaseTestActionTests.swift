import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `spec.test` end to end: after an install the release's `helm.sh/hook: test` Pods run (Helm's
/// `helm test`), narrowed by `test.filters`; a Pod that succeeds passes, one that fails fails
/// the release unless failures are ignored. Expectations from Flux's `Test` reconciler and
/// `summarize` (TestSuccess with TestSucceeded/TestFailed, Ready following TestSuccess when
/// failures count) and from Helm's record (`hooks[].last_run`).
///
/// The test cluster has no kubelet, so no container ever runs: each test plays the kubelet and
/// sets the test Pod's `status.phase` to the outcome a container would have had
/// (``HelmReleaseTestEnv/finishPod(_:phase:sourceLocation:)``). The controller only ever reads
/// that phase, exactly as it would from a real node.
@Suite struct HelmReleaseTestActionTests {
    static func testPod(_ name: String, weight: Int) -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{ .Release.Name }}-\(name)
          annotations:
            helm.sh/hook: test
            helm.sh/hook-weight: "\(weight)"
        spec:
          restartPolicy: Never
          containers:
          - name: check
            image: registry.example/check:1.0
            args: ["\(name)"]
        """
    }

    static let chart: [String: String] = [
        "values.yaml": "greeting: hello\n",
        "templates/config.yaml": """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-config
        data:
          greeting: {{ .Values.greeting | quote }}
        """,
        "templates/tests/smoke.yaml": testPod("smoke", weight: 0),
        "templates/tests/deep.yaml": testPod("deep", weight: 1),
    ]

    /// Tests on, with `deep` filtered out (so only `web-smoke` runs), and `extra` over that.
    func release(_ env: HelmReleaseTestEnv, test extra: JSONObject = [:]) -> JSONValue {
        var test: JSONObject = ["enable": true, "filters": [["name": "web-deep", "exclude": true]]]
        for (k, v) in extra { test[k] = v }
        return env.release(spec: ["test": .object(test)])
    }

    func condition(_ object: JSONValue?, _ type: String) -> (status: String?, reason: String?, message: String) {
        let c = HelmReleaseTestEnv.condition(object, type)
        return (c?["status"]?.stringValue, c?["reason"]?.stringValue, c?["message"]?.stringValue ?? "")
    }

    @Test func aPassingTestPodMakesTheReleaseTestedAndRecordsItsRun() async throws {
        try await HelmReleaseTestEnv.with("hr-test-pass") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(release(env))
            try await env.finishPod("web-smoke", phase: "Succeeded")
            let object = await env.wait("web", HelmReleaseCondition.testSuccess, "True", reason: HelmReleaseReason.testSucceeded)
            let tested = condition(object, HelmReleaseCondition.testSuccess)
            #expect(tested.message == "Helm test succeeded for release \(env.namespace)/web.v1 with chart app@1.0.0: 1 test hook completed successfully")
            let ready = await env.wait("web", "Ready", "True", reason: HelmReleaseReason.testSucceeded)
            #expect(condition(ready, "Ready").message == tested.message, "Ready follows TestSuccess when test failures count")
            #expect(await env.get(HelmReleaseTestEnv.pod, "web-deep") == nil, "the excluded test never ran")

            let snapshot = object?[path: "status", "history"]?[0]
            #expect(snapshot?["version"] == 1)
            #expect(snapshot?[path: "testHooks", "web-smoke", "phase"] == "Succeeded")
            #expect(snapshot?[path: "testHooks", "web-smoke", "lastStarted"]?.stringValue?.isEmpty == false)
            #expect(snapshot?[path: "testHooks", "web-smoke", "lastCompleted"]?.stringValue?.isEmpty == false)
            #expect(snapshot?[path: "testHooks", "web-deep"] == nil)

            // Helm's record, read as the helm CLI reads it: the hook's last run.
            let hooks = try await env.record(1)["hooks"]?.arrayValue ?? []
            let smoke = hooks.first { $0["name"] == "web-smoke" }
            #expect(smoke?[path: "last_run", "phase"] == "Succeeded")
            #expect(smoke?[path: "last_run", "started_at"]?.stringValue?.hasPrefix("0001-") == false)
            #expect(smoke?[path: "last_run", "completed_at"]?.stringValue?.hasPrefix("0001-") == false)
            #expect(hooks.first { $0["name"] == "web-deep" }?[path: "last_run", "phase"] == "", "never run: Helm's empty phase")
            #expect(try await env.waitEvents(reason: HelmReleaseReason.testSucceeded).last?["type"] == "Normal")
        }
    }

    @Test func aFailingTestPodFailsTheRelease() async throws {
        try await HelmReleaseTestEnv.with("hr-test-fail") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(release(env))
            try await env.finishPod("web-smoke", phase: "Failed")
            let object = await env.wait("web", HelmReleaseCondition.testSuccess, "False", reason: HelmReleaseReason.testFailed)
            let tested = condition(object, HelmReleaseCondition.testSuccess)
            #expect(tested.message.hasPrefix("Helm test failed for release \(env.namespace)/web.v1 with chart app@1.0.0:"))
            #expect(tested.message.contains("pod web-smoke failed"), "\(tested.message)")
            let ready = await env.wait("web", "Ready", "False", reason: HelmReleaseReason.testFailed)
            #expect(condition(ready, HelmReleaseCondition.released).status == "True", "the install itself succeeded")
            #expect((ready?[path: "status", "installFailures"]?.intValue ?? 0) >= 1, "the failed test counts as a failed install")

            // No remediation was asked for: the release stays as it is, for a person to look at.
            #expect(try await env.recordStatuses() == [1: "deployed"])
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-config") != nil)
            let hooks = try await env.record(1)["hooks"]?.arrayValue ?? []
            #expect(hooks.first { $0["name"] == "web-smoke" }?[path: "last_run", "phase"] == "Failed")
            #expect(ready?[path: "status", "history"]?[0]?[path: "testHooks", "web-smoke", "phase"] == "Failed")
            #expect(try await env.waitEvents(reason: HelmReleaseReason.testFailed).last?["type"] == "Warning")
        }
    }

    @Test func aFailingTestIsRemediatedLikeAFailedInstall() async throws {
        try await HelmReleaseTestEnv.with("hr-test-remedy") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(env.release(spec: ["test": ["enable": true, "filters": [["name": "web-smoke"]]],
                                                   "install": ["remediation": ["retries": 1]]]))
            // First attempt: the test fails, the install is uninstalled and tried again.
            try await env.finishPod("web-smoke", phase: "Failed")
            // Second attempt (the retry): fails too; the retries are spent, and the last failure
            // is remediated as well (remediateLastFailure defaults to true with retries).
            try await env.finishPod("web-smoke", phase: "Failed")
            let stalled = await env.wait("web", "Stalled", "True", reason: HelmReleaseReason.testFailed)
            #expect(condition(stalled, "Ready").status == "False")
            #expect(condition(stalled, HelmReleaseCondition.remediated).reason == HelmReleaseReason.uninstallSucceeded)
            #expect(stalled?[path: "status", "installFailures"] == 2)
            #expect(try await env.recordStatuses().isEmpty, "uninstalled: no records left")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "web-config") == nil)
        }
    }

    @Test func switchingTestsOnTestsTheInstalledReleaseWithoutANewOne() async throws {
        try await HelmReleaseTestEnv.with("hr-test-later") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(env.release())
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            #expect(await env.get(HelmReleaseTestEnv.pod, "web-smoke") == nil, "no tests unless enabled")
            #expect(HelmReleaseTestEnv.condition(await env.get(HelmReleaseTestEnv.helmRelease, "web"), HelmReleaseCondition.testSuccess) == nil)

            try await env.apply(release(env))
            try await env.finishPod("web-smoke", phase: "Succeeded")
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.testSucceeded)
            #expect(try await env.recordStatuses() == [1: "deployed"], "the deployed release was tested, not replaced")
        }
    }

    @Test func ignoredTestFailuresLeaveTheReleaseReady() async throws {
        try await HelmReleaseTestEnv.with("hr-test-ignore") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(release(env, test: ["ignoreFailures": true]))
            try await env.finishPod("web-smoke", phase: "Failed")
            await env.wait("web", HelmReleaseCondition.testSuccess, "False", reason: HelmReleaseReason.testFailed)
            let ready = await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            #expect(condition(ready, HelmReleaseCondition.testSuccess).status == "False", "the failure is still reported")
            #expect(ready?[path: "status", "installFailures"]?.intValue ?? 0 == 0, "an ignored failure is not an install failure")
            #expect(try await env.recordStatuses() == [1: "deployed"])
        }
    }
}
