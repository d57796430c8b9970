import ControllerRuntime
import FerryAPI

extension KustomizationSettings {
    /// Fields of Flux's API that Ferry accepts at admission (so Flux repositories apply) but
    /// cannot honour yet: each stalls the object with a message that says so, instead of being
    /// silently ignored (which would apply something other than what the user wrote).
    var unsupportedField: ReconcileError? {
        func refuse(_ field: String, _ why: String) -> ReconcileError {
            .stalled(reason: ConditionReason.invalidSpec, "\(field) is not supported by Ferry yet: \(why)")
        }
        if spec.decryption != nil {
            return refuse("spec.decryption", "SOPS decryption is not available, and applying encrypted Secrets as they are would be wrong")
        }
        if spec.kubeConfig?.configMapRef != nil {
            return refuse("spec.kubeConfig.configMapRef",
                          "secret-less (workload identity) access to remote clusters is not available; use spec.kubeConfig.secretRef")
        }
        return nil
    }
}
