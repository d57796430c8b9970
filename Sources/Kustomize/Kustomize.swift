import Manifests

/// Native `kustomize build`. See docs/kustomize-compatibility.md.
public enum Kustomize {}
