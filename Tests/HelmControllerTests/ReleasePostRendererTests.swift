import ControllerRuntime
import FerryAPI
import GoTemplate
import Helm
@testable import HelmController
import Manifests
import Testing

/// `spec.postRenderers` over a rendered manifest, without a cluster: kustomize patches and
/// image overrides in order, failures named, and the digest that tells a change from none.
@Suite struct ReleasePostRendererTests {
    static let manifest = """
    ---
    # Source: app/templates/deploy.yaml
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 1
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
          - name: main
            image: registry.example/team/web:1.0
    ---
    # Source: app/templates/cm.yaml
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: web-config
    data:
      mode: plain

    """

    static func objects(_ text: String) throws -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for object in try ReleaseObjects.parse(text) { out[object["kind"]?.stringValue ?? ""] = object }
        return out
    }

    static func patch(_ text: String, kind: String? = nil) -> KustomizePatch {
        KustomizePatch(patch: text, target: kind.map { KustomizeSelector(kind: $0) })
    }

    @Test func patchesAndImagesApplyInOrder() throws {
        let strategic = Self.patch("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {team: blue}
        spec:
          replicas: 3
        """)
        let json6902 = Self.patch(#"[{"op": "replace", "path": "/data/mode", "value": "patched"}]"#, kind: "ConfigMap")
        let first = PostRenderer(kustomize: PostRendererKustomize(patches: [strategic, json6902]))
        let second = PostRenderer(kustomize: PostRendererKustomize(images: [KustomizeImage(name: "registry.example/team/web", newTag: "2.0")]))
        let out = try Self.objects(try HelmReleaseRender.postRender(manifest: Self.manifest, renderers: [first, second]))
        #expect(out["Deployment"]?[path: "metadata", "labels", "team"] == "blue")
        #expect(out["Deployment"]?[path: "spec", "replicas"] == 3)
        #expect(out["Deployment"]?[path: "spec", "template", "spec", "containers"]?.arrayValue?.first?["image"] == "registry.example/team/web:2.0")
        #expect(out["ConfigMap"]?[path: "data", "mode"] == "patched")
    }

    @Test func theSecondRendererSeesTheFirstOnesOutput() throws {
        let rename = PostRenderer(kustomize: PostRendererKustomize(images: [KustomizeImage(name: "registry.example/team/web", newName: "mirror.example/web")]))
        let pin = PostRenderer(kustomize: PostRendererKustomize(images: [KustomizeImage(name: "mirror.example/web", digest: "sha256:" + String(repeating: "a", count: 64))]))
        let out = try Self.objects(try HelmReleaseRender.postRender(manifest: Self.manifest, renderers: [rename, pin]))
        #expect(out["Deployment"]?[path: "spec", "template", "spec", "containers"]?.arrayValue?.first?["image"]
                == .string("mirror.example/web@sha256:" + String(repeating: "a", count: 64)))
    }

    @Test func withoutRenderersTheManifestIsUntouched() throws {
        #expect(try HelmReleaseRender.postRender(manifest: Self.manifest, renderers: []) == Self.manifest)
        #expect(try HelmReleaseRender.postRender(manifest: "", renderers: [PostRenderer(kustomize: PostRendererKustomize())]) == "")
    }

    @Test func aBadPatchIsNamed() throws {
        let bad = PostRenderer(kustomize: PostRendererKustomize(patches: [Self.patch(#"[{"op": "replace", "path": "/data/missing/deep", "value": 1}]"#, kind: "ConfigMap")]))
        let fine = PostRenderer(kustomize: PostRendererKustomize(images: [KustomizeImage(name: "x", newTag: "1")]))
        do {
            _ = try HelmReleaseRender.postRender(manifest: Self.manifest, renderers: [fine, bad])
            Issue.record("a patch of a path that does not exist must fail")
        } catch {
            #expect("\(error)".hasPrefix("error while running post render on files: spec.postRenderers[1]: "), "\(error)")
        }
    }

    @Test func theDigestTellsAChangeFromNone() {
        #expect(HelmReleaseRender.digest(nil) == nil)
        #expect(HelmReleaseRender.digest([]) == nil)
        let a = [PostRenderer(kustomize: PostRendererKustomize(images: [KustomizeImage(name: "x", newTag: "1")]))]
        let b = [PostRenderer(kustomize: PostRendererKustomize(images: [KustomizeImage(name: "x", newTag: "2")]))]
        let digest = HelmReleaseRender.digest(a)
        #expect(digest?.hasPrefix("sha256:") == true && digest?.count == 71)
        #expect(digest == HelmReleaseRender.digest(a))
        #expect(digest != HelmReleaseRender.digest(b))
    }

    @Test func changedPostRenderersUpgradeADeployedRelease() {
        var metadata = ChartMetadata()
        metadata.name = "app"
        metadata.version = "1.0.0"
        let values = GoMap()
        let deployed = Release(name: "web", namespace: "apps", version: 1, info: ReleaseInfo(status: .deployed),
                               chart: StoredChart(metadata: metadata), config: values)
        var desired = ReleasePlan.Desired(chartName: "app", chartVersion: "1.0.0", configDigest: ReleaseValues.digest(values))
        #expect(ReleasePlan.next(history: [deployed], desired: desired, failures: 0, retries: 0) == .upToDate(version: 1))
        desired.postRenderersChanged = true
        #expect(ReleasePlan.next(history: [deployed], desired: desired, failures: 0, retries: 0) == .upgrade)
        #expect(ReleasePlan.next(history: [deployed], desired: desired, failures: 1, retries: 0) == .exhausted(version: 1),
                "a failed upgrade to new post-renderers is not retried past its retries")
    }
}
