import ControllerRuntime
import FerryAPI
import Foundation
import Manifests
import OCI

/// What one ImageRepository reconcile has learned so far; each step reads and extends it.
public struct ImageRepositoryRun: ReconcileRun {
    public let object: JSONValue
    let repository: ImageRepository
    var status: ImageRepositoryStatus
    public var conditions: Conditions
    public var events: [EventDraft] = []
    public var progressSink = ProgressSink.discard
    var now: Date
    var settings: ImageRepositorySettings?
    /// Why the registry is scanned this time (Flux's words: "first scan", "triggered by
    /// interval"…); nil when no scan is due.
    var scanReason: String?
    /// When to come back: the interval after a scan, what is left of it otherwise.
    var nextScan: Duration?
    var options: OCIClient.Options?

    init(repository: ImageRepository, object: JSONValue, now: Date) {
        self.object = object
        self.repository = repository
        self.status = repository.status ?? ImageRepositoryStatus()
        self.conditions = Conditions(of: object)
        self.now = now
    }

    public var statusFields: JSONValue {
        var fields = status.json
        fields["conditions"] = nil
        return fields
    }

    var generation: Int? { repository.metadata.generation }
    var namespace: String { repository.metadata.namespace ?? "default" }
    var name: String { repository.metadata.name }
    var spec: ImageRepositorySpec { repository.spec }
    var timestamp: Timestamp { Timestamp(secondsSince1970: now.timeIntervalSince1970) }

    /// Ready's message after a scan (Flux's).
    var readyMessage: String {
        let result = status.lastScanResult
        return "successful scan: found \(result?.tagCount ?? 0) tags with checksum \(result?.revision ?? "")"
    }
}
