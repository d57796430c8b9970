import CEL
import Manifests

/// `spec.healthCheckExprs`: health verdicts from CEL for kinds kstatus does not know, as Flux
/// evaluates them (`fluxcd/pkg/runtime/cel`): the object's top-level fields are the variables
/// (`status.conditions.exists(…)`), an object without a status or that has not observed its
/// generation is still in progress, then `inProgress`, `failed` and `current` are evaluated in that order and the first
/// true one decides; none true means in progress. Shared by Kustomizations and HelmReleases.
public struct CELHealthRules: CustomHealthEvaluator {
    public struct Rule: Sendable {
        var group: String
        /// nil: every kind of the group.
        var kind: String?
        var inProgress: CELProgram?
        var failed: CELProgram?
        var current: CELProgram
    }

    public let rules: [Rule]

    /// One `spec.healthCheckExprs` entry as written.
    public struct Check: Sendable {
        public var apiVersion: String
        public var kind: String?
        public var current: String?
        public var inProgress: String?
        public var failed: String?
        public init(apiVersion: String, kind: String?, current: String?, inProgress: String?, failed: String?) {
            self.apiVersion = apiVersion
            self.kind = kind
            self.current = current
            self.inProgress = inProgress
            self.failed = failed
        }
    }

    /// An expression that does not parse (or a missing `current`), with the field it is in:
    /// `spec.healthCheckExprs[0].current '…': …` — the owner stalls with `InvalidCELExpression`.
    public struct InvalidExpression: Error, CustomStringConvertible {
        public var description: String
    }

    /// Compiles every expression; the first that does not parse is thrown, naming the field.
    public init(_ checks: [Check]) throws(InvalidExpression) {
        var rules: [Rule] = []
        for (index, check) in checks.enumerated() {
            func compile(_ field: String, _ text: String?) throws(InvalidExpression) -> CELProgram? {
                guard let text, !text.isEmpty else { return nil }
                do {
                    return try CELProgram(text)
                } catch {
                    throw InvalidExpression(description: "spec.healthCheckExprs[\(index)].\(field) '\(text)': \(error)")
                }
            }
            guard let current = try compile("current", check.current) else {
                throw InvalidExpression(description: "spec.healthCheckExprs[\(index)].current is required")
            }
            rules.append(Rule(group: Self.group(ofAPIVersion: check.apiVersion), kind: check.kind.flatMap { $0.isEmpty ? nil : $0 },
                              inProgress: try compile("inProgress", check.inProgress), failed: try compile("failed", check.failed),
                              current: current))
        }
        self.rules = rules
    }

    /// `apps/v1` → `apps`; `v1` → the core group; a bare group (`example.com`) is taken as one.
    public static func group(ofAPIVersion apiVersion: String) -> String {
        if let slash = apiVersion.firstIndex(of: "/") { return String(apiVersion[..<slash]) }
        return apiVersion.contains(".") ? apiVersion : ""
    }

    /// The rule for an object: one naming its kind first, else one for its whole group.
    func rule(group: String, kind: String) -> Rule? {
        rules.first { $0.group == group && $0.kind == kind } ?? rules.first { $0.group == group && $0.kind == nil }
    }

    public func health(of object: JSONValue) throws -> HealthStatus? {
        guard let kind = object.kind, let rule = rule(group: Self.group(ofAPIVersion: object.apiVersion ?? ""), kind: kind) else {
            return nil
        }
        // A custom resource its controller has not reported on yet: the expressions (which
        // read `status`) have nothing to judge, and the object is still in progress.
        guard let status = object["status"], !status.isNull else {
            return HealthStatus(.inProgress, "waiting for the object's status to be reported")
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
