/// Staged server-side apply, drift detection, inventory, prune and kstatus health.
public enum ResourceManager {}
