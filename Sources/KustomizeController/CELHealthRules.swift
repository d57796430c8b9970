import CEL
import ControllerRuntime
import FerryAPI
import Manifests
import ResourceManager

/// `spec.healthCheckExprs`: health verdicts from CEL for kinds kstatus does not know, as Flux
/// evaluates them (`fluxcd/pkg/runtime/cel`): the object's top-level fields are the variables
/// (`status.conditions.exists(…)`), an object that has not observed its generation is still in
/// progress, then `inProgress`, `failed` and `current` are evaluated in that order and the first
/// true one decides; none true means in progress.
struct CELHealthRules: CustomHealthEvaluator {
    struct Rule: Sendable {
        var group: String
        /// nil: every kind of the group.
        var kind: String?
        var inProgress: CELProgram?
        var failed: CELProgram?
        var current: CELProgram
    }

    let rules: [Rule]

    /// Compiles every expression; the first that does not parse stalls the Kustomization with
    /// `InvalidCELExpression`, naming the field.
    init(_ checks: [CustomHealthCheck]) throws(ReconcileError) {
        var rules: [Rule] = []
        for (index, check) in checks.enumerated() {
            func compile(_ field: String, _ text: String?) throws(ReconcileError) -> CELProgram? {
                guard let text, !text.isEmpty else { return nil }
                do {
                    return try CELProgram(text)
                } catch {
                    throw ReconcileError.stalled(reason: ConditionReason.invalidCELExpression,
                                                 "spec.healthCheckExprs[\(index)].\(field) '\(text)': \(error)")
                }
            }
            guard let current = try compile("current", check.current) else {
                throw ReconcileError.stalled(reason: ConditionReason.invalidCELExpression,
                                             "spec.healthCheckExprs[\(index)].current is required")
            }
            rules.append(Rule(group: Self.group(ofAPIVersion: check.apiVersion), kind: check.kind.flatMap { $0.isEmpty ? nil : $0 },
                              inProgress: try compile("inProgress", check.inProgress), failed: try compile("failed", check.failed),
                              current: current))
        }
        self.rules = rules
    }

    /// `apps/v1` → `apps`; `v1` → the core group; a bare group (`example.com`) is taken as one.
    static func group(ofAPIVersion apiVersion: String) -> String {
        if let slash = apiVersion.firstIndex(of: "/") { return String(apiVersion[..<slash]) }
        return apiVersion.contains(".") ? apiVersion : ""
    }

    /// The rule for an object: one naming its kind first, else one for its whole group.
    func rule(group: String, kind: String) -> Rule? {
        rules.first { $0.group == group && $0.kind == kind } ?? rules.first { $0.group == group && $0.kind == nil }
    }

    func health(of object: JSONValue) throws -> HealthStatus? {
        guard let kind = object.kind, let rule = rule(group: Self.group(ofAPIVersion: object.apiVersion ?? ""), kind: kind) else {
            return nil
        }
        if let observed = object[path: "status", "observedGeneration"]?.intValue, let generation = object.generation,
           observed != generation {
            return HealthStatus(.inProgress, "waiting for status.observedGeneration to reach \(generation)")
        }
        let fields = object.objectValue ?? [:]
        for (status, program, name) in [(HealthStatus.Status.inProgress, rule.inProgress, "inProgress"),
                                        (.failed, rule.failed, "failed"), (.current, rule.current, "current")] {
            guard let program else { continue }
            do {
                if try program.evaluateBool(object: fields) {
                    return HealthStatus(status, "healthCheckExprs \(name) is true")
                }
            } catch {
                throw HealthExpressionError(message: "healthCheckExprs \(name): \(error)")
            }
        }
        return HealthStatus(.inProgress, "no health expression is true yet")
    }
}

struct HealthExpressionError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
