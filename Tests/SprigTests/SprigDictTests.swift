import GoTemplate
import Testing
@testable import Sprig

/// Sprig's dict functions: maps are shared references, merges follow mergo.
@Suite struct SprigDictTests {
    /// The values of Helm corpus case syn-dict-list-functions.
    func base() -> GoMap { GoMap(["a": .float(1), "nested": .dict(["x": str("base"), "true": str("base")])]) }
    func over() -> GoMap { GoMap(["b": .float(2), "nested": .dict(["x": str("over")])]) }

    @Test func setAndUnsetChangeTheMapItself() throws {
        let d = try call("dict", str("k1"), str("v1"), str("k2"), list(int(1)))
        _ = try call("set", d, str("k3"), str("v3"))
        _ = try call("unset", d, str("k1"))
        #expect(d.plain == "{k2: [1:int], k3: v3}")
        #expect(try call("hasKey", d, str("k3")).plain == "true")
        #expect(try call("get", d, str("nope")).plain == "")
        #expect(try call("dict", str("odd")).plain == "{odd: }")
    }

    @Test func mergeFillsMissingKeysDeep() throws {
        let dst = GoValue.dict(["nested": .dict(["x": str("dst")])])
        let b = base()
        let merged = try call("merge", dst, .map(over()), .map(b))
        #expect(merged.plain == "{a: 1.0, b: 2.0, nested: {true: base, x: dst}}")
        #expect(GoValue.map(b).plain == "{a: 1.0, nested: {true: base, x: base}}")
    }

    @Test func mergeOverwriteReplacesValuesDeep() throws {
        let copy = try call("deepCopy", .map(base()))
        let merged = try call("mergeOverwrite", copy, .map(over()))
        #expect(merged.plain == "{a: 1.0, b: 2.0, nested: {true: base, x: over}}")
        // Sprig's documented example: false overwrites true, and empty values too.
        let dst = GoValue.dict(["default": str("default"), "overwrite": str("me"), "key": .bool(true)])
        let src = GoValue.dict(["overwrite": str("overwritten"), "key": .bool(false)])
        #expect(try call("mergeOverwrite", dst, src).plain == "{default: default, key: false, overwrite: overwritten}")
        #expect(try call("merge", .dict(["k": str("")]), .dict(["k": str("v")])).plain == "{k: v}")
    }

    @Test func slicesFollowMergosWholeMapRule() throws {
        // Without overwrite a non-empty slice stays; an empty one is filled; with overwrite the
        // source's slice wins, and a scalar is never replaced by a map.
        #expect(try call("merge", .dict(["l": list(int(1))]), .dict(["l": list(int(2))])).plain == "{l: [1:int]}")
        #expect(try call("merge", .dict(["l": list()]), .dict(["l": list(int(2))])).plain == "{l: [2:int]}")
        #expect(try call("mergeOverwrite", .dict(["l": list(int(1))]), .dict(["l": list(int(2))])).plain == "{l: [2:int]}")
        #expect(try call("mergeOverwrite", .dict(["k": str("x")]), .dict(["k": .dict(["a": int(1)])])).plain == "{k: x}")
        #expect(try call("mergeOverwrite", .dict(["k": str("x")]), .dict(["k": .null])).plain == "{k: <nil>}")
        #expect(try call("merge", .dict(["k": str("x")]), .dict(["k": .null])).plain == "{k: x}")
    }

    @Test func deepCopyIsIndependent() throws {
        let original = base()
        let copy = try call("deepCopy", .map(original))
        _ = try call("set", try #require(copy.mapValue?["nested"]), str("x"), str("changed"))
        #expect(GoValue.map(original).plain == "{a: 1.0, nested: {true: base, x: base}}")
    }

    @Test func selectionFunctions() throws {
        let b = GoValue.map(base())
        #expect(try call("keys", b).plain == "[a, nested]")
        #expect(try call("keys", b).typeName == "[]string")
        #expect(try call("values", .dict(["a": int(1)])).plain == "[1:int]")
        #expect(try call("pluck", str("a"), b, .dict(["a": int(9)])).plain == "[1.0, 9:int]")
        #expect(try call("pick", b, str("a")).plain == "{a: 1.0}")
        #expect(try call("omit", b, str("a")).plain == "{nested: {true: base, x: base}}")
        #expect(try call("dig", str("nested"), str("x"), str("none"), b).plain == "base")
        #expect(try call("dig", str("nested"), str("zz"), str("none"), b).plain == "none")
    }

    @Test func digRefusesWhatGoCannotAssert() {
        let values = GoValue.map(GoMap(["a": int(1)], typeName: "chartutil.Values"))
        #expect(failure("dig", str("a"), str(""), values)
                == "interface conversion: interface {} is chartutil.Values, not map[string]interface {}")
        #expect(failure("dig", str("a"), str("")) == "dig needs at least three arguments")
    }
}
