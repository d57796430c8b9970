import CEL
import ControllerRuntime
import ResourceManager
import FerryAPI

extension KustomizationSettings {
    /// Fields of Flux's API that Ferry accepts at admission (so Flux repositories apply) but
    /// cannot honour yet: each stalls the object with a message that says so, instead of being
    /// silently ignored (which would apply something other than what the user wrote).
    var unsupportedField: ReconcileError? {
        func refuse(_ field: String, _ why: String) -> ReconcileError {
            .stalled(reason: ConditionReason.invalidSpec, "\(field) is not supported by Ferry yet: \(why)")
        }
        if let decryption = spec.decryption {
            guard decryption.provider == "sops" else {
                return .stalled(reason: ConditionReason.invalidSpec,
                                "spec.decryption.provider '\(decryption.provider)' is not supported: the only provider is 'sops'")
            }
            if let account = decryption.serviceAccountName, !account.isEmpty {
                return refuse("spec.decryption.serviceAccountName",
                              "cloud KMS (AWS, GCP, Azure, Vault) through a workload identity is not available; put age (*.agekey) or OpenPGP (*.asc) keys in spec.decryption.secretRef")
            }
        }
        if spec.kubeConfig?.configMapRef != nil {
            return refuse("spec.kubeConfig.configMapRef",
                          "secret-less (workload identity) access to remote clusters is not available; use spec.kubeConfig.secretRef")
        }
        return nil
    }
}

extension KustomizationSettings {
    /// `dependsOn[].readyExpr` compiled, by dependency; the first that does not parse stalls
    /// the Kustomization with `InvalidCELExpression`.
    func readyExprs() throws(ReconcileError) -> [DependencyKey: CELProgram] {
        var programs: [DependencyKey: CELProgram] = [:]
        for (index, (dependency, key)) in zip(spec.dependsOn ?? [], dependencies).enumerated() {
            guard let text = dependency.readyExpr, !text.isEmpty else { continue }
            do {
                programs[key] = try CELProgram(text)
            } catch {
                throw ReconcileError.stalled(reason: ConditionReason.invalidCELExpression,
                                             "spec.dependsOn[\(index)].readyExpr '\(text)': \(error)")
            }
        }
        return programs
    }
}

extension KustomizationSettings {
    /// `spec.ignore` compiled for the applier: fields it names are neither reverted nor
    /// reported as drift. A rule that cannot be used stalls with `InvalidSpec` naming it.
    func ignoreRules() throws(ReconcileError) -> CompiledIgnoreRules {
        let rules = (spec.ignore ?? []).map { rule in
            DriftIgnoreRule(paths: rule.paths, target: rule.target.map { t in
                ObjectSelector(group: t.group, version: t.version, kind: t.kind, name: t.name, namespace: t.namespace,
                               labelSelector: t.labelSelector, annotationSelector: t.annotationSelector)
            })
        }
        do {
            return try CompiledIgnoreRules(rules)
        } catch {
            throw ReconcileError.stalled(reason: ConditionReason.invalidSpec, error.description)
        }
    }
}
