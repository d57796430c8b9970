import FerryTesting
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import Testing

/// A chart's `crds/` directory through the controller: `install.crds: Create` (the default)
/// creates the CRDs, `Skip` leaves them out, `upgrade.crds: CreateReplace` updates them.
@Suite struct HelmReleaseCRDTests {
    static let crdKind = GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition")

    /// A CRD of a group unique to the test run (CRDs are cluster-wide).
    static func crd(_ plural: String, kind: String, group: String, shortName: String? = nil) -> String {
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: \(plural).\(group)
        spec:
          group: \(group)
          scope: Namespaced
          names:
            kind: \(kind)
            listKind: \(kind)List
            plural: \(plural)
            singular: \(kind.lowercased())
        \(shortName.map { "    shortNames: [\($0)]\n" } ?? "")  versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
        """
    }

    static func chart(crd: String) -> [String: String] {
        ["crds/crd.yaml": crd, "templates/main.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-main\ndata: {}\n"]
    }

    func crd(_ env: HelmReleaseTestEnv, _ name: String) async -> JSONValue? {
        try? await env.client.get(Self.crdKind, name: name)
    }

    @Test func crdsAreCreatedSkippedAndReplacedByPolicy() async throws {
        try await HelmReleaseTestEnv.with("hr-crds") { env in
            let group = "\(env.namespace).ferry.test"
            defer {
                let client = env.client
                Task { for name in ["widgets.\(group)", "gadgets.\(group)"] { _ = try? await client.delete(Self.crdKind, name: name) } }
            }
            try env.repo.publish(chart: "withcrd", version: "1.0.0", files: Self.chart(crd: Self.crd("widgets", kind: "Widget", group: group)))
            try env.repo.publish(chart: "skipped", version: "1.0.0", files: Self.chart(crd: Self.crd("gadgets", kind: "Gadget", group: group)))
            try await env.apply(env.release("web", chart: "withcrd", spec: ["upgrade": ["crds": "CreateReplace"]]))
            try await env.apply(env.release("other", chart: "skipped", spec: ["install": ["crds": "Skip"]]))
            await env.wait("web", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            await env.wait("other", "Ready", "True", reason: HelmReleaseReason.installSucceeded)
            let widgets = await crd(env, "widgets.\(group)")
            #expect(widgets != nil, "install.crds Create (the default) creates the chart's CRD")
            #expect(widgets?[path: "spec", "names", "shortNames"] == nil)
            #expect(await crd(env, "gadgets.\(group)") == nil, "install.crds Skip leaves it out")
            #expect(await env.get(HelmReleaseTestEnv.configMap, "other-main") != nil, "the rest of the chart is installed")

            // A new chart version changes the CRD; CreateReplace applies it on upgrade.
            try env.repo.publish(chart: "withcrd", version: "1.1.0",
                                 files: Self.chart(crd: Self.crd("widgets", kind: "Widget", group: group, shortName: "wdg")))
            _ = try await env.client.patch(GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "HelmRepository"),
                                           name: "charts", namespace: env.namespace, type: .merge,
                                           patch: ["metadata": ["annotations": ["reconcile.fluxcd.io/requestedAt": .string(UUID().uuidString)]]])
            let upgraded = await eventually(timeout: .seconds(90)) {
                await env.get(HelmReleaseTestEnv.helmRelease, "web")?[path: "status", "lastReleaseRevision"] == 2
            }
            #expect(upgraded, "\(env.controllers.log.suffix(2500))")
            let replaced = await crd(env, "widgets.\(group)")
            #expect(replaced?[path: "spec", "names", "shortNames"] == ["wdg"], "\(replaced?[path: "spec", "names"]?.jsonString() ?? "")")
        }
    }
}
