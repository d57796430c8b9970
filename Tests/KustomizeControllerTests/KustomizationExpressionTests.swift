@testable import KustomizeController
import CEL
import ControllerRuntime
import FerryAPI
import Manifests
import ResourceManager
import Testing

/// `spec.healthCheckExprs` and `dependsOn[].readyExpr`: CEL deciding health and readiness the
/// way Flux evaluates them, and expressions that do not parse stalling the object by name.
@Suite struct KustomizationExpressionTests {
    static let widgetRules = [
        CustomHealthCheck(apiVersion: "example.com/v1", kind: "Widget",
                          current: "status.conditions.filter(c, c.type == 'Ready').all(c, c.status == 'True')",
                          inProgress: "has(status.phase) && status.phase == 'Provisioning'",
                          failed: "status.conditions.exists(c, c.type == 'Ready' && c.status == 'False' && c.reason == 'Broken')"),
        CustomHealthCheck(apiVersion: "example.com/v1", current: "has(status.ready) && status.ready"),
    ]

    static func widget(kind: String = "Widget", generation: Int = 2, observed: Int = 2, phase: String? = nil,
                       ready: (status: String, reason: String)? = nil, readyFlag: Bool? = nil) -> JSONValue {
        var object: JSONValue = ["apiVersion": "example.com/v1", "kind": .string(kind),
                                 "metadata": ["name": "w", "namespace": "apps", "generation": .int(generation)],
                                 "status": ["observedGeneration": .int(observed)]]
        if let phase { object[path: "status", "phase"] = .string(phase) }
        if let ready {
            object[path: "status", "conditions"] = [["type": "Ready", "status": .string(ready.status), "reason": .string(ready.reason)]]
        } else {
            object[path: "status", "conditions"] = []
        }
        if let readyFlag { object[path: "status", "ready"] = .bool(readyFlag) }
        return object
    }

    struct HealthCase: Sendable, CustomTestStringConvertible {
        var name: String
        var object: JSONValue
        var expected: HealthStatus.Status?
        var testDescription: String { name }
    }

    static let healthCases: [HealthCase] = [
        HealthCase(name: "ready condition true → Current", object: widget(ready: ("True", "Ok")), expected: .current),
        HealthCase(name: "provisioning wins over a ready condition", object: widget(phase: "Provisioning", ready: ("True", "Ok")),
                   expected: .inProgress),
        HealthCase(name: "Broken → Failed", object: widget(ready: ("False", "Broken")), expected: .failed),
        HealthCase(name: "not ready for another reason → InProgress", object: widget(ready: ("False", "Waiting")), expected: .inProgress),
        HealthCase(name: "generation not observed → InProgress", object: widget(generation: 3, observed: 2, ready: ("True", "Ok")),
                   expected: .inProgress),
        HealthCase(name: "other kind of the group uses the group rule", object: widget(kind: "Gadget", readyFlag: true), expected: .current),
        HealthCase(name: "group rule not yet true → InProgress", object: widget(kind: "Gadget", readyFlag: false), expected: .inProgress),
        HealthCase(name: "no status reported yet → InProgress",
                   object: ["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w", "generation": 1]], expected: .inProgress),
        HealthCase(name: "another group is left to kstatus",
                   object: ["apiVersion": "other.io/v1", "kind": "Widget", "metadata": ["name": "x"]], expected: nil),
    ]

    @Test(arguments: healthCases)
    func healthFollowsTheExpressions(_ c: HealthCase) throws {
        let rules = try CELHealthRules(spec: Self.widgetRules)
        #expect(try rules.health(of: c.object)?.status == c.expected)
    }

    @Test func anExpressionThatFailsToEvaluateFailsTheObjectWithTheCause() throws {
        let rules = try CELHealthRules(spec: [CustomHealthCheck(apiVersion: "example.com/v1", kind: "Widget", current: "status.missing == 1")])
        #expect {
            try rules.health(of: Self.widget())
        } throws: { error in
            "\(error)".contains("healthCheckExprs current") && "\(error)".contains("missing")
        }
    }

    @Test(arguments: [
        (CustomHealthCheck(apiVersion: "example.com/v1", current: "status.(("), "spec.healthCheckExprs[0].current"),
        (CustomHealthCheck(apiVersion: "example.com/v1", current: "true", failed: "a &&"), "spec.healthCheckExprs[0].failed"),
    ])
    func anExpressionThatDoesNotParseStallsNamingTheField(_ check: CustomHealthCheck, field: String) {
        #expect {
            _ = try CELHealthRules(spec: [check])
        } throws: { error in
            guard let error = error as? ReconcileError else { return false }
            return error.kind == .stalled && error.reason == ConditionReason.invalidCELExpression && error.message.hasPrefix(field)
        }
    }

    static func kustomization(_ name: String, dependsOn: [DependencyReference] = [], ready: Bool = false, label: String? = nil) -> JSONValue {
        var object: JSONValue = ["apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
                                 "metadata": ["name": .string(name), "namespace": "ns", "generation": 1],
                                 "spec": ["sourceRef": ["kind": "GitRepository", "name": "repo"], "interval": "5m", "prune": true],
                                 "status": ["observedGeneration": 1,
                                            "conditions": [["type": "Ready", "status": .string(ready ? "True" : "False"), "reason": "x",
                                                            "message": "", "lastTransitionTime": "2026-01-01T00:00:00Z"]]]]
        if let label { object[path: "metadata", "labels"] = ["tier": .string(label)] }
        if !dependsOn.isEmpty {
            object[path: "spec", "dependsOn"] = .array(dependsOn.map { dep in
                var value: JSONValue = ["name": .string(dep.name)]
                if let expr = dep.readyExpr { value["readyExpr"] = .string(expr) }
                return value
            })
        }
        return object
    }

    func check(app: JSONValue, infra: JSONValue) throws -> DependencyCheck {
        let kustomization = try Kustomization(json: app)
        let settings = KustomizationSettings(kustomization)
        let graph = [DependencyKey(kind: "Kustomization", namespace: "ns", name: "app"): app,
                     DependencyKey(kind: "Kustomization", namespace: "ns", name: "infra"): infra]
        return DependencyCheck.evaluate(key: DependencyKey(kind: "Kustomization", settings.key), dependencies: settings.dependencies,
                                        source: (kind: "GitRepository", key: settings.sourceKey, revision: nil),
                                        readyExprs: try settings.readyExprs(), lookup: { graph[$0] })
    }

    @Test func aReadyExprReplacesTheBuiltInRule() throws {
        // Not Ready=True, but the expression (about the dependency's label and our own name) says go.
        let expr = "dep.metadata.labels.tier == 'base' && self.metadata.name == 'app'"
        let app = Self.kustomization("app", dependsOn: [DependencyReference(name: "infra", readyExpr: expr)])
        #expect(try check(app: app, infra: Self.kustomization("infra", ready: false, label: "base")) == .ready)
        // Ready=True is not enough when the expression says no.
        let notYet = try check(app: app, infra: Self.kustomization("infra", ready: true, label: "edge"))
        #expect(notYet == .notReady("dependency 'ns/infra' is not ready according to readyExpr eval"))
        // Without an expression the built-in rule still applies.
        let plain = Self.kustomization("app", dependsOn: [DependencyReference(name: "infra")])
        #expect(try check(app: plain, infra: Self.kustomization("infra", ready: false)) == .notReady("dependency 'ns/infra' is not ready"))
    }

    @Test func aReadyExprThatDoesNotParseStallsNamingTheDependency() throws {
        let app = Self.kustomization("app", dependsOn: [DependencyReference(name: "infra", readyExpr: "dep.status.(")])
        let settings = KustomizationSettings(try Kustomization(json: app))
        #expect {
            _ = try settings.readyExprs()
        } throws: { error in
            guard let error = error as? ReconcileError else { return false }
            return error.reason == ConditionReason.invalidCELExpression && error.message.hasPrefix("spec.dependsOn[0].readyExpr")
        }
    }
}
