import Testing
@testable import GoTemplate

private let helmFunctions: Set<String> = ["quote", "include", "default", "toYaml", "nindent", "required"]

private func parse(_ text: String, name: String = "t.yaml") throws -> [String: Tree] {
    try TemplateParser.parse(name: name, text: text, functions: helmFunctions)
}

/// The top-level tree printed as Go's `Root.String()`.
private func printed(_ text: String) throws -> String {
    try #require(try parse(text)["t.yaml"]).root.description
}

@Suite struct ParserTests {
    @Test(arguments: [
        ("plain text only", "plain text only"),
        ("a: {{ .Values.a }}", "a: {{.Values.a}}"),
        ("{{ .Values.a | default \"x\" | quote }}", #"{{.Values.a | default "x" | quote}}"#),
        ("{{- include \"lib.name\" . | nindent 4 }}", #"{{include "lib.name" . | nindent 4}}"#),
        ("{{ $n := .Values.n }}{{ $n = 3 }}{{ $n }}", "{{$n := .Values.n}}{{$n := 3}}{{$n}}"),
        ("{{ (include \"x\" .).a.b }}", #"{{(include "x" .).a.b}}"#),
        ("{{ printf `%s-%d` .a (len .b) }}", "{{printf `%s-%d` .a (len .b)}}"),
        ("{{ $.Values.x }}{{ $ }}", "{{$.Values.x}}{{$}}"),
        ("{{ if .a }}A{{ else if .b }}B{{ else }}C{{ end }}", "{{if .a}}A{{else}}{{if .b}}B{{else}}C{{end}}{{end}}"),
        ("{{ with .a }}{{ . }}{{ else }}none{{ end }}", "{{with .a}}{{.}}{{else}}none{{end}}"),
        ("{{ range $i, $e := .list }}{{ if $i }},{{ end }}{{ $e }}{{ continue }}{{ end }}",
         "{{range $i, $e := .list}}{{if $i}},{{end}}{{$e}}{{continue}}{{end}}"),
        ("{{ range .list }}{{ break }}{{ else }}empty{{ end }}", "{{range .list}}{{break}}{{else}}empty{{end}}"),
        ("{{ template \"a\" }}{{ template `b` .c }}", #"{{template "a"}}{{template "b" .c}}"#),
        ("{{ 0x1F }} {{ 'a' }} {{ -2.5e3 }} {{ 1+2i }} {{ nil }} {{ true }}", "{{0x1F}} {{'a'}} {{-2.5e3}} {{1+2i}} {{nil}} {{true}}"),
        ("{{ \"tab\\t\" }}", #"{{"tab\t"}}"#),
        ("x  {{- 3 -}}  \n y", "x{{3}}y"),
        ("{{- /* gone */ -}}\n  kept", "kept"),
        ("{{ ( ( 1 ) ) }}", "{{((1))}}"),
        ("{{ $x :=\n  .a\n  | quote }}", "{{$x := .a | quote}}"),
    ])
    func treesPrintAsGoPrintsThem(_ input: String, _ expected: String) throws {
        #expect(try printed(input) == expected)
    }

    @Test func defineAndBlockBecomeTheirOwnTrees() throws {
        let text = "{{ define \"lib.name\" }}{{ .Chart.Name }}{{ end }}\nname: {{ block \"b\" . }}dflt{{ end }}\n"
        let trees = try parse(text)
        #expect(trees.keys.sorted() == ["b", "lib.name", "t.yaml"])
        #expect(trees["lib.name"]?.root.description == "{{.Chart.Name}}")
        #expect(trees["b"]?.root.description == "dflt")
        #expect(trees["t.yaml"]?.root.description == "\nname: {{template \"b\" .}}\n")
        for tree in trees.values {
            #expect(tree.parseName == "t.yaml")
            #expect(tree.text == text)
        }
    }

    @Test func theTopLevelTreeExistsEvenWhenItOnlyHoldsDefines() throws {
        let trees = try parse("{{ define \"a\" }}x{{ end }}")
        #expect(trees["t.yaml"]?.root.nodes.isEmpty == true)
    }

    @Test func anEmptyDefinitionDoesNotReplaceAFullOne() throws {
        let trees = try parse("{{ define \"a\" }}full{{ end }}{{ define \"a\" }} {{/* c */}} {{ end }}")
        #expect(trees["a"]?.root.description == "full")
        let reversed = try parse("{{ define \"a\" }}\n{{ end }}{{ define \"a\" }}full{{ end }}")
        #expect(reversed["a"]?.root.description == "full")
    }

    @Test func positionsAreByteOffsetsAndFieldChainsTakeTheSecondFieldsPosition() throws {
        // As Go: `.Values.does.not` is lexed as one token per field; the merged field node
        // sits where the second one starts (Helm reports `cm.yaml:6:15` for such a node).
        let text = "a: 1\n  v: {{ .Values.does.not.exist }}"
        let tree = try #require(try parse(text)["t.yaml"])
        guard case .action(let action) = tree.root.nodes[1] else { Issue.record("not an action"); return }
        #expect(action.line == 2)
        guard case .field(let pos, let ident) = action.pipe.cmds[0].args[0] else { Issue.record("not a field"); return }
        #expect(ident == ["Values", "does", "not", "exist"])
        #expect(tree.location(of: pos) == "t.yaml:2:15")
        #expect(tree.location(of: action.pos) == "t.yaml:2:8")
    }

    @Test func positionsGiveTheColumnsHelmReports() throws {
        // Corpus helm-issue1979: Helm reports `alpine-pod.yaml:16:21 … at <.Values.test.Name>`.
        let pod = "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n    values: {{.Values.test.Name}}\n"
        let podTree = try #require(try parse(pod)["t.yaml"])
        guard case .action(let action) = podTree.root.nodes[1] else { Issue.record("not an action"); return }
        #expect(podTree.location(of: action.pipe.cmds[0].args[0].pos) == "t.yaml:16:21")
        #expect(action.pipe.cmds[0].args[0].description == ".Values.test.Name")
        // Corpus syn-include-recursion-limit: `_r.tpl:1:27 … at <include "recurse" .>`.
        let recurse = "{{- define \"recurse\" -}}{{ include \"recurse\" . }}{{- end -}}\n"
        let trees = try parse(recurse, name: "_r.tpl")
        let body = try #require(trees["recurse"])
        guard case .action(let call) = body.root.nodes[0] else { Issue.record("not an action"); return }
        #expect(body.location(of: call.pipe.cmds[0].pos) == "_r.tpl:1:27")
        #expect(call.pipe.cmds[0].description == "include \"recurse\" .")
    }

    @Test func commandsKeepTheirOperandsForTheExecutorsMessages() throws {
        let tree = try #require(try parse("{{ index .Values.list 5 }}{{ eq .Values.port \"80\" }}{{ include \"recurse\" . }}")["t.yaml"])
        let commands = tree.root.nodes.compactMap { node -> String? in
            if case .action(let a) = node { return a.pipe.cmds[0].description }
            return nil
        }
        #expect(commands == ["index .Values.list 5", "eq .Values.port \"80\"", "include \"recurse\" ."])
    }

    @Test func variablesWithFieldsAndDeclarations() throws {
        let tree = try #require(try parse("{{ range $k, $v := .m }}{{ $v.a.b }}{{ end }}")["t.yaml"])
        guard case .range(let r) = tree.root.nodes[0] else { Issue.record("not a range"); return }
        #expect(r.pipe.decl.map(\.ident) == [["$k"], ["$v"]])
        #expect(r.pipe.isAssign == false)
        guard case .action(let a) = r.list.nodes[0], case .variable(let v) = a.pipe.cmds[0].args[0] else {
            Issue.record("not a variable"); return
        }
        #expect(v.ident == ["$v", "a", "b"])
    }

    @Test func breakAndContinueAreFunctionsWhenSoDefined() throws {
        let trees = try TemplateParser.parse(name: "t", text: "{{ break 1 }}", functions: ["break"])
        #expect(trees["t"]?.root.description == "{{break 1}}")
    }

    @Test func customDelimitersLeaveTheDefaultOnesAsText() throws {
        let trees = try TemplateParser.parse(name: "t", text: "{{ x }} <% .a %>", leftDelim: "<%", rightDelim: "%>", functions: [])
        #expect(trees["t"]?.root.description == "{{ x }} {{.a}}")
    }

    @Test func aLongTemplateParsesQuickly() throws {
        let line = "  {{- if .Values.enabled }}\n  name: {{ include \"x\" . | quote }} {{ $v := .Values.a.b }}{{ $v }}\n  {{- end }}\n"
        let text = String(repeating: line, count: 700)
        let clock = ContinuousClock()
        let elapsed = try clock.measure { _ = try parse(text) }
        // Linear work: ~20 ms optimized, ~300 ms in a debug build; anything quadratic takes minutes.
        #expect(elapsed < .seconds(2))
    }
}
