import GoTemplate

/// Helm's `chartutil` coalescing (coalesce.go of v3.15): the values a chart renders with are
/// the user's values laid over the chart's defaults, each subchart's table laid over that
/// subchart's defaults, with the parent's `global` table copied into every subchart.
///
/// Coalescing (`merge: false`) treats a `null` from a higher layer as "delete this key", so a
/// user can remove a default; merging (`merge: true`, used while dependencies are processed)
/// keeps the nulls for the final coalesce. Conflicts between tables and non-tables keep the
/// higher layer and log the warnings Helm logs, with Helm's `file:line:` prefix, into
/// `warnings` (the caller prints them to stderr, as Helm's `log` does).
extension Values {
    /// Helm's `CoalesceValues(chart, userValues)`: the chart's values and its subcharts',
    /// `userValues` winning. `userValues` is not modified.
    public static func coalesce(chart: Chart, userValues: GoMap) throws(HelmError) -> GoMap {
        var warnings: [String] = []
        return try coalesce(chart: chart, userValues: userValues, warnings: &warnings)
    }

    public static func coalesce(chart: Chart, userValues: GoMap, warnings: inout [String]) throws(HelmError) -> GoMap {
        let dest = deepCopy(userValues)
        return try coalesce(chart, dest, prefix: "", merge: false, warnings: &warnings)
    }

    /// Helm's `MergeValues(chart, values)`: as `coalesce`, but nulls are kept.
    public static func merge(chart: Chart, userValues: GoMap, warnings: inout [String]) throws(HelmError) -> GoMap {
        let dest = deepCopy(userValues)
        return try coalesce(chart, dest, prefix: "", merge: true, warnings: &warnings)
    }

    /// Helm's `CoalesceTables(dst, src)`: `src` fills what `dst` lacks, recursively; a null in
    /// `dst` deletes the key. Changes and returns `dst`.
    @discardableResult
    public static func coalesceTables(_ dst: GoMap, _ src: GoMap, warnings: inout [String]) -> GoMap {
        coalesceTables(dst, src, prefix: "", merge: false, warnings: &warnings, depth: 0)
    }

    /// Helm's `MergeTables(dst, src)`: as `coalesceTables`, keeping nulls.
    @discardableResult
    public static func mergeTables(_ dst: GoMap, _ src: GoMap, warnings: inout [String]) -> GoMap {
        coalesceTables(dst, src, prefix: "", merge: true, warnings: &warnings, depth: 0)
    }

    static func log(_ line: Int, _ text: String) -> String { "coalesce.go:\(line): " + text }

    static func concatPrefix(_ a: String, _ b: String) -> String { a.isEmpty ? b : a + "." + b }

    private static func coalesce(_ chart: Chart, _ dest: GoMap, prefix: String, merge: Bool,
                                 warnings: inout [String], depth: Int = 0) throws(HelmError) -> GoMap {
        guard depth <= ChartLoader.maximumDepth else { throw HelmError("subcharts nest too deeply") }
        coalesceValues(chart, dest, prefix: prefix, merge: merge, warnings: &warnings)
        for sub in chart.dependencies {
            let name = sub.name
            let existing = dest[name]
            if existing == nil {
                dest[name] = .map(GoMap())
            } else if let existing, !isTable(existing) {
                throw HelmError("type mismatch on \(name): \(badVerbT(existing))")
            }
            guard case .map(let table) = dest[name] else { continue }
            let subPrefix = concatPrefix(prefix, chart.metadata.name)
            coalesceGlobals(table, dest, prefix: subPrefix, warnings: &warnings)
            dest[name] = .map(try coalesce(sub, table, prefix: subPrefix, merge: merge, warnings: &warnings, depth: depth + 1))
        }
        return dest
    }

    /// What Go's `%t` prints for a non-bool (`%!t(string=x)`).
    static func badVerbT(_ value: GoValue) -> String {
        if case .bool(let b) = value { return b ? "true" : "false" }
        if value.isNil { return "%!t(<nil>)" }
        return "%!t(\(value.typeName)=\(GoFormat.formatValue(value)))"
    }

    /// The parent's `global` table laid over the subchart's: parent values win; tables merge.
    private static func coalesceGlobals(_ dest: GoMap, _ src: GoMap, prefix: String, warnings: inout [String]) {
        let dg: GoMap
        switch dest[globalKey] {
        case nil: dg = GoMap()
        case .map(let m)?: dg = m
        default:
            warnings.append(log(134, "warning: skipping globals because destination \(globalKey) is not a table."))
            return
        }
        let sg: GoMap
        switch src[globalKey] {
        case nil: sg = GoMap()
        case .map(let m)?: sg = m
        default:
            warnings.append(log(141, "warning: skipping globals because source \(globalKey) is not a table."))
            return
        }
        for key in sg.sortedKeys {
            guard let val = sg[key] else { continue }
            if case .map(let table) = val {
                let vv = GoMap(table.entries, typeName: table.typeName, elementType: table.elementType)
                if let destv = dg[key] {
                    if case .map(let destMap) = destv {
                        coalesceTables(vv, destMap, prefix: concatPrefix(prefix, key), merge: true, warnings: &warnings, depth: 0)
                        dg[key] = .map(vv)
                    } else {
                        warnings.append(log(157, "Conflict: cannot merge map onto non-map for \(ChartMetadata.quote(key)). Skipping."))
                    }
                } else {
                    dg[key] = .map(vv)
                }
            } else if let dv = dg[key], isTable(dv) {
                warnings.append(log(171, "key \(key) is table. Skipping"))
            } else {
                dg[key] = val
            }
        }
        dest[globalKey] = .map(dg)
    }

    /// One chart's defaults laid under `v` (the values destined for it).
    private static func coalesceValues(_ chart: Chart, _ v: GoMap, prefix: String, merge: Bool, warnings: inout [String]) {
        let subPrefix = concatPrefix(prefix, chart.metadata.name)
        let defaults = deepCopy(chart.values)
        for key in defaults.sortedKeys {
            guard let val = defaults[key] else { continue }
            guard let value = v[key] else {
                v[key] = val
                continue
            }
            if value.isNil && !merge {
                v[key] = nil
            } else if case .map(let dest) = value {
                if case .map(let src) = val {
                    coalesceTables(dest, src, prefix: concatPrefix(subPrefix, key), merge: merge, warnings: &warnings, depth: 0)
                } else if !val.isNil {
                    warnings.append(log(234, "warning: skipped value for \(subPrefix).\(key): Not a table."))
                }
            }
        }
    }

    @discardableResult
    static func coalesceTables(_ dst: GoMap, _ src: GoMap, prefix: String, merge: Bool,
                               warnings: inout [String], depth: Int) -> GoMap {
        guard depth < maximumDepth else { return dst }
        for key in src.sortedKeys {
            guard let val = src[key] else { continue }
            let fullKey = concatPrefix(prefix, key)
            let dv = dst[key]
            if let dv, !merge, dv.isNil {
                dst[key] = nil
            } else if dv == nil {
                dst[key] = val
            } else if case .map(let srcTable) = val {
                if case .map(let dstTable)? = dv {
                    coalesceTables(dstTable, srcTable, prefix: fullKey, merge: merge, warnings: &warnings, depth: depth + 1)
                } else {
                    warnings.append(log(286, "warning: cannot overwrite table with non table for \(fullKey) (\(GoFormat.formatValue(val)))"))
                }
            } else if isTable(dv) && !val.isNil {
                warnings.append(log(289, "warning: destination for \(fullKey) is a table. Ignoring non-table value (\(GoFormat.formatValue(val)))"))
            }
        }
        return dst
    }
}
