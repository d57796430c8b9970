import Testing
@testable import GoTemplate

/// Calling functions: argument counts, Go's conversion of arguments to parameter types, and
/// how a function's failure is reported.
@Suite struct ExecFunctionCallTests {
    /// Functions that report what they were given.
    static let functions: [String: GoFunction] = [
        "typeOf": GoFunction("typeOf", [.any]) { .string($0[0].typeName) },
        "upper": GoFunction("upper", [.string]) { .string(($0[0].stringValue ?? "").uppercased()) },
        "twice": GoFunction("twice", [.int]) { args in
            guard case .int(let i, let t) = args[0] else { return .null }
            return .string("\(2 * i) \(t.rawValue)")
        },
        "big": GoFunction("big", [.int64]) { .string($0[0].typeName) },
        "half": GoFunction("half", [.float64]) { args in
            guard case .float(let f) = args[0] else { return .null }
            return .float(f / 2)
        },
        "keys": GoFunction("keys", [.map]) { args in
            .string(args[0].mapValue?.sortedKeys.joined(separator: ",") ?? "?")
        },
        "join": GoFunction("join", [.string], variadic: .any) { args in
            .string(args.dropFirst().map { $0.typeName }.joined(separator: (args[0].stringValue ?? "")))
        },
        "fail": GoFunction("fail", [.string]) { throw GoFunctionError($0[0].stringValue ?? "") },
        "add": GoFunction("add", [.int, .int], typeName: "func(int, int) int") { args in
            guard case .int(let a, _) = args[0], case .int(let b, _) = args[1] else { return .null }
            return .integer(a + b)
        },
    ]

    func render(_ text: String, _ data: GoValue = Exec.values) throws(TemplateError) -> String {
        try Exec.render(text, data, funcs: Self.functions)
    }

    func failure(_ text: String, _ data: GoValue = Exec.values) -> String {
        Exec.failure(text, data, funcs: Self.functions)
    }

    @Test func untypedConstantsIntoInterfaceByTheirSpelling() throws {
        #expect(try render("{{ typeOf 3 }} {{ typeOf 3.0 }} {{ typeOf 1e3 }} {{ typeOf 0x1F }} {{ typeOf 'a' }}")
            == "int float64 float64 int int")
        #expect(try render("{{ typeOf \"s\" }} {{ typeOf true }} {{ typeOf nil }} {{ typeOf .port }}")
            == "string bool <nil> float64")
    }

    @Test func missingValueArrivesAsNil() throws {
        #expect(try render("{{ typeOf .absent }} {{ .absent | typeOf }}") == "<nil> <nil>")
    }

    @Test func numberLiteralsConvertToTheParameterType() throws {
        #expect(try render("{{ twice 21 }} {{ big 1 }} {{ half 3 }} {{ half 1.5 }}") == "42 int int64 1.5 0.75")
    }

    @Test func computedValuesMustBeAssignable() {
        #expect(failure("{{ twice .port }}")
            == "template: t:1:9: executing \"t\" at <.port>: wrong type for value; expected int; got float64")
        #expect(failure("{{ .port | upper }}")
            == "template: t:1:11: executing \"t\" at <upper>: wrong type for value; expected string; got float64")
    }

    @Test func literalOfWrongKindForParameter() {
        #expect(failure("{{ upper 3 }}") == "template: t:1:9: executing \"t\" at <3>: expected string; found 3")
        #expect(failure("{{ twice 1.5 }}") == "template: t:1:9: executing \"t\" at <1.5>: expected integer; found 1.5")
        #expect(failure("{{ upper nil }}") == "template: t:1:9: executing \"t\" at <nil>: cannot assign nil to string")
    }

    @Test func missingAndNilForTypedParameters() {
        #expect(failure("{{ upper .absent }}")
            == "template: t:1:9: executing \"t\" at <.absent>: invalid value; expected string")
        #expect(failure("{{ keys .nothing }}")
            == "template: t:1:8: executing \"t\" at <.nothing>: wrong type for value; expected map[string]interface {}; got interface {}")
    }

    @Test func namedMapTypeIsAssignableToPlainMap() throws {
        let values = GoValue.map(GoMap(["b": .integer(1), "a": .integer(2)], typeName: "chartutil.Values"))
        #expect(try render("{{ keys .V }}", .dict(["V": values])) == "a,b")
        let strings = GoValue.map(GoMap(["a": .string("x")], typeName: "map[string]string", elementType: "string"))
        #expect(failure("{{ keys .V }}", .dict(["V": strings])).hasSuffix("wrong type for value; expected map[string]interface {}; got map[string]string"))
    }

    @Test func argumentCounts() {
        #expect(failure("{{ upper }}") == "template: t:1:3: executing \"t\" at <upper>: wrong number of args for upper: want 1 got 0")
        #expect(failure("{{ \"a\" | upper \"b\" }}").hasSuffix("wrong number of args for upper: want 1 got 2"))
        #expect(failure("{{ join }}").hasSuffix("wrong number of args for join: want at least 1 got 0"))
    }

    @Test func variadicArgumentsAndFinal() throws {
        #expect(try render("{{ join \",\" 1 \"a\" .port }}") == "int,string,float64")
        #expect(try render("{{ 2.5 | join \"+\" 1 }}") == "int+float64")
        #expect(try render("{{ \"-\" | join }}") == "")
    }

    @Test func functionErrorsAreWrapped() {
        let text = "x: {{ fail \"boom\" }}"
        let set = Template(name: "t")
        set.funcs(Self.functions)
        do {
            try set.parse(text, as: "t")
            _ = try set.execute("t", data: .missing)
            Issue.record("no error")
        } catch {
            #expect(error.message == "template: t:1:6: executing \"t\" at <fail \"boom\">: error calling fail: boom")
            #expect(error.kind == .exec)
            #expect(error.underlying?.message == "boom")
        }
    }

    @Test func methodsTakeArgumentsAndReportErrors() throws {
        let data = GoValue.dict(["Obj": .object(SampleObject())])
        #expect(try render("{{ .Obj.Get \"a\" }}", data) == "got a")
        #expect(failure("{{ .Obj.Fail }}", data)
            == "template: t:1:7: executing \"t\" at <.Obj.Fail>: error calling Fail: sample failure")
        #expect(failure("{{ .Obj.Get }}", data).hasSuffix("wrong number of args for Get: want 1 got 0"))
        #expect(failure("{{ .Obj.Name 1 }}", data).hasSuffix("Name has arguments but cannot be invoked as function"))
    }

    @Test func callBuiltinCallsFunctionValues() throws {
        let data = GoValue.dict(["f": .function(Self.functions["add"]!)])
        #expect(try render("{{ call .f 2 3 }}", data) == "5")
        #expect(failure("{{ call .f 2 }}", data).hasSuffix("error calling call: wrong number of args for .f: got 1 want 2"))
        #expect(failure("{{ call .f 2 \"x\" }}", data).hasSuffix("error calling call: arg 1: value has type string; should be int"))
        #expect(failure("{{ call .name }}").hasSuffix("error calling call: non-function .name of type string"))
        #expect(failure("{{ call .absent }}").hasSuffix("error calling call: call of nil"))
        #expect(failure("{{ .f | call }}", data).hasSuffix("error calling call: wrong number of args for <func(int, int) int Value>: got 0 want 2"))
    }

    @Test func userFunctionReplacesBuiltin() throws {
        let functions = ["len": GoFunction("len", [.any]) { _ in .string("mine") }]
        #expect(try Exec.render("{{ len \"abc\" }}", funcs: functions) == "mine")
    }

    @Test func functionValuesCannotPrint() {
        let data = GoValue.dict(["f": .function(Self.functions["add"]!)])
        #expect(failure("{{ .f }}", data) == "template: t:1:3: executing \"t\" at <{{.f}}>: can't print {{.f}} of type func(int, int) int")
    }
}
