import ControllerRuntime
import FerryAPI
import ResourceManager

extension CELHealthRules {
    /// `spec.healthCheckExprs` compiled; an expression that does not parse stalls the object
    /// with `InvalidCELExpression`, naming the field.
    init(spec checks: [CustomHealthCheck]) throws(ReconcileError) {
        do throws(InvalidExpression) {
            try self.init(checks.map { Check(apiVersion: $0.apiVersion, kind: $0.kind, current: $0.current, inProgress: $0.inProgress,
                                             failed: $0.failed) })
        } catch {
            throw ReconcileError.stalled(reason: ConditionReason.invalidCELExpression, error.description)
        }
    }
}
