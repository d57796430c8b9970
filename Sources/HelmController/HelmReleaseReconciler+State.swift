import GoTemplate
import ControllerRuntime
import FerryAPI
import Foundation
import Helm
import Manifests

/// What one HelmRelease reconcile has learned so far; each step reads and extends it.
public struct HelmReleaseRun: ReconcileRun {
    public let object: JSONValue
    let release: HelmRelease
    var status: HelmReleaseStatus
    public var conditions: Conditions
    public var events: [EventDraft] = []
    public var progressSink = ProgressSink.discard
    var now: Date
    var settings: HelmReleaseSettings?
    /// The HelmChart the chart comes from (`namespace/name`) and its artifact.
    var chartArtifact: Artifact?
    var chart: Chart?
    var values: GoMap?
    var configDigest: String?
    /// Set when the release was installed or upgraded in this run.
    var released: Release?

    init(release: HelmRelease, object: JSONValue, now: Date) {
        self.object = object
        self.release = release
        self.status = release.status ?? HelmReleaseStatus()
        self.conditions = Conditions(of: object)
        self.now = now
    }

    public var statusFields: JSONValue {
        var fields = APIConversion.encode(status)
        fields["conditions"] = nil
        return fields
    }

    var timestamp: Timestamp { Timestamp(secondsSince1970: now.timeIntervalSince1970) }
    var generation: Int? { release.metadata.generation }
    var namespace: String { release.metadata.namespace ?? "default" }
    var name: String { release.metadata.name }
    var spec: HelmReleaseSpec { release.spec }

    mutating func mark(_ type: String, _ value: Conditions.Status, reason: String, message: String) {
        conditions.set(type, value, reason: reason, message: message, observedGeneration: generation, now: timestamp)
    }
}
