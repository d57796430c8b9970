/// The Kustomization controller (`kustomize.toolkit.fluxcd.io/v1`): fetches a source's
/// artifact, builds it with the native Kustomize engine, substitutes variables, applies in
/// stages with server-side apply, prunes what left Git, and waits for health.
/// See docs/spec/kustomization.md.
public enum KustomizeController {}
