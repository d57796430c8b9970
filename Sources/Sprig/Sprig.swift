import GoTemplate

/// Sprig v3.2.3's template functions, as Helm v3 exposes them (Helm removes `env` and
/// `expandenv`).
public enum Sprig {}
