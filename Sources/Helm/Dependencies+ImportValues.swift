import GoTemplate

/// `import-values`: a parent pulls tables out of a child's values into its own defaults,
/// below its own values (the parent can still override what it imports).
///
/// - a string `x` imports the child's `exports.x` table into the parent's top level;
/// - `{child: a.b, parent: c.d}` imports the child's `a.b` table at the parent's `c.d`.
extension Dependencies {
    static func processImportValues(_ chart: Chart, warnings: inout [String], depth: Int) throws(HelmError) {
        guard depth <= ChartLoader.maximumDepth else { throw HelmError("subcharts nest too deeply") }
        for sub in chart.dependencies {
            try processImportValues(sub, warnings: &warnings, depth: depth + 1)
        }
        guard chart.metadata.hasDependencies else { return }
        let cvals = try Values.merge(chart: chart, userValues: GoMap(), warnings: &warnings)
        let imported = GoMap()
        var declared = chart.metadata.dependencies
        for i in declared.indices {
            guard var d = declared[i] else { continue }
            var rewritten: [GoValue] = []
            for item in d.importValues {
                switch item {
                case .map(let spec):
                    let child = try specString(spec, "child")
                    let parent = try specString(spec, "parent")
                    rewritten.append(.map(GoMap(["child": .string(child), "parent": .string(parent)],
                                                typeName: "map[string]string", elementType: "string")))
                    switch Values.table(cvals, path: d.name + "." + child) {
                    case .failure(let error):
                        warnings.append(log(268, "Warning: ImportValues missing table from chart \(d.name): \(error.message)"))
                    case .success(let table):
                        Values.mergeTables(imported, pathToMap(parent, table), warnings: &warnings)
                    }
                case .string(let name):
                    let child = "exports." + name
                    rewritten.append(.map(GoMap(["child": .string(child), "parent": .string(".")],
                                                typeName: "map[string]string", elementType: "string")))
                    switch Values.table(cvals, path: d.name + "." + child) {
                    case .failure(let error):
                        warnings.append(log(285, "Warning: ImportValues missing table: \(error.message)"))
                    case .success(let table):
                        Values.mergeTables(imported, table, warnings: &warnings)
                    }
                default:
                    continue
                }
            }
            d.importValues = rewritten
            declared[i] = d
        }
        chart.metadata.dependencies = declared
        chart.values = Values.mergeTables(Values.deepCopy(cvals), imported, warnings: &warnings)
    }

    /// A `child`/`parent` entry; Helm's type assertion would panic on anything but a string,
    /// which becomes an error naming the same conversion.
    private static func specString(_ spec: GoMap, _ key: String) throws(HelmError) -> String {
        guard let v = spec[key] else {
            throw HelmError("interface conversion: interface {} is nil, not string")
        }
        guard case .string(let s) = v else {
            throw HelmError("interface conversion: interface {} is \(v.isNil ? "nil" : v.typeName), not string")
        }
        return s
    }

    /// `a.b` and a table become `{a: {b: table}}`; `.` is the table itself.
    static func pathToMap(_ path: String, _ data: GoMap) -> GoMap {
        if path == "." { return data }
        var current = data
        for part in path.split(separator: ".", omittingEmptySubsequences: false).reversed() {
            current = GoMap([String(part): .map(current)])
        }
        return current
    }
}
