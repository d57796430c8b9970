import GoTemplate

/// Sprig v3.2.3's template functions, as Helm v3 exposes them (Helm removes `env` and
/// `expandenv`).
public enum Sprig {
    /// Every function, by name (Sprig's `TxtFuncMap` minus `env` and `expandenv`).
    public static var functions: [String: GoFunction] {
        var all: [String: GoFunction] = [:]
        for family in [cryptoFunctions, dateFunctions, jsonFunctions] {
            all.merge(family) { a, _ in a }
        }
        return all
    }
}
