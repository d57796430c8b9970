/// Staged server-side apply, drift detection, inventory, prune and kstatus health.
///
/// This module starts with the sans-IO half: planners and rules that take desired objects,
/// live objects and the last inventory and return a plan (``StagedApplyPlan``,
/// ``ApplyPolicy``, ``PrunePlan``, ``FieldManagerTakeover``, ``HealthStatus``,
/// ``Inventory``). The Kustomization reconciler carries the plans out with KubernetesClient.
public enum ResourceManager {}
