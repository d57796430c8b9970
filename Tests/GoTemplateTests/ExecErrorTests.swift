import Testing
@testable import GoTemplate

/// Execution errors word for word as Go writes them, including the corpus's Helm failures
/// (`template: FILE:LINE:COL: executing "NAME" at <NODE>: MESSAGE`).
@Suite struct ExecErrorTests {
    /// A Helm-like set: templates named by path, `missingkey=zero`, top-level data holding
    /// `.Values`.
    func helmFailure(_ name: String, _ text: String, values: [String: GoValue]) -> String {
        let set = Template(name: "gotpl")
        set.missingKey = .zero
        do {
            try set.parse(text, as: name)
            let data = GoValue.dict(["Values": .map(GoMap(values, typeName: "chartutil.Values"))])
            return "rendered: " + (try set.execute(name, data: data))
        } catch {
            return error.message
        }
    }

    static let configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n"

    @Test func nilPointerOnMissingNestedKey() {
        // corpus syn-missing-nested-key-error
        let message = helmFailure("nilptr/templates/cm.yaml", Self.configMap + "  v: {{ .Values.does.not.exist }}\n", values: [:])
        #expect(message == "template: nilptr/templates/cm.yaml:6:15: executing \"nilptr/templates/cm.yaml\" at <.Values.does.not.exist>: nil pointer evaluating interface {}.not")
    }

    @Test func strictTypesInComparisons() {
        // corpus syn-strict-types-in-comparisons
        let message = helmFailure("cmp/templates/cm.yaml", Self.configMap + "  bad: {{ eq .Values.port \"80\" }}\n",
                                  values: ["port": .float(80)])
        #expect(message == "template: cmp/templates/cm.yaml:6:10: executing \"cmp/templates/cm.yaml\" at <eq .Values.port \"80\">: error calling eq: incompatible types for comparison")
    }

    @Test func indexOutOfRange() {
        // corpus syn-template-exec-error
        let message = helmFailure("execerr/templates/bad.yaml", Self.configMap + "  v: {{ index .Values.list 5 }}\n",
                                  values: ["list": .array([.float(1), .float(2)])])
        #expect(message == "template: execerr/templates/bad.yaml:6:8: executing \"execerr/templates/bad.yaml\" at <index .Values.list 5>: error calling index: index out of range: 5")
    }

    @Test func helmMissingKeyZeroPrintsNoValueAndLenFails() {
        #expect(helmFailure("a", "[{{ .Values.x }}]", values: [:]) == "rendered: [<no value>]")
        #expect(helmFailure("a", "{{ len .Values.x }}", values: [:])
            == "template: a:1:3: executing \"a\" at <len .Values.x>: error calling len: len of nil pointer")
    }

    @Test func fieldOfScalar() {
        #expect(Exec.failure("{{ .name.foo }}", Exec.values)
            == "template: t:1:8: executing \"t\" at <.name.foo>: can't evaluate field foo in type interface {}")
        #expect(Exec.failure("{{ $n := .name }}{{ $n.foo }}", Exec.values)
            == "template: t:1:22: executing \"t\" at <$n.foo>: can't evaluate field foo in type string")
        #expect(Exec.failure("{{ range .tags }}{{ .foo }}{{ end }}", Exec.values)
            == "template: t:1:20: executing \"t\" at <.foo>: can't evaluate field foo in type interface {}")
        #expect(Exec.failure("{{ range $i, $v := .tags }}{{ $v.foo }}{{ end }}", Exec.values)
            .hasSuffix("at <$v.foo>: can't evaluate field foo in type interface {}"))
        #expect(Exec.failure("{{ range $i, $v := .tags }}{{ $i.foo }}{{ end }}", Exec.values)
            .hasSuffix("at <$i.foo>: can't evaluate field foo in type int"))
        #expect(Exec.failure("{{ range .tags }}{{ with . }}{{ .foo }}{{ end }}{{ end }}", Exec.values)
            .hasSuffix("at <.foo>: can't evaluate field foo in type string"))
    }

    @Test func fieldOfObjectThatHasNone() {
        #expect(Exec.failure("{{ .Missing }}", .object(SampleObject()))
            == "template: t:1:3: executing \"t\" at <.Missing>: can't evaluate field Missing in type *test.Sample")
    }

    @Test func missingDataWithMissingKeyError() {
        #expect(Exec.failure("{{ .a.b }}", .dict(["a": .dict([:])]), missingKey: .error)
            == "template: t:1:5: executing \"t\" at <.a.b>: map has no entry for key \"b\"")
        #expect(Exec.failure("{{ .x }}", .missing, missingKey: .error)
            == "template: t:1:3: executing \"t\" at <.x>: nil data; no entry for key \"x\"")
    }

    @Test func argumentsToNonFunctions() {
        #expect(Exec.failure("{{ $x := 1 }}{{ $x 2 }}")
            == "template: t:1:16: executing \"t\" at <$x>: can't give argument to non-function $x")
        #expect(Exec.failure("{{ .name 1 }}", Exec.values).hasSuffix("name is not a method but has arguments"))
        #expect(Exec.failure("{{ 1 | $ }}").hasSuffix("can't give argument to non-function $"))
    }

    @Test func undefinedTemplate() {
        #expect(Exec.failure("{{ template \"nope\" }}")
            == "template: t:1:12: executing \"t\" at <{{template \"nope\"}}>: template \"nope\" not defined")
    }

    @Test func errorInCalledTemplateNamesIt() {
        let text = "{{ define \"inner\" }}\n  {{ len 3 }}{{ end }}{{ template \"inner\" }}"
        #expect(Exec.failure(text) == "template: t:2:5: executing \"inner\" at <len 3>: error calling len: len of type int")
    }

    @Test func integerOverflowLiteral() {
        #expect(Exec.failure("{{ 18446744073709551615 }}").hasSuffix("18446744073709551615 overflows int"))
    }

    @Test func nestedFunctionErrorKeepsUnderlying() {
        let inner = Template(name: "inner")
        let include = GoFunction("include", [.string]) { _ in
            throw TemplateError(kind: .exec, message: "template: x:1:3: executing \"x\" at <fail>: error calling fail: deep",
                                underlying: GoFunctionError("deep"))
        }
        inner.funcs(["include": include])
        do {
            try inner.parse("{{ include \"x\" }}", as: "outer")
            _ = try inner.execute("outer", data: .missing)
            Issue.record("no error")
        } catch {
            #expect(error.message == "template: outer:1:3: executing \"outer\" at <include \"x\">: error calling include: template: x:1:3: executing \"x\" at <fail>: error calling fail: deep")
            #expect(error.underlying?.message == "deep")
        }
    }
}
