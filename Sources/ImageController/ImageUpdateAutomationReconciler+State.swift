import ControllerRuntime
import FerryAPI
import Foundation
import Manifests
import SourceController

/// What one ImageUpdateAutomation reconcile has learned so far; each step reads and extends it.
public struct ImageUpdateAutomationRun: ReconcileRun {
    public let object: JSONValue
    let automation: ImageUpdateAutomation
    var status: ImageUpdateAutomationStatus
    public var conditions: Conditions
    public var events: [EventDraft] = []
    public var progressSink = ProgressSink.discard
    var now: Date
    var settings: ImageUpdateAutomationSettings?

    // The source (checkSource).
    var url: GitURL?
    var auth = GitAuth()
    var timeout: Duration = .seconds(60)
    var checkoutRef: GitRepositoryRef?
    var pushBranch = ""
    /// The push branch differs from the checked-out branch (Flux's `SwitchBranch`).
    var switchBranch = false
    var refspec: String?

    // The policies (listPolicies).
    var policies: [ImagePolicyLatest] = []
    var observedPolicies: [String: ObservedImageRef] = [:]
    /// Something the last run did not see changed: the policies, or a push elsewhere than the checkout.
    var syncNeeded = false

    // The checkout and its update.
    var resolved: ResolvedRef?
    var workDirectory: String?
    var updateDirectory: String?
    var result = ImageUpdateResult()

    init(automation: ImageUpdateAutomation, object: JSONValue, now: Date) {
        self.object = object
        self.automation = automation
        self.status = automation.status ?? ImageUpdateAutomationStatus()
        self.conditions = Conditions(of: object)
        self.now = now
    }

    public var statusFields: JSONValue {
        var fields = APIConversion.encode(status)
        fields["conditions"] = nil
        return fields
    }

    var namespace: String { automation.metadata.namespace ?? "default" }
    var name: String { automation.metadata.name }
    var spec: ImageUpdateAutomationSpec { automation.spec }
    var timestamp: Timestamp { Timestamp(secondsSince1970: now.timeIntervalSince1970) }
}
