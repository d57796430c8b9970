import Manifests
import Testing

@testable import ResourceManager

@Suite struct ApplyPolicyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var desired: [String: String]
        /// `nil`: the object does not exist yet.
        var live: [String: String]?
        var force = false
        var action: ApplyPolicy.Action
        var recreate = false
        var takeOver = true
        var testDescription: String { name }
    }

    static let ssa = FluxAnnotation.ssa
    static let cases: [Case] = [
        Case(name: "plain object is applied", desired: [:], live: [:], action: .apply),
        Case(name: "new object is applied", desired: [:], live: nil, action: .apply),
        Case(name: "ssa Override is the default", desired: [ssa: "Override"], live: [:], action: .apply),
        Case(name: "ssa Ignore in Git", desired: [ssa: "Ignore"], live: [:], action: .skip(.ssaIgnore)),
        Case(name: "ssa ignore lower-case", desired: [ssa: "ignore"], live: nil, action: .skip(.ssaIgnore)),
        Case(name: "ssa Ignore added in the cluster", desired: [:], live: [ssa: "Ignore"], action: .skip(.ssaIgnore)),
        Case(name: "reconcile disabled in Git", desired: [FluxAnnotation.reconcile: "disabled"], live: [:],
             action: .skip(.reconcileDisabled)),
        Case(name: "reconcile Disabled in the cluster", desired: [:], live: [FluxAnnotation.reconcile: "Disabled"],
             action: .skip(.reconcileDisabled)),
        Case(name: "reconcile enabled is a no-op", desired: [FluxAnnotation.reconcile: "enabled"], live: [:], action: .apply),
        Case(name: "IfNotPresent creates a missing object", desired: [ssa: "IfNotPresent"], live: nil, action: .createOnly),
        Case(name: "IfNotPresent leaves an existing object", desired: [ssa: "ifnotpresent"], live: [:],
             action: .skip(.alreadyExists)),
        Case(name: "IfNotPresent only counts in Git", desired: [:], live: [ssa: "IfNotPresent"], action: .apply),
        Case(name: "Merge keeps other managers' fields", desired: [ssa: "Merge"], live: [:], action: .apply, takeOver: false),
        Case(name: "Merge on the live object", desired: [:], live: [ssa: "merge"], action: .apply, takeOver: false),
        Case(name: "force annotation in Git", desired: [FluxAnnotation.force: "enabled"], live: [:], action: .apply, recreate: true),
        Case(name: "force annotation in the cluster", desired: [:], live: [FluxAnnotation.force: "Enabled"], action: .apply,
             recreate: true),
        Case(name: "spec.force", desired: [:], live: [:], force: true, action: .apply, recreate: true),
        Case(name: "force disabled", desired: [FluxAnnotation.force: "disabled"], live: [:], action: .apply),
    ]

    @Test(arguments: cases)
    func decision(_ c: Case) {
        let desired = makeObject("v1", "ConfigMap", "cfg", namespace: "apps", annotations: c.desired)
        let live = c.live.map { makeObject("v1", "ConfigMap", "cfg", namespace: "apps", annotations: $0) }
        let policy = ApplyPolicy.decide(desired: desired, live: live, force: c.force)
        #expect(policy.action == c.action)
        #expect(policy.recreateOnImmutableChange == c.recreate)
        #expect(policy.takeOverFields == c.takeOver)
    }

    @Test func labelsCountLikeAnnotations() {
        let desired = makeObject("v1", "Secret", "s", namespace: "a", labels: [FluxAnnotation.reconcile: "disabled"])
        #expect(ApplyPolicy.decide(desired: desired, live: nil).action == .skip(.reconcileDisabled))
    }

    @Test func emptyValuesNeverMatch() {
        #expect(!FluxAnnotation.matches(makeObject("v1", "Secret", "s", annotations: [FluxAnnotation.ssa: ""]), FluxAnnotation.ssa, ""))
    }
}
