import GoTemplate
import Testing
@testable import Sprig

/// `default`, `empty`, `coalesce`, `ternary`, conversions, reflection and math, with the
/// results of Helm corpus case syn-math-and-types.
@Suite struct SprigDefaultsTests {
    @Test func emptyValuesTakeTheDefault() throws {
        #expect(try call("default", str("dflt"), int(0)).plain == "dflt")
        #expect(try call("default", str("dflt"), .bool(false)).plain == "dflt")
        #expect(try call("default", str("dflt"), list()).plain == "dflt")
        #expect(try call("default", str("dflt")).plain == "dflt")
        #expect(try call("default", str("dflt"), str("12")).plain == "12")
        #expect(try call("coalesce", .null, str(""), str("12"), str("last")).plain == "12")
        #expect(try call("empty", .dict([:])).plain == "true")
        #expect(try call("all", int(1), str("")).plain == "false")
        #expect(try call("any", int(0), str("x")).plain == "true")
        #expect(try call("ternary", str("yes"), str("no"), .bool(false)).plain == "no")
    }

    @Test func conversionsFollowSpf13Cast() throws {
        #expect(try call("int", str("12")).plain == "12:int")
        #expect(try call("int", .float(2.5)).plain == "2:int")
        #expect(try call("int64", .float(2147483648)).plain == "2147483648:int64")
        #expect(try call("int", str("0x1F")).plain == "31:int")
        #expect(try call("int", str("12.0")).plain == "12:int")
        #expect(try call("int", str("12.5")).plain == "0:int")
        #expect(try call("float64", str("12")).plain == "12.0")
        #expect(try call("atoi", str("12")).plain == "12:int")
        #expect(try call("atoi", str("0x1F")).plain == "0:int")
        #expect(try call("toDecimal", str("0777")).plain == "511:int64")
    }

    @Test func mathReturnsGoTypes() throws {
        #expect(try call("add", .float(7), int(3)).plain == "10:int64")
        #expect(try call("add", .float(2.5), int(1)).plain == "3:int64")
        #expect(try call("sub", .float(7), int(10)).plain == "-3:int64")
        #expect(try call("div", .float(7), int(2)).plain == "3:int64")
        #expect(try call("mod", .float(7), int(4)).plain == "3:int64")
        #expect(try call("max", int(3), int(9), .float(7)).plain == "9:int64")
        #expect(try call("min", int(3), int(9), .float(7)).plain == "3:int64")
        #expect(try call("add1", .float(7)).plain == "8:int64")
        #expect(try call("addf", .float(2.5), int(1)).plain == "3.5")
        #expect(try call("addf", .float(1.1), .float(2.2)).plain == "3.3")
        #expect(try call("divf", .float(7), int(2)).plain == "3.5")
        #expect(try call("maxf", .float(1.5), .float(2.25)).plain == "2.25")
        #expect(try call("floor", .float(2.5)).plain == "2.0")
        #expect(try call("ceil", .float(2.5)).plain == "3.0")
        #expect(try call("round", .float(2.345), int(2)).plain == "2.35")
        #expect(try call("until", int(3)).plain == "[0:int, 1:int, 2:int]")
        #expect(try call("until", int(3)).typeName == "[]int")
        #expect(try call("untilStep", int(3), int(0), int(-1)).plain == "[3:int, 2:int, 1:int]")
        #expect(try call("seq", int(5)).plain == "1 2 3 4 5")
        #expect(try call("seq", int(0), int(2), int(6)).plain == "0 2 4 6")
        #expect(try call("seq", int(5), int(3)).plain == "5 4 3")
        #expect(failure("div", int(1), int(0)) == "runtime error: integer divide by zero")
        #expect(try call("add", .int(Int.max, .int64), int(1)).plain == "\(Int.min):int64")
    }

    @Test func reflectionNamesGoTypes() throws {
        #expect(try call("typeOf", .float(7)).plain == "float64")
        #expect(try call("typeOf", list()).plain == "[]interface {}")
        #expect(try call("kindOf", .dict([:])).plain == "map")
        #expect(try call("kindIs", str("float64"), .float(7)).plain == "true")
        #expect(try call("typeIs", str("string"), str("12")).plain == "true")
        #expect(try call("typeOf", .null).plain == "<nil>")
        #expect(try call("kindOf", .null).plain == "invalid")
        #expect(try call("deepEqual", list(int(1)), list(int(1))).plain == "true")
        #expect(try call("deepEqual", int(1), .int(1, .int64)).plain == "false")
    }

    @Test func failStopsWithTheMessage() {
        #expect(failure("fail", str("mode \"bad\" is not supported")) == "mode \"bad\" is not supported")
    }
}
