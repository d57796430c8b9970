import ControllerRuntime
import FerryAPI
@testable import HelmController
import Helm
import Manifests
import ResourceManager
import Testing

/// The pure half of drift detection: what counts as drift and how it is summarised (Flux's
/// `SummarizeDiffSet` line), and the spec checks of `driftDetection` and `test`.
@Suite struct ReleaseDriftTests {
    static let live: JSONValue = [
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": ["name": "web", "namespace": "apps", "resourceVersion": "7", "labels": ["app": "web"]],
        "spec": ["replicas": 3, "template": ["spec": ["containers": [["name": "web", "image": "web:1"]]]]],
        "status": ["replicas": 3],
    ]

    static func pointers(_ paths: String...) throws -> [JSONPointer] { try paths.map { try JSONPointer($0) } }

    @Test func aMissingObjectIsRemoved() {
        let drift = ReleaseDrift.of(subject: "Deployment/apps/web", live: nil, dryRun: Self.live, ignoring: [])
        #expect(drift?.line == "Deployment/apps/web removed")
    }

    @Test func changesAreCountedLikeAJSONPatch() {
        var dryRun = Self.live
        dryRun[path: "spec", "replicas"] = 1
        dryRun[path: "metadata", "labels", "tier"] = "front"
        dryRun[path: "spec", "template", "spec", "containers"] = [["name": "web", "image": "web:1"], ["name": "side", "image": "s:1"]]
        dryRun[path: "status", "replicas"] = 9
        dryRun[path: "metadata", "resourceVersion"] = "8"
        let drift = ReleaseDrift.of(subject: "Deployment/apps/web", live: Self.live, dryRun: dryRun, ignoring: [])
        #expect(drift?.change == .changed(additions: 2, changes: 1, removals: 0), "status and resourceVersion are not drift")
        #expect(drift?.line == "Deployment/apps/web changed (2 additions, 1 changes, 0 removals)")
    }

    @Test func ignoredPathsAndEqualObjectsAreNoDrift() throws {
        var dryRun = Self.live
        dryRun[path: "spec", "replicas"] = 1.0
        #expect(ReleaseDrift.of(subject: "x", live: Self.live, dryRun: dryRun, ignoring: try Self.pointers("/spec/replicas")) == nil)
        dryRun[path: "spec", "replicas"] = 3.0
        #expect(ReleaseDrift.of(subject: "x", live: Self.live, dryRun: dryRun, ignoring: []) == nil, "3 and 3.0 are equal")
        var removed = Self.live
        removed[path: "metadata", "labels"] = nil
        let drift = ReleaseDrift.of(subject: "x", live: Self.live, dryRun: removed, ignoring: [])
        #expect(drift?.change == .changed(additions: 0, changes: 0, removals: 1))
    }

    @Test func objectsOptOutByLabelOrAnnotation() {
        var labelled = Self.live
        labelled[path: "metadata", "labels", HelmRelease.driftDetectionKey] = "disabled"
        var annotated = Self.live
        annotated[path: "metadata", "annotations", HelmRelease.driftDetectionKey] = "disabled"
        #expect(ReleaseDrift.isExcluded(labelled) && ReleaseDrift.isExcluded(annotated))
        #expect(!ReleaseDrift.isExcluded(Self.live) && !ReleaseDrift.isExcluded(nil))
    }

    @Test func badDriftAndTestSettingsAreNamed() throws {
        let mode = try #require(try HelmReleaseSettingsTests.refusal(["driftDetection": ["mode": "loud"]]))
        #expect(mode.message == "invalid spec.driftDetection.mode 'loud': must be enabled, warn or disabled")
        let pointer = try #require(try HelmReleaseSettingsTests.refusal(["driftDetection": ["mode": "warn", "ignore": [["paths": ["spec/replicas"]]]]]))
        #expect(pointer.kind == .stalled)
        #expect(pointer.message.hasPrefix("spec.driftDetection.ignore[0].paths[0]:"), "\(pointer.message)")
        let timeout = try #require(try HelmReleaseSettingsTests.refusal(["test": ["timeout": "later"]]))
        #expect(timeout.message == "invalid spec.test.timeout 'later': not a duration such as 1m or 30s")
        let ignore: JSONValue = [["paths": ["/spec/replicas"], "target": ["kind": "Deployment", "name": "web-.*"]]]
        #expect(try HelmReleaseSettingsTests.refusal(["driftDetection": ["mode": "enabled", "ignore": ignore]]) == nil)
    }
}
