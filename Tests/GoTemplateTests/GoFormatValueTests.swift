import Testing
@testable import GoTemplate

/// `%v` (what `{{ . }}` prints), `fmt.Sprint` (the `print` builtin) and `fmt.Sprintln`.
@Suite struct GoFormatValueTests {
    final class Version: GoObject {
        var goTypeName: String { "*semver.Version" }
        func field(_ name: String) -> GoValue? { nil }
        var goDescription: String { "1.2.3" }
    }

    @Test func scalars() {
        #expect(GoFormat.formatValue(.integer(-7)) == "-7")
        #expect(GoFormat.formatValue(.int(1 << 40, .int64)) == "1099511627776")
        #expect(GoFormat.formatValue(.uint(200, .uint8)) == "200")
        #expect(GoFormat.formatValue(.bool(true)) == "true")
        #expect(GoFormat.formatValue(.string("a b")) == "a b")
        #expect(GoFormat.formatValue(.float(1e6)) == "1e+06")
        #expect(GoFormat.formatValue(.float(8080)) == "8080")
        #expect(GoFormat.formatValue(.float(0.5)) == "0.5")
        #expect(GoFormat.formatValue(.float(-0.0)) == "-0")
        #expect(GoFormat.formatValue(.float(.nan)) == "NaN")
        #expect(GoFormat.formatValue(.null) == "<nil>")
        #expect(GoFormat.formatValue(.missing) == "<nil>")
    }

    @Test func composites() {
        #expect(GoFormat.formatValue(.bytes([1, 2, 3])) == "[1 2 3]")
        #expect(GoFormat.formatValue(.array([])) == "[]")
        #expect(GoFormat.formatValue(.dict([:])) == "map[]")
        let nested = GoValue.array([.dict(["k": .array([.integer(1), .float(2.5)]), "j": .null]), .string("x")])
        #expect(GoFormat.formatValue(nested) == "[map[j:<nil> k:[1 2.5]] x]")
        // Keys sort by bytes: upper case before lower case, "a" before "a.b" before "ab".
        let keys = GoValue.dict(["b": .integer(1), "B": .integer(2), "ab": .integer(3), "a.b": .integer(4), "a": .integer(5)])
        #expect(GoFormat.formatValue(keys) == "map[B:2 a:5 a.b:4 ab:3 b:1]")
    }

    @Test func objectsAndFunctions() {
        #expect(GoFormat.formatValue(.object(Version())) == "1.2.3")
        #expect(GoFormat.sprintf("%s|%q|%10v|%d", [.object(Version()), .object(Version()), .object(Version()), .object(Version())])
                == #"1.2.3|"1.2.3"|     1.2.3|%!d(*semver.Version=1.2.3)"#)
        let f = GoValue.function(GoFunction("f", typeName: "func() string") { _ in .null })
        #expect(GoFormat.formatValue(f) == "0xc000010000")
        #expect(GoFormat.sprintf("%#v|%p|%T", [f, f, f]) == "(func() string)(0xc000010000)|0xc000010000|func() string")
        #expect(GoFormat.sprintf("%p", [.integer(1)]) == "%!p(int=1)")
    }

    /// A map that holds itself (Sprig's `set` can build one) prints without exhausting the stack.
    @Test func selfContainingMapTerminates() {
        let map = GoMap()
        map["self"] = .map(map)
        let text = GoFormat.formatValue(.map(map))
        #expect(text.hasPrefix("map[self:map[self:"))
        #expect(text.contains("<max depth>"))
        map["self"] = nil
    }

    @Test func sprintSpacesOnlyBetweenNonStrings() {
        #expect(GoFormat.sprint([.string("a"), .integer(1), .integer(2), .string("b")]) == "a1 2b")
        #expect(GoFormat.sprint([.integer(1), .integer(2)]) == "1 2")
        #expect(GoFormat.sprint([.string("a"), .string("b")]) == "ab")
        #expect(GoFormat.sprint([.integer(1), .string("a"), .integer(2)]) == "1a2")
        #expect(GoFormat.sprint([.null, .null]) == "<nil> <nil>")
        #expect(GoFormat.sprint([.float(1e6), .bool(true)]) == "1e+06 true")
        #expect(GoFormat.sprint([]) == "")
    }

    @Test func sprintlnAlwaysSpaces() {
        #expect(GoFormat.sprintln([.string("a"), .string("b")]) == "a b\n")
        #expect(GoFormat.sprintln([.integer(1), .array([.integer(2)])]) == "1 [2]\n")
        #expect(GoFormat.sprintln([]) == "\n")
    }
}
