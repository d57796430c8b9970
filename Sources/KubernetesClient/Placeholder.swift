/// Placeholder so the package builds on the kustomize-engine branch; replaced on main.
public enum KubernetesClientPlaceholder {}
