import FerryAPI
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// `spec.driftDetection` end to end: a person edits or deletes what a release made, and the
/// next reconcile reports it (`warn`), puts it back (`enabled`), or leaves the fields an ignore
/// rule names alone. Flux's behaviour: drift is compared by server-side dry-run of the latest
/// release's manifest, a `DriftDetected` Warning event lists what drifted, a `DriftCorrected`
/// event what was put back; drift never makes the release not Ready.
@Suite struct HelmReleaseDriftTests {
    /// A Deployment (no Pod of it ever runs here: releases use `install.disableWait`) and a
    /// ConfigMap.
    static let chart: [String: String] = [
        "values.yaml": "replicas: 1\nimage: registry.example/web:1.0\ngreeting: hello\n",
        "templates/deployment.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Release.Name }}
        spec:
          replicas: {{ .Values.replicas }}
          selector:
            matchLabels: {app: {{ .Release.Name }}}
          template:
            metadata:
              labels: {app: {{ .Release.Name }}}
            spec:
              containers:
              - name: web
                image: {{ .Values.image }}
        """,
        "templates/config.yaml": """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-config
        data:
          greeting: {{ .Values.greeting | quote }}
        """,
    ]

    func release(_ env: HelmReleaseTestEnv, mode: String, ignore: JSONValue? = nil) -> JSONValue {
        var drift: JSONObject = ["mode": .string(mode)]
        if let ignore { drift["ignore"] = ignore }
        return env.release(spec: ["install": ["disableWait": true], "driftDetection": .object(drift)])
    }

    func replicas(_ env: HelmReleaseTestEnv) async -> Int? {
        await env.get(HelmReleaseTestEnv.deployment, "web")?[path: "spec", "replicas"]?.intValue
    }

    /// Reconciles now and waits until that reconcile is done.
    func reconcile(_ env: HelmReleaseTestEnv) async throws {
        await env.waitHandled(try await env.requestReconcile())
    }

    @Test func warnReportsAnEditedDeploymentAndChangesNothing() async throws {
        try await HelmReleaseTestEnv.with("hr-drift-warn") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(release(env, mode: "warn"))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            try await reconcile(env)
            await env.wait("web", HelmReleaseCondition.drifted, "False", reason: HelmReleaseReason.noDriftDetected)

            try await env.edit(HelmReleaseTestEnv.deployment, "web", ["spec": ["replicas": 3]])
            try await reconcile(env)
            let object = await env.wait("web", HelmReleaseCondition.drifted, "True", reason: HelmReleaseReason.driftDetected)
            let message = HelmReleaseTestEnv.condition(object, HelmReleaseCondition.drifted)?["message"]?.stringValue ?? ""
            #expect(message.hasPrefix("Cluster state of release \(env.namespace)/web.v1 has drifted from the desired state:"))
            #expect(message.contains("Deployment/\(env.namespace)/web changed (0 additions, 1 changes, 0 removals)"), "\(message)")
            #expect(!message.contains("ConfigMap"), "the untouched ConfigMap is not drift: \(message)")
            #expect(HelmReleaseTestEnv.condition(object, "Ready")?["status"] == "True", "drift alone leaves the release Ready")
            #expect(await replicas(env) == 3, "warn changes nothing live")
            let events = try await env.waitEvents(reason: HelmReleaseReason.driftDetected)
            #expect(events.last?["type"] == "Warning")
            #expect(try await env.events(reason: HelmReleaseReason.driftCorrected).isEmpty)
            #expect(try await env.recordStatuses() == [1: "deployed"], "no new release for drift")

            // Switched off: nothing compared, the condition gone, the edit still there.
            try await env.apply(release(env, mode: "disabled"))
            let off = await env.wait("web", "Ready", "True")
            #expect(HelmReleaseTestEnv.condition(off, HelmReleaseCondition.drifted) == nil)
            #expect(await replicas(env) == 3)
        }
    }

    @Test func enabledPutsBackAnEditAndRecreatesADeletedObject() async throws {
        try await HelmReleaseTestEnv.with("hr-drift-fix") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            try await env.apply(release(env, mode: "enabled"))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)

            try await env.edit(HelmReleaseTestEnv.deployment, "web", ["spec": ["replicas": 3]])
            try await reconcile(env)
            var object = await env.wait("web", HelmReleaseCondition.drifted, "False", reason: HelmReleaseReason.driftCorrected)
            var message = HelmReleaseTestEnv.condition(object, HelmReleaseCondition.drifted)?["message"]?.stringValue ?? ""
            #expect(message.hasPrefix("Cluster state of release \(env.namespace)/web.v1 has been corrected:"))
            #expect(message.contains("Deployment/\(env.namespace)/web configured"), "\(message)")
            #expect(await replicas(env) == 1, "the edit is reverted to the release's value")
            #expect(try await env.waitEvents(reason: HelmReleaseReason.driftDetected).last?["type"] == "Warning")
            #expect(try await env.waitEvents(reason: HelmReleaseReason.driftCorrected).last?["type"] == "Normal")

            let before = await env.get(HelmReleaseTestEnv.configMap, "web-config")?[path: "metadata", "uid"]
            _ = try await env.client.delete(HelmReleaseTestEnv.configMap, name: "web-config", namespace: env.namespace)
            try await reconcile(env)
            object = await env.wait("web", HelmReleaseCondition.drifted, "False", reason: HelmReleaseReason.driftCorrected)
            message = HelmReleaseTestEnv.condition(object, HelmReleaseCondition.drifted)?["message"]?.stringValue ?? ""
            #expect(message.contains("ConfigMap/\(env.namespace)/web-config created"), "\(message)")
            let recreated = await env.get(HelmReleaseTestEnv.configMap, "web-config")
            #expect(recreated?[path: "data", "greeting"] == "hello")
            #expect(recreated?[path: "metadata", "uid"] != before, "a new object, the deleted one gone")
            #expect(try await env.recordStatuses() == [1: "deployed"], "corrected in place, no new release")
        }
    }

    @Test func ignoredPathsAreNeitherReportedNorReset() async throws {
        try await HelmReleaseTestEnv.with("hr-drift-ignore") { env in
            try env.repo.publish(chart: "app", version: "1.0.0", files: Self.chart)
            let ignore: JSONValue = [["paths": ["/spec/replicas"], "target": ["kind": "Deployment"]]]
            try await env.apply(release(env, mode: "enabled", ignore: ignore))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)

            // An HPA-like change of the ignored field alone: no drift.
            try await env.edit(HelmReleaseTestEnv.deployment, "web", ["spec": ["replicas": 4]])
            try await reconcile(env)
            await env.wait("web", HelmReleaseCondition.drifted, "False", reason: HelmReleaseReason.noDriftDetected)
            #expect(await replicas(env) == 4)

            // With a field that is not ignored changed too, the Deployment is applied again: the
            // image goes back, the replicas stay as they are live.
            try await env.edit(HelmReleaseTestEnv.deployment, "web", ["spec": ["replicas": 5, "template": ["spec": ["containers": [
                ["name": "web", "image": "registry.example/web:hacked"]]]]]])
            try await reconcile(env)
            let object = await env.wait("web", HelmReleaseCondition.drifted, "False", reason: HelmReleaseReason.driftCorrected)
            let detected = try await env.waitEvents(reason: HelmReleaseReason.driftDetected).last?["message"]?.stringValue ?? ""
            #expect(detected.contains("Deployment/\(env.namespace)/web changed (0 additions, 1 changes, 0 removals)"),
                    "only the image counts, not the ignored replicas: \(detected)")
            #expect(HelmReleaseTestEnv.condition(object, "Ready")?["status"] == "True")
            let live = await env.get(HelmReleaseTestEnv.deployment, "web")
            #expect(live?[path: "spec", "template", "spec", "containers"]?[0]?["image"] == "registry.example/web:1.0")
            #expect(live?[path: "spec", "replicas"] == 5, "the ignored field keeps its live value")
        }
    }
}
