import Testing
@testable import GoTemplate

/// Dot, fields, variables, chains and printing, as Go's exec.go evaluates them.
@Suite struct ExecEvaluationTests {
    @Test func printsTextAndFields() throws {
        #expect(try Exec.render("name={{ .name }} k={{ .nested.k }}", Exec.values) == "name=web k=v")
    }

    @Test func missingKeyPrintsNoValueByDefault() throws {
        #expect(try Exec.render("[{{ .absent }}][{{ .absent.deeper }}]", Exec.values) == "[<no value>][<no value>]")
    }

    @Test func nilValuePrintsNoValue() throws {
        #expect(try Exec.render("[{{ .nothing }}]", Exec.values) == "[<no value>]")
    }

    @Test func missingKeyZeroGivesNilForInterfaceMaps() throws {
        #expect(try Exec.render("[{{ .absent }}]", Exec.values, missingKey: .zero) == "[<no value>]")
        let typed = GoValue.map(GoMap(["a": .string("x")], typeName: "map[string]string", elementType: "string"))
        #expect(try Exec.render("[{{ .b }}]", typed, missingKey: .zero) == "[]")
    }

    @Test func missingKeyError() {
        #expect(Exec.failure("{{ .absent }}", Exec.values, missingKey: .error)
            == "template: t:1:3: executing \"t\" at <.absent>: map has no entry for key \"absent\"")
    }

    @Test func numbersPrintInGoForm() throws {
        #expect(try Exec.render("{{ .port }} {{ 3 }} {{ 1.5 }} {{ 0x10 }} {{ 'a' }}", Exec.values) == "80 3 1.5 16 97")
    }

    @Test func dollarIsTheData() throws {
        #expect(try Exec.render("{{ with .nested }}{{ .k }}-{{ $.name }}{{ end }}", Exec.values) == "v-web")
    }

    @Test func variablesDeclareAndAssign() throws {
        let text = "{{ $x := .name }}{{ $x }}{{ $x = \"db\" }}-{{ $x }}"
        #expect(try Exec.render(text, Exec.values) == "web-db")
    }

    @Test func variableFieldsWalkIntoMaps() throws {
        #expect(try Exec.render("{{ $n := .nested }}{{ $n.k }}", Exec.values) == "v")
    }

    @Test func bodyVariablesArePoppedAtEnd() throws {
        // Go's parser already knows the body's variables are gone.
        #expect(Exec.failure("{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}") == "template: t:1: undefined variable \"$y\"")
        #expect(try Exec.render("{{ $y := 0 }}{{ range .tags }}{{ $y := . }}{{ end }}{{ $y }}", Exec.values) == "0")
    }

    @Test func assignmentInsideBodyChangesOuterVariable() throws {
        let text = "{{ $v := 1 }}{{ if true }}{{ $v = 2 }}{{ end }}{{ $v }}"
        #expect(try Exec.render(text) == "2")
    }

    @Test func pipelinePassesPreviousResultLast() throws {
        #expect(try Exec.render("{{ .name | printf \"%s-%s\" \"x\" }}", Exec.values) == "x-web")
    }

    @Test func parenthesizedChain() throws {
        #expect(try Exec.render("{{ (.nested).k }}", Exec.values) == "v")
    }

    @Test func objectFieldsAndMethods() throws {
        let data = GoValue.dict(["Obj": .object(SampleObject())])
        #expect(try Exec.render("{{ .Obj.Name }} {{ .Obj.Count }} {{ .Obj.Get \"f\" }}", data) == "sample 3 got f")
        #expect(try Exec.render("{{ \"p\" | .Obj.Get }}", data) == "got p")
    }

    @Test func sliceKindObjectsRangeCountAndCallMethods() throws {
        let data = GoValue.dict(["V": .object(SampleVersionSet(["v1", "apps/v1"]))])
        let text = "{{ len .V }}:{{ range .V }}[{{ . }}]{{ end }}:{{ index .V 1 }}:{{ .V.Has \"v1\" }}:{{ if .V }}set{{ end }}"
        #expect(try Exec.render(text, data) == "2:[v1][apps/v1]:apps/v1:true:set")
        let empty = GoValue.dict(["V": .object(SampleVersionSet([]))])
        #expect(try Exec.render("{{ if .V }}set{{ else }}empty{{ end }}", empty) == "empty")
    }

    @Test func namedMapMethodsComeBeforeKeys() throws {
        let get = GoFunction("Get", [.string]) { args in .string("file " + (args[0].stringValue ?? "")) }
        let files = GoMap(["Get": .bytes([1]), "a.txt": .bytes([104, 105])], typeName: "engine.files",
                          elementType: "[]uint8", methods: ["Get": get])
        let data = GoValue.dict(["Files": .map(files)])
        #expect(try Exec.render("{{ .Files.Get \"a.txt\" }} {{ index .Files \"a.txt\" }}", data) == "file a.txt [104 105]")
    }

    @Test func listsAndMapsPrintWithFmt() throws {
        #expect(try Exec.render("{{ .tags }} {{ .nested }}", Exec.values) == "[a b] map[k:v]")
    }

    @Test func bytesPrintAsNumbers() throws {
        #expect(try Exec.render("{{ . }}", .bytes([104, 105])) == "[104 105]")
    }

    @Test func dotOfNilDataIsNoValue() throws {
        #expect(try Exec.render("{{ . }}", .null) == "<no value>")
    }

    @Test func unknownTemplateName() {
        let set = Template(name: "root")
        #expect(throws: TemplateError.self) { try set.execute("x", data: .missing) }
        do {
            _ = try set.execute("x", data: .missing)
        } catch {
            #expect(error.message == "template: no template \"x\" associated with template \"root\"")
            #expect(error.kind == .exec)
        }
    }
}
