import GoTemplate
import Testing
@testable import Sprig

/// Sprig's list functions on the inputs of Helm's corpus (syn-dict-list-functions) and Sprig's
/// documentation.
@Suite struct SprigListTests {
    let items = strs("c", "a", "b", "a")

    @Test func reshapingFunctions() throws {
        #expect(try call("append", items, str("z")).plain == "[c, a, b, a, z]")
        #expect(try call("prepend", items, str("z")).plain == "[z, c, a, b, a]")
        #expect(try call("concat", items, list(str("q"))).plain == "[c, a, b, a, q]")
        #expect(try call("uniq", items).plain == "[c, a, b]")
        #expect(try call("without", items, str("a")).plain == "[c, b]")
        #expect(try call("first", items).plain == "c")
        #expect(try call("rest", items).plain == "[a, b, a]")
        #expect(try call("last", items).plain == "a")
        #expect(try call("initial", items).plain == "[c, a, b]")
        #expect(try call("reverse", items).plain == "[a, b, a, c]")
        #expect(try call("compact", list(str(""), str("a"), int(0), str("b"))).plain == "[a, b]")
        #expect(try call("slice", items, int(1), int(3)).plain == "[a, b]")
        #expect(try call("chunk", int(3), list(int(1), int(2), int(3), int(4), int(5))).plain == "[[1:int, 2:int, 3:int], [4:int, 5:int]]")
        #expect(try call("has", str("b"), items).plain == "true")
        #expect(try call("has", str("b"), .null).plain == "false")
    }

    @Test func resultTypesAreGos() throws {
        // Every reshaping returns []interface {} whatever slice came in; slice keeps the type.
        #expect(try call("append", items, str("z")).typeName == "[]interface {}")
        #expect(try call("slice", items, int(1)).typeName == "[]string")
        #expect(try call("list").typeName == "[]interface {}")
        #expect(try call("chunk", int(2), items).typeName == "[][]interface {}")
        #expect(try call("first", list()).plain == "<nil>")
    }

    @Test func uniqAndHasCompareGoTypes() throws {
        // An int 1 and an int64 1 are different values to reflect.DeepEqual.
        #expect(try call("uniq", list(int(1), .int(1, .int64), int(1))).plain == "[1:int, 1:int64]")
        #expect(try call("has", .int(1, .int64), list(int(1))).plain == "false")
    }

    @Test func nonListsAreGoErrors() {
        #expect(failure("first", str("abc")) == "Cannot find first on type string")
        #expect(failure("mustLast", .dict([:])) == "Cannot find last on type map")
        #expect(failure("append", int(1), int(2)) == "Cannot push on type int")
        #expect(failure("chunk", int(2), str("x")) == "Cannot chunk type string")
        #expect(failure("concat", list(), str("x")) == "Cannot concat type string as list")
        #expect(failure("slice", str("x")) == "list should be type of slice or array but string")
        #expect(failure("first", .null) == "runtime error: invalid memory address or nil pointer dereference")
        #expect(failure("slice", items, int(3), int(9)) == "reflect.Value.Slice: slice index out of range")
    }
}
