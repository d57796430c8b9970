import CEL
import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import ResourceManager

/// What one Kustomization reconcile has learned so far; each step reads and extends it.
public struct KustomizationRun: ReconcileRun {
    public let object: JSONValue
    let settings: KustomizationSettings
    /// The typed status being built (its `conditions` field is not used: see ``conditions``).
    var status: KustomizationStatus
    public var conditions: Conditions
    public var events: [EventDraft] = []
    public var progressSink = ProgressSink.discard
    let started = ContinuousClock.now
    /// The source's artifact this reconcile works on, once known.
    var artifact: SourceArtifact?
    /// Where the artifact was unpacked (removed by `cleanUp`).
    var directory: String?
    /// The manifests built, substituted and stamped.
    var objects: [JSONValue] = []
    /// `sha256:` of the manifests built, once known (for `status.history`).
    var digest: String?
    /// The cluster the objects go to, once resolved.
    var target: (any ApplyTarget)?
    var changeSet: ChangeSet?
    /// `dependsOn[].readyExpr`, compiled by `checkSpec`.
    var readyExprs: [DependencyKey: CELProgram] = [:]
    /// `spec.ignore`, compiled by `checkSpec`.
    var ignoreRules = CompiledIgnoreRules.none
    /// `spec.healthCheckExprs`, compiled by `checkSpec`.
    var healthRules: CELHealthRules?
    /// The inventory before this reconcile.
    let previousInventory: Inventory

    init(object: JSONValue, settings: KustomizationSettings) {
        self.object = object
        self.settings = settings
        status = settings.kustomization.status ?? KustomizationStatus()
        conditions = Conditions(of: object)
        previousInventory = (object[path: "status", "inventory"]).flatMap { try? Inventory(json: $0) } ?? Inventory()
    }

    public var statusFields: JSONValue {
        var fields = status.json
        fields["conditions"] = nil
        return fields
    }

    var revision: String? { artifact?.revision }
    var generation: Int? { object.generation }

    /// Records `inventory` as `status.inventory`.
    mutating func record(_ inventory: Inventory) {
        status.inventory = try? APIConversion.decode(ResourceInventory.self, from: inventory.json)
    }

    /// Adds change lines (`ConfigMap/apps/a created`) to the run's one change-set event, as
    /// Flux records one Normal event per change set.
    mutating func noteChanges(_ lines: String) {
        guard !lines.isEmpty else { return }
        if let index = events.firstIndex(where: { $0.reason == ConditionReason.progressing && $0.type == .normal }) {
            events[index].message += "\n" + lines
        } else {
            events.append(EventDraft(.normal, reason: ConditionReason.progressing, message: lines))
        }
    }

    /// Whether this revision or spec was not yet applied: progress is shown only then, so an
    /// idle re-reconcile writes nothing unless something changed.
    var isNewWork: Bool {
        revision != status.lastAppliedRevision || object.generation != status.observedGeneration
    }
}
