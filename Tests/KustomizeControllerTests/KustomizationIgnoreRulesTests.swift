@testable import KustomizeController
import ControllerRuntime
import FerryAPI
import Manifests
import ResourceManager
import Testing

/// `spec.ignore` reaches the applier as drift-ignore rules for the objects its targets select
/// (the strip/adopt behaviour itself is ResourceManager's, tested against the API server in
/// `ResourceDriftIgnoreTests`); `spec.healthCheckExprs` reaches the health wait. No cluster.
@Suite struct KustomizationIgnoreRulesTests {
    static let deployment: JSONValue = ["apiVersion": "apps/v1", "kind": "Deployment",
                                        "metadata": ["name": "web", "namespace": "apps"], "spec": ["replicas": 2]]
    static let configMap: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "settings", "namespace": "apps"]]

    @Test func theRulesGoToTheApplierForTheObjectsTheySelect() async throws {
        var scenario = StepScenario()
        scenario.object[path: "spec", "ignore"] = [["paths": ["/spec/replicas"], "target": ["kind": "Deployment"]]]
        let outcome = try await scenario.run()
        #expect(outcome.report.error == nil, "\(String(describing: outcome.report.error))")
        let rules = try #require(outcome.target.record.applyOptions.first).ignoreRules
        #expect(rules.pointers(for: Self.deployment).map(\.description) == ["/spec/replicas"])
        #expect(rules.pointers(for: Self.configMap).isEmpty)
    }

    @Test func withoutRulesNothingIsIgnored() async throws {
        let outcome = try await StepScenario().run()
        #expect(try #require(outcome.target.record.applyOptions.first).ignoreRules.isEmpty)
    }

    @Test(arguments: [
        (["paths": ["spec/replicas"]] as JSONValue, "spec.ignore[0].paths[0]"),
        (["paths": ["/spec/replicas"], "target": ["name": "web("]] as JSONValue, "spec.ignore[0].target"),
    ])
    func aRuleThatCannotBeUsedStallsBeforeAnythingIsApplied(_ rule: JSONValue, field: String) async throws {
        var scenario = StepScenario()
        scenario.object[path: "spec", "ignore"] = [rule]
        let outcome = try await scenario.run()
        let error = try #require(outcome.report.error)
        #expect(error.kind == .stalled)
        #expect(error.reason == ConditionReason.invalidSpec)
        #expect(error.message.hasPrefix(field), "\(error.message)")
        #expect(outcome.target.record.applied.isEmpty)
    }

    @Test func healthExpressionsReachTheHealthWait() async throws {
        var scenario = StepScenario()
        scenario.object[path: "spec", "wait"] = true
        scenario.object[path: "spec", "healthCheckExprs"] = [["apiVersion": "example.com/v1", "current": "status.ready == true"]]
        let outcome = try await scenario.run()
        #expect(outcome.report.error == nil)
        let custom = try #require(outcome.target.record.customHealth.first)
        let widget: JSONValue = ["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w"], "status": ["ready": true]]
        #expect(try custom?.health(of: widget)?.status == .current)
    }
}
