import ControllerRuntime
import FerryAPI
import Foundation
import Manifests
import OCI

/// What one OCIRepository reconcile has learned so far; each step reads and extends it.
public struct OCIRepositoryRun: LatestAliasRun {
    public let object: JSONValue
    let repository: OCIRepository
    var status: OCIRepositoryStatus
    public var conditions: Conditions
    public var events: [EventDraft] = []
    public var progressSink = ProgressSink.discard
    var now: Date
    var settings: OCIRepositorySettings?
    var client: OCIClient?
    /// What the registry holds at the ref, once resolved.
    var resolved: ResolvedOCIArtifact?
    /// The manifest and the selected layer's bytes, once pulled.
    var manifest: OCIManifest?
    var layer: [UInt8]?
    /// The artifact file written in storage's directory, not yet moved into place.
    var built: (temporaryPath: String, digest: String, size: Int64)?
    var workDir: String?

    init(repository: OCIRepository, object: JSONValue, now: Date) {
        self.object = object
        self.repository = repository
        self.status = repository.status ?? OCIRepositoryStatus()
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
    var spec: OCIRepositorySpec { repository.spec }
    var storageDirectory: String { ArtifactStorage.directory(kind: OCIRepository.kind, namespace: namespace, name: name) }

    /// `spec.layerSelector` with Flux's defaults filled in, as `status.observedLayerSelector` records it.
    var effectiveLayerSelector: OCILayerSelector {
        OCILayerSelector(mediaType: settings?.mediaType, operation: settings?.operation ?? OCIRepository.operationExtract)
    }

    /// Flux's `ociContentConfigChanged`: the stored artifact was built with another `ignore` or
    /// layer selector, so the same revision must be built again.
    var contentConfigChanged: Bool {
        status.observedIgnore != spec.ignore || (status.observedLayerSelector ?? OCILayerSelector(operation: OCIRepository.operationExtract))
            != effectiveLayerSelector
    }

    func cleanUp() {
        if let workDir { try? FileManager.default.removeItem(atPath: workDir) }
        if let built { try? FileManager.default.removeItem(atPath: built.temporaryPath) }
    }
}

/// The artifact a ref names right now: the tag it was found by (none for a digest ref) and
/// its manifest's digest.
struct ResolvedOCIArtifact: Equatable, Sendable {
    var tag: String?
    var digest: String

    /// Flux's revision: `<tag>@<digest>`, or the digest alone for a digest ref.
    var revision: String { tag.map { "\($0)@\(digest)" } ?? digest }
}
