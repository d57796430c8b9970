import ControllerRuntime
import FerryAPI
import Foundation
import Manifests

/// What one HelmRepository reconcile has learned so far; each step reads and extends it.
public struct HelmRepositoryRun: LatestAliasRun {
    public let object: JSONValue
    let repository: HelmRepository
    var status: HelmRepositoryStatus
    public var conditions: Conditions
    public var events: [EventDraft] = []
    public var progressSink = ProgressSink.discard
    var now: Date
    var settings: HelmRepositorySettings?
    /// The index as fetched, and its revision (`sha256:` of its canonical form).
    var index: [UInt8]?
    var revision: String?

    init(repository: HelmRepository, object: JSONValue, now: Date) {
        self.object = object
        self.repository = repository
        self.status = repository.status ?? HelmRepositoryStatus()
        self.conditions = Conditions(of: object)
        self.now = now
    }

    public var statusFields: JSONValue {
        var fields = status.json
        fields["conditions"] = nil
        return fields
    }

    var artifact: Artifact? {
        get { status.artifact }
        set { status.artifact = newValue }
    }
    var latestURL: String? {
        get { status.url }
        set { status.url = newValue }
    }
    var generation: Int? { repository.metadata.generation }
    var namespace: String { repository.metadata.namespace ?? "default" }
    var name: String { repository.metadata.name }
    var spec: HelmRepositorySpec { repository.spec }
    var storageDirectory: String { ArtifactStorage.directory(kind: HelmRepository.kind, namespace: namespace, name: name) }

}
