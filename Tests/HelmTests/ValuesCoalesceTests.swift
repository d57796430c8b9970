import GoTemplate
import Testing
@testable import Helm

@Suite struct ValuesCoalesceTests {
    private func chart(_ name: String, values: [String: GoValue], subcharts: [Chart] = []) -> Chart {
        var md = ChartMetadata()
        md.name = name
        md.version = "0.1.0"
        md.apiVersion = "v2"
        let c = Chart(metadata: md, values: GoMap(values))
        c.addDependencies(subcharts)
        return c
    }

    @Test func nullsFromUsersDeleteDefaults() throws {
        // syn-null-values-coalesce-nulled: Helm printed these after its coalesce.
        let prepared = try PreparedCase("syn-null-values-coalesce-nulled")
        #expect(canonical(prepared.values["resources"]) == "{\"requests\":{\"cpu\":\"50m\"}}")
        #expect(prepared.values["annotations"] == nil)
        #expect(canonical(prepared.values["sub"]) == "{\"global\":{},\"keep\":\"kept\",\"nested\":{\"b\":2},\"toRemove\":\"default\"}")
    }

    @Test func withoutUserValuesDefaultsAndParentOverridesShow() throws {
        let prepared = try PreparedCase("syn-null-values-coalesce")
        #expect(canonical(prepared.values["sub"]) == "{\"global\":{},\"keep\":\"kept\",\"nested\":{\"a\":1,\"b\":2},\"toRemove\":\"x\"}")
    }

    @Test func parentValuesOverrideSubchartDefaultsAndGlobalsFlowDown() throws {
        let sub = chart("sub", values: ["port": .float(80), "name": .string("sub"), "global": .dict(["region": .string("eu"), "tier": .string("sub")])])
        let parent = chart("parent", values: ["sub": .dict(["port": .float(8080)]), "global": .dict(["tier": .string("parent")])], subcharts: [sub])
        let user = GoMap(["global": .dict(["extra": .bool(true)])])
        let values = try Values.coalesce(chart: parent, userValues: user)
        #expect(canonical(values["sub"]) == "{\"global\":{\"extra\":true,\"region\":\"eu\",\"tier\":\"parent\"},\"name\":\"sub\",\"port\":8080}")
        #expect(canonical(values["global"]) == "{\"extra\":true,\"tier\":\"parent\"}")
        #expect(user.count == 1)
        #expect(canonical(user["global"]) == "{\"extra\":true}")
    }

    @Test func tableConflictsKeepTheHigherLayerAndWarn() throws {
        let c = chart("app", values: ["image": .dict(["tag": .string("1")]), "port": .float(80), "labels": .null])
        let user = GoMap(["image": .string("nginx"), "port": .dict(["http": .float(80)]), "labels": .dict(["a": .string("b")])])
        var warnings: [String] = []
        let values = try Values.coalesce(chart: c, userValues: user, warnings: &warnings)
        #expect(canonical(values["image"]) == "\"nginx\"")
        #expect(canonical(values["port"]) == "{\"http\":80}")
        #expect(canonical(values["labels"]) == "{\"a\":\"b\"}")
        #expect(warnings == ["coalesce.go:234: warning: skipped value for app.port: Not a table."])
    }

    @Test func nestedTableConflictsWarnWithFullKeys() {
        var warnings: [String] = []
        let dst = GoMap(["a": .dict(["b": .string("x"), "c": .dict(["d": .float(1)])])])
        let src = GoMap(["a": .dict(["b": .dict(["z": .float(1)]), "c": .string("y"), "e": .float(2)])])
        Values.coalesceTables(dst, src, warnings: &warnings)
        #expect(canonical(dst[("a")]) == "{\"b\":\"x\",\"c\":{\"d\":1},\"e\":2}")
        #expect(warnings == [
            "coalesce.go:286: warning: cannot overwrite table with non table for a.b (map[z:1])",
            "coalesce.go:289: warning: destination for a.c is a table. Ignoring non-table value (y)",
        ])
    }

    @Test func mergingKeepsNulls() {
        var warnings: [String] = []
        let dst = GoMap(["a": .null])
        Values.mergeTables(dst, GoMap(["a": .float(1), "b": .float(2)]), warnings: &warnings)
        #expect(canonical(dst["a"]) == "null" && dst["a"] != nil)
        let coalesced = GoMap(["a": .null])
        Values.coalesceTables(coalesced, GoMap(["a": .float(1)]), warnings: &warnings)
        #expect(coalesced["a"] == nil)
    }

    @Test func subchartKeyThatIsNotATableFails() {
        let sub = chart("sub", values: [:])
        let parent = chart("parent", values: [:], subcharts: [sub])
        #expect(throws: HelmError("type mismatch on sub: %!t(string=off)")) {
            try Values.coalesce(chart: parent, userValues: GoMap(["sub": .string("off")]))
        }
    }

    @Test func pathsAndTablesReportHelmsErrors() {
        let v = GoMap(["a": .dict(["b": .float(1), "t": .dict([:])])])
        #expect(canonical(try? Values.pathValue(v, path: "a.b").get()) == "1")
        if case .failure(let e) = Values.pathValue(v, path: "a.t") { #expect(e.message == "\"t\" is not a value") } else { Issue.record("a table is not a value") }
        if case .failure(let e) = Values.table(v, path: "a.b") { #expect(e.message == "\"b\" is not a table") } else { Issue.record("a number is not a table") }
    }

    @Test func valueFilesMergeInOrderAndSetWins() throws {
        let dir = try TemporaryChart(files: [
            "one.yaml": "a:\n  b: 1\n  c: 1\nlist: [1, 2]\n",
            "two.yaml": "a:\n  c: 2\nlist: [3]\n",
        ])
        let options = ValuesOptions(valueFiles: ["one.yaml", "two.yaml"], set: ["a.d=4"], setString: ["a.b=true"],
                                    setJSON: ["j={\"k\":[1,{\"x\":null}]}"], setLiteral: ["lit=a,b\\c"])
        let values = try options.merge(baseDirectory: dir.path)
        #expect(canonical(values["a"]) == "{\"b\":\"true\",\"c\":2,\"d\":4}")
        #expect(canonical(values["list"]) == "[3]")
        #expect(canonical(values["j"]) == "{\"k\":[1,{\"x\":null}]}")
        #expect(canonical(values["lit"]) == "\"a,b\\c\"")
        #expect(throws: HelmError("open missing.yaml: no such file or directory")) {
            try ValuesOptions(valueFiles: ["missing.yaml"]).merge(baseDirectory: dir.path)
        }
        #expect(throws: HelmError("failed parsing --set-json data j={")) {
            try ValuesOptions(setJSON: ["j={"]).merge(baseDirectory: dir.path)
        }
    }

    @Test func setFileReadsContents() throws {
        let dir = try TemporaryChart(files: ["cert.pem": "line1\nline2\n"])
        let values = try ValuesOptions(setFile: ["tls.cert=cert.pem"]).merge(baseDirectory: dir.path)
        #expect(canonical(values["tls"]) == "{\"cert\":\"line1\nline2\n\"}")
        #expect(throws: HelmError("failed parsing --set-file data: open nope.pem: no such file or directory")) {
            try ValuesOptions(setFile: ["x=nope.pem"]).merge(baseDirectory: dir.path)
        }
    }
}
