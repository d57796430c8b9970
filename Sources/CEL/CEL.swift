/// The Common Expression Language (https://github.com/google/cel-spec), the subset Kubernetes
/// and Flux use: see `docs/cel.md`.
public enum CEL {}
