import GoTemplate

/// Sprig v3.2.3's template functions, as Helm v3 exposes them (Helm removes `env` and
/// `expandenv`).
public enum Sprig {
    /// Every function, by name (Sprig's `TxtFuncMap` minus `env` and `expandenv`).
    public static var functions: [String: GoFunction] { assembled }

    /// Built once: Helm hands the same map to every render.
    private static let assembled: [String: GoFunction] = {
        var all: [String: GoFunction] = [:]
        let families = [
            stringFunctions, conversionFunctions, mathFunctions, defaultFunctions, reflectionFunctions,
            listFunctions, dictFunctions, pathFunctions, urlFunctions, flowFunctions, regexFunctions,
            semverFunctions, networkFunctions, cryptoFunctions, dateFunctions, jsonFunctions,
        ]
        for family in families {
            all.merge(family) { a, _ in a }
        }
        return all
    }()
}

extension Sprig {
    /// One function as a dictionary entry; `type` is what `typeOf` prints for it.
    static func def(_ name: String, _ parameters: [GoParameterType], variadic: GoParameterType? = nil,
                    _ type: String, _ body: @escaping @Sendable ([GoValue]) throws -> GoValue) -> (String, GoFunction) {
        (name, GoFunction(name, parameters, variadic: variadic, typeName: type, body: body))
    }

    /// A family's table; a later duplicate name replaces an earlier one (none are expected).
    static func table(_ entries: [(String, GoFunction)]) -> [String: GoFunction] {
        Dictionary(entries, uniquingKeysWith: { _, b in b })
    }
}

/// Reading already-converted arguments without trapping when the executor passes fewer.
extension Array where Element == GoValue {
    func arg(_ i: Int) -> GoValue { i < count ? self[i] : .null }
    func string(_ i: Int) -> String {
        if case .string(let s) = arg(i) { return s }
        return Cast.strval(arg(i))
    }
    func int(_ i: Int) -> Int { Cast.toInt(arg(i)) }
    func bool(_ i: Int) -> Bool { if case .bool(let b) = arg(i) { return b }; return false }
    func map(_ i: Int) -> GoMap { arg(i).mapValue ?? GoMap() }
}

extension GoValue {
    /// A Go `int64` result (Sprig's integer arithmetic).
    static func int64(_ i: Int) -> GoValue { .int(i, .int64) }
    /// A `[]string`.
    static func strings(_ items: [String]) -> GoValue {
        .list(GoList(items.map { .string($0) }, elementType: "string"))
    }
    /// A `[]int`.
    static func ints(_ items: [Int]) -> GoValue {
        .list(GoList(items.map { .int($0, .int) }, elementType: "int"))
    }
}
