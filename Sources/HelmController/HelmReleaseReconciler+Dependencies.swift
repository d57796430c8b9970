import CEL
import ControllerRuntime
import FerryAPI
import KubernetesClient
import Manifests

extension HelmReleaseReconciler {
    /// **checkDependencies** — `spec.dependsOn`: every HelmRelease it names (and, a Ferry
    /// extension, every Kustomization named with `kind: Kustomization`) must be Ready at its
    /// latest generation — or satisfy the entry's `readyExpr` — before anything is fetched,
    /// rendered or released (Flux's helm-controller `checkDependencies`).
    ///
    /// - Stops waiting with Ready=False/DependencyNotReady (back after the controller's
    ///   `--requeue-dependency`, or sooner when the dependency turns Ready) naming the first
    ///   dependency that is missing or not ready.
    /// - Stops stalled with DependencyNotReady spelling out a cycle, with InvalidSpec for a
    ///   `kind` that is neither HelmRelease nor Kustomization, and with InvalidCELExpression for a
    ///   `readyExpr` that does not parse.
    func checkDependencies(_ s: inout HelmReleaseRun) async throws -> StepOutcome {
        let dependencies = DependencyKey.list(s.spec.dependsOn, kind: HelmRelease.kind, namespace: s.namespace)
        guard !dependencies.isEmpty else { return .next }
        if let odd = dependencies.first(where: { !DependencyKey.kinds.contains($0.kind) }) {
            throw ReconcileError.stalled(reason: ConditionReason.invalidSpec,
                                         "spec.dependsOn: kind '\(odd.kind)' of '\(odd)' must be HelmRelease or Kustomization")
        }
        var programs: [DependencyKey: CELProgram] = [:]
        for (index, (reference, key)) in zip(s.spec.dependsOn ?? [], dependencies).enumerated() {
            guard let text = reference.readyExpr, !text.isEmpty else { continue }
            do throws(CELError) { programs[key] = try CELProgram(text) } catch {
                throw ReconcileError.stalled(reason: ConditionReason.invalidCELExpression, "spec.dependsOn[\(index)].readyExpr '\(text)': \(error)")
            }
        }
        let me = DependencyKey(kind: HelmRelease.kind, namespace: s.namespace, name: s.name)
        let client = self.client
        let graph = await DependencyCheck.graph(from: me) { key in
            guard let gvk = Self.dependencyKinds[key.kind] else { return nil }
            return try? await client.get(gvk, name: key.key.name, namespace: key.key.namespace)
        }
        switch DependencyCheck.evaluate(key: me, dependencies: dependencies, source: nil, readyExprs: programs, lookup: { graph[$0] }) {
        case .ready:
            return .next
        case .notReady(let message):
            throw ReconcileError.waiting(after: requeueDependency, reason: ConditionReason.dependencyNotReady,
                                         "dependencies do not meet ready condition: \(message)")
        case .cycle(let cycle):
            throw ReconcileError.stalled(reason: ConditionReason.dependencyNotReady,
                                         "circular dependency detected: \(DependencyCheck.describe(cycle))")
        }
    }

    static let dependencyKinds: [String: GroupVersionKind] = [
        HelmRelease.kind: gvk,
        Kustomization.kind: GroupVersionKind(group: "kustomize.toolkit.fluxcd.io", version: "v1", kind: Kustomization.kind),
    ]

    /// `--no-cross-namespace-refs`: the first reference into another namespace, refused.
    func refuseCrossNamespaceReferences(_ s: HelmReleaseRun) throws(ReconcileError) {
        var references: [(field: String, namespace: String?)] = [("spec.chart.spec.sourceRef", s.spec.chart?.spec.sourceRef.namespace),
                                                                 ("spec.chartRef", s.spec.chartRef?.namespace)]
        for (index, dependency) in (s.spec.dependsOn ?? []).enumerated() { references.append(("spec.dependsOn[\(index)]", dependency.namespace)) }
        for (field, namespace) in references {
            guard let namespace, !namespace.isEmpty, namespace != s.namespace else { continue }
            throw ReconcileError.stalled(reason: ConditionReason.accessDenied,
                                         "\(field): cannot reference namespace '\(namespace)': cross-namespace references are not allowed")
        }
    }
}
