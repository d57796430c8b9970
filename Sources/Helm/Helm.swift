import GoTemplate
import Sprig

/// Helm v3 charts rendered natively: chart loading, values, the template engine's functions,
/// manifest sorting and `helm template`'s output.
public enum Helm {}
