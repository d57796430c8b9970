/// Staged server-side apply, drift detection, inventory, prune and kstatus health.
///
/// Two halves: pure planners and rules that take desired objects, live objects and the last
/// inventory and return a plan (``StagedApplyPlan``, ``ApplyPolicy``, ``PrunePlan``,
/// ``FieldManagerTakeover``, ``HealthStatus``, ``Inventory``, ``Drift``), and
/// ``ResourceApplier``, which carries them out with KubernetesClient (apply, diff, prune,
/// wait) for the Kustomization reconciler and the CLI.
public enum ResourceManager {}
