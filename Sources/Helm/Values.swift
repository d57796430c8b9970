import GoTemplate

/// Chart values as Helm's `chartutil.Values` handles them: nested `map[string]interface{}`
/// tables addressed by dotted paths, deep copies, and the coalescing of user values with chart
/// defaults (`Values+Coalesce.swift`).
public enum Values {
    /// The key whose table every subchart receives from its parent.
    public static let globalKey = "global"

    /// How deep values may nest before copies stop descending (a guard against stack
    /// exhaustion; real values never come near).
    static let maximumDepth = 2_000

    /// A deep copy (Go's `copystructure.Copy`): maps are shared references, so every map,
    /// inside lists too, is copied.
    public static func deepCopy(_ value: GoValue) -> GoValue { copy(value, depth: 0) }

    public static func deepCopy(_ map: GoMap) -> GoMap { copyMap(map, depth: 0) }

    private static func copy(_ value: GoValue, depth: Int) -> GoValue {
        switch value {
        case .map(let m): return .map(copyMap(m, depth: depth + 1))
        case .list(let l):
            guard depth < maximumDepth, l.items.contains(where: { $0.needsDeepCopy }) else { return value }
            return .list(GoList(l.items.map { copy($0, depth: depth + 1) }, elementType: l.elementType))
        default: return value
        }
    }

    private static func copyMap(_ m: GoMap, depth: Int) -> GoMap {
        guard depth < maximumDepth else { return m }
        var entries = m.entries
        for (key, value) in m.entries where value.needsDeepCopy {
            entries[key] = copy(value, depth: depth + 1)
        }
        return GoMap(entries, typeName: m.typeName, elementType: m.elementType)
    }

    /// Helm's `istable`: only a `map[string]interface{}`-like map counts as a table.
    static func isTable(_ value: GoValue?) -> Bool {
        if case .map = value { return true }
        return false
    }

    /// `Values.Table`: the table at a dotted path, or Helm's `"x" is not a table` error naming
    /// the first missing (or non-table) element.
    public static func table(_ values: GoMap, path: String) -> Result<GoMap, HelmError> {
        var table = values
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard case .map(let next) = table[String(part)] else {
                return .failure(HelmError("\(ChartMetadata.quote(String(part))) is not a table"))
            }
            table = next
        }
        return .success(table)
    }

    /// `Values.PathValue`: the non-table value at a dotted path; `"key" is not a value` (the
    /// last element) when the path does not lead to one.
    public static func pathValue(_ values: GoMap, path: String) -> Result<GoValue, HelmError> {
        if path.isEmpty { return .failure(HelmError("YAML path cannot be empty")) }
        var parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let key = parts.removeLast()
        let notValue = HelmError("\(ChartMetadata.quote(key)) is not a value")
        var table = values
        if !parts.isEmpty {
            guard case .success(let t) = Self.table(values, path: parts.joined(separator: ".")) else {
                return .failure(notValue)
            }
            table = t
        }
        guard let v = table[key], !isTable(v) else { return .failure(notValue) }
        return .success(v)
    }

    /// A values document (values.yaml, a `-f` file) parsed into a map; `null` or empty gives an
    /// empty map. `context` prefixes errors (`failed to parse values.yaml`).
    public static func parse(_ bytes: [UInt8], context: String) throws(HelmError) -> GoMap {
        try ChartLoader.parseValues(bytes, context: context)
    }
}

extension GoValue {
    /// Whether a deep copy must descend into the value (it holds a map somewhere).
    var needsDeepCopy: Bool {
        switch self {
        case .map: return true
        case .list(let l): return l.items.contains { $0.needsDeepCopy }
        default: return false
        }
    }
}
