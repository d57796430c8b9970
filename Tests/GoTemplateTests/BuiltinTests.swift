import Testing
@testable import GoTemplate

/// The builtin functions of Go's text/template (funcs.go), results and failures.
@Suite struct BuiltinTests {
    func render(_ text: String, _ data: GoValue = Exec.values) throws(TemplateError) -> String {
        try Exec.render(text, data, funcs: ["fail": GoFunction("fail", []) { _ in throw GoFunctionError("evaluated") }])
    }

    func failure(_ text: String, _ data: GoValue = Exec.values) -> String {
        Exec.failure(text, data)
    }

    @Test func andOrReturnTheDecidingValue() throws {
        #expect(try render("{{ and 1 0 2 }} {{ and 1 2 }} {{ or 0 \"\" \"x\" }} {{ or 0 \"\" }}") == "0 2 x ")
        #expect(try render("{{ not 0 }} {{ not .name }} {{ not .absent }}") == "true false true")
    }

    @Test func andOrShortCircuit() throws {
        #expect(try render("{{ or 1 fail }} {{ and 0 fail }} {{ and .absent .absent.x }}") == "1 0 <no value>")
        #expect(try render("{{ 5 | and 1 }} {{ 5 | or 0 }} {{ 5 | or 1 }}") == "5 5 1")
    }

    @Test func lenCountsBytesItemsAndKeys() throws {
        #expect(try render("{{ len \"héllo\" }} {{ len .tags }} {{ len .nested }} {{ len .empty }}") == "6 2 1 0")
    }

    @Test func lenFailures() {
        #expect(failure("{{ len 3 }}") == "template: t:1:3: executing \"t\" at <len 3>: error calling len: len of type int")
        #expect(failure("{{ len .nothing }}").hasSuffix("error calling len: len of nil pointer"))
        // Under missingkey=default a missing key is reflect's zero Value, whose Type() panics in Go.
        #expect(failure("{{ len .absent }}").hasSuffix("error calling len: reflect: call of reflect.Value.Type on zero Value"))
    }

    @Test func indexMapsSlicesAndStrings() throws {
        #expect(try render("{{ index .tags 1 }} {{ index . \"nested\" \"k\" }} {{ index \"abc\" 1 }}") == "b v 98")
        #expect(try render("{{ index .nested \"zz\" }} {{ index .tags }}") == "<no value> [a b]")
    }

    @Test func indexFailures() {
        #expect(failure("{{ index .tags 5 }}") == "template: t:1:3: executing \"t\" at <index .tags 5>: error calling index: index out of range: 5")
        #expect(failure("{{ index .tags -1 }}").hasSuffix("error calling index: index out of range: -1"))
        #expect(failure("{{ index .nested 1 }}").hasSuffix("error calling index: value has type int; should be string"))
        #expect(failure("{{ index .tags \"a\" }}").hasSuffix("error calling index: cannot index slice/array with type string"))
        #expect(failure("{{ index .absent 1 }}").hasSuffix("error calling index: index of untyped nil"))
        #expect(failure("{{ index .port 1 }}").hasSuffix("error calling index: can't index item of type float64"))
        #expect(failure("{{ index . \"nothing\" \"x\" }}").hasSuffix("error calling index: index of nil pointer"))
    }

    @Test func sliceStringsAndLists() throws {
        #expect(try render("{{ slice \"hello\" 1 3 }} {{ slice .tags 1 }} {{ slice .tags }} {{ slice \"abc\" 3 }}") == "el [b] [a b] ")
        #expect(failure("{{ slice .tags 2 1 }}").hasSuffix("error calling slice: invalid slice index: 2 > 1"))
        #expect(failure("{{ slice \"abc\" 0 1 2 }}").hasSuffix("error calling slice: cannot 3-index slice a string"))
        #expect(failure("{{ slice .tags 0 3 }}").hasSuffix("error calling slice: index out of range: 3"))
    }

    @Test func printFamily() throws {
        #expect(try render("{{ print \"a\" 1 2 \"b\" }}|{{ println 1 \"x\" }}|{{ printf \"%d-%s\" 3 .name }}") == "a1 2b|1 x\n|3-web")
        #expect(try render("{{ print .absent }} {{ printf \"%v\" .nothing }}") == "<nil> <nil>")
    }

    @Test func htmlEscapes() throws {
        #expect(try render("{{ html \"<a href='x'>&\\\"\" }}") == "&lt;a href=&#39;x&#39;&gt;&amp;&#34;")
        #expect(try render("{{ html .absent }} {{ html 1 2 }}") == "&lt;no value&gt; 1 2")
    }

    @Test func jsEscapes() throws {
        #expect(try render("{{ js \"a'b\\\"c<d>&=\\\\\" }}") == "a\\'b\\\"c\\u003Cd\\u003E\\u0026\\u003D\\\\")
        #expect(try render("{{ js \"tab\\there é\" }}") == "tab\\u0009here é")
    }

    @Test func urlqueryEscapes() throws {
        #expect(try render("{{ urlquery \"a b&c=d/é~_.-\" }}") == "a+b%26c%3Dd%2F%C3%A9~_.-")
    }

    @Test func eqComparesBasicKinds() throws {
        #expect(try render("{{ eq 1 1 }} {{ eq \"a\" \"b\" \"a\" }} {{ eq .port 80.0 }} {{ eq true false }}") == "true true true false")
        #expect(try render("{{ eq .absent \"x\" }} {{ eq nil nil }} {{ eq (index \"a\" 0) 97 }}") == "false true true")
        #expect(try render("{{ ne 1 2 }} {{ ne \"a\" \"a\" }}") == "true false")
    }

    @Test func eqRejectsMixedKinds() {
        #expect(failure("{{ eq .port \"80\" }}") == "template: t:1:3: executing \"t\" at <eq .port \"80\">: error calling eq: incompatible types for comparison")
        #expect(failure("{{ eq 1 1.0 }}").hasSuffix("error calling eq: incompatible types for comparison"))
        #expect(failure("{{ eq 1 }}").hasSuffix("error calling eq: missing argument for comparison"))
        #expect(failure("{{ eq .tags .tags }}").hasSuffix("error calling eq: non-comparable type [a b]: []interface {}"))
    }

    @Test func ordering() throws {
        #expect(try render("{{ lt 1 2 }} {{ le 2 2 }} {{ gt 1 2 }} {{ ge 2 2 }} {{ lt \"a\" \"b\" }} {{ lt 1.5 2.5 }}")
            == "true true false true true true")
        #expect(try render("{{ lt -1 (index \"a\" 0) }} {{ gt (index \"a\" 0) 100 }}") == "true false")
    }

    @Test func orderingFailures() {
        #expect(failure("{{ lt true false }}").hasSuffix("error calling lt: invalid type for comparison"))
        #expect(failure("{{ lt 1 \"a\" }}").hasSuffix("error calling lt: incompatible types for comparison"))
        #expect(failure("{{ gt .absent 1 }}").hasSuffix("error calling gt: invalid type for comparison"))
        #expect(failure("{{ lt .tags 1 }}").hasSuffix("error calling lt: invalid type for comparison"))
    }
}
