import ControllerRuntime
import FerryAPI
import Foundation
import Manifests

/// What one ArtifactGenerator reconcile has learned so far; each step reads and extends it.
public struct ArtifactGeneratorRun: ReconcileRun {
    public let object: JSONValue
    let generator: ArtifactGenerator
    var status: ArtifactGeneratorStatus
    public var conditions: Conditions
    public var events: [EventDraft] = []
    public var progressSink = ProgressSink.discard
    var now: Date
    var settings: ArtifactGeneratorSettings
    /// Each source's current artifact, by alias (filled by **fetchSources**).
    var sources: [String: ResolvedSource] = [:]
    /// Digest of the sources' artifacts and the generation (``ArtifactGeneratorStatus/observedSourcesDigest``).
    var sourcesDigest: String?
    /// The artifacts built this time, in spec order (filled by **build**).
    var built: [GeneratedArtifact] = []
    /// The inventory before **publish** replaced it: what **collectGarbage** compares against.
    var previousInventory: [ExternalArtifactReference] = []
    var workDir: String?

    init(generator: ArtifactGenerator, object: JSONValue, settings: ArtifactGeneratorSettings, now: Date) {
        self.object = object
        self.generator = generator
        self.status = generator.status ?? ArtifactGeneratorStatus()
        self.conditions = Conditions(of: object)
        self.settings = settings
        self.now = now
    }

    public var statusFields: JSONValue {
        var fields = APIConversion.encode(status)
        fields["conditions"] = nil
        return fields
    }

    var namespace: String { generator.metadata.namespace ?? "default" }
    var name: String { generator.metadata.name }
    var spec: ArtifactGeneratorSpec { generator.spec }
    var timestamp: Timestamp { Timestamp(secondsSince1970: now.timeIntervalSince1970) }

    func cleanUp() {
        if let workDir { try? FileManager.default.removeItem(atPath: workDir) }
    }
}

/// A source as one reconcile found it.
struct ResolvedSource: Sendable, Equatable {
    var reference: ArtifactGeneratorSource
    var namespace: String
    var artifact: Artifact

    /// What `originRevision: @alias` puts in the generated artifact's metadata: the source's
    /// own origin revision when it has one, else a Git source's revision (its commit).
    var originRevision: String? {
        if let origin = artifact.metadata?[ArtifactGeneratorReconciler.originRevisionKey] { return origin }
        return reference.kind == GitRepository.kind ? artifact.revision : nil
    }
}

/// One generated artifact, stored, ready to publish as an ExternalArtifact.
struct GeneratedArtifact: Sendable, Equatable {
    var name: String
    var artifact: Artifact

    func reference(namespace: String) -> ExternalArtifactReference {
        ExternalArtifactReference(name: name, namespace: namespace, digest: artifact.digest ?? "",
                                  filename: String(artifact.path.split(separator: "/").last ?? ""))
    }
}
