import Testing
@testable import GoTemplate

/// `if`, `with`, `range`, `break`/`continue`, `template` and `block`, and how a set replaces
/// definitions (Go's exec.go walk* functions and AddParseTree).
@Suite struct ExecControlFlowTests {
    static let truthTable: [(GoValue, String)] = [
        (.bool(false), "F"), (.bool(true), "T"), (.integer(0), "F"), (.integer(-1), "T"),
        (.float(0), "F"), (.float(0.5), "T"), (.string(""), "F"), (.string(" "), "T"),
        (.array([]), "F"), (.array([.null]), "T"), (.dict([:]), "F"), (.dict(["a": .null]), "T"),
        (.null, "F"), (.missing, "F"), (.object(SampleObject()), "T"), (.uint(0, .uint8), "F"),
    ]

    @Test(arguments: truthTable)
    func ifUsesGoTruth(value: GoValue, expected: String) throws {
        #expect(try Exec.render("{{ if . }}T{{ else }}F{{ end }}", value) == expected)
    }

    @Test func elseIfChains() throws {
        let text = "{{ if eq . 1 }}one{{ else if eq . 2 }}two{{ else }}many{{ end }}"
        #expect(try Exec.render(text, .integer(2)) == "two")
        #expect(try Exec.render(text, .integer(7)) == "many")
    }

    @Test func withSetsDotAndElseKeepsIt() throws {
        #expect(try Exec.render("{{ with .nested }}{{ .k }}{{ end }}", Exec.values) == "v")
        #expect(try Exec.render("{{ with .empty }}x{{ else }}{{ .name }}{{ end }}", Exec.values) == "web")
        // `else with` arrived in Go 1.23; Go 1.22 rejects it.
        #expect(Exec.failure("{{ with .absent }}x{{ else with .name }}{{ . }}{{ end }}") == "template: t:1: unexpected <with> in else")
    }

    @Test func rangeOverListWithIndex() throws {
        #expect(try Exec.render("{{ range $i, $v := .tags }}{{ $i }}={{ $v }};{{ end }}", Exec.values) == "0=a;1=b;")
        #expect(try Exec.render("{{ range .tags }}<{{ . }}>{{ end }}", Exec.values) == "<a><b>")
    }

    @Test func rangeOverMapSortsKeys() throws {
        let data = GoValue.dict(["b": .integer(2), "a": .integer(1), "C": .integer(3)])
        #expect(try Exec.render("{{ range $k, $v := . }}{{ $k }}{{ $v }} {{ end }}", data) == "C3 a1 b2 ")
    }

    @Test func rangeElseOnEmptyAndMissing() throws {
        #expect(try Exec.render("{{ range .absent }}x{{ else }}none{{ end }}", Exec.values) == "none")
        #expect(try Exec.render("{{ range . }}x{{ else }}none{{ end }}", .array([])) == "none")
    }

    @Test func rangeOverAnIntegerIsAnErrorInGo122() {
        // Range over integers arrived in Go 1.24's text/template; Helm 3.15 is built with Go 1.22.
        #expect(Exec.failure("{{ range 3 }}{{ . }}{{ end }}").hasSuffix("range can't iterate over 3"))
        #expect(Exec.failure("{{ range $i := 2 }}[{{ $i }}]{{ end }}").hasSuffix("range can't iterate over 2"))
    }

    @Test func rangeOverFloatFails() {
        #expect(Exec.failure("{{ range .port }}{{ end }}", Exec.values)
            == "template: t:1:9: executing \"t\" at <.port>: range can't iterate over 80")
    }

    @Test func breakAndContinue() throws {
        let text = "{{ range . }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ if eq . 4 }}{{ break }}{{ end }}{{ . }}{{ end }}"
        #expect(try Exec.render(text, .array([.integer(1), .integer(2), .integer(3), .integer(4), .integer(5)])) == "13")
    }

    @Test func rangeVariablesAssignedWithEquals() throws {
        let text = "{{ $i := 0 }}{{ $v := 0 }}{{ range $i, $v = .tags }}{{ end }}{{ $i }}{{ $v }}"
        #expect(try Exec.render(text, Exec.values) == "1b")
    }

    @Test func templateCallsWithDataOrNil() throws {
        let text = "{{ define \"x\" }}[{{ . }}]{{ end }}{{ template \"x\" .name }}{{ template \"x\" }}"
        #expect(try Exec.render(text, Exec.values) == "[web][<no value>]")
    }

    @Test func templateCallsSeeOnlyTheirOwnDollar() throws {
        let text = "{{ define \"x\" }}{{ $.k }}{{ end }}{{ template \"x\" .nested }}"
        #expect(try Exec.render(text, Exec.values) == "v")
    }

    @Test func blockDefinesAndRuns() throws {
        #expect(try Exec.render("{{ block \"b\" .name }}<{{ . }}>{{ end }}", Exec.values) == "<web>")
    }

    @Test func laterDefinitionReplacesButEmptyOneDoesNot() throws {
        let set = Template(name: "set")
        try set.parse("{{ define \"x\" }}one{{ end }}", as: "a")
        try set.parse("{{ define \"x\" }} {{ end }}", as: "b")
        try set.parse("{{ template \"x\" }}", as: "main")
        #expect(try set.execute("main", data: .missing) == "one")
        try set.parse("{{ define \"x\" }}two{{ end }}", as: "c")
        #expect(try set.execute("main", data: .missing) == "two")
        #expect(set.lookup("x") && set.lookup("b") && !set.lookup("y"))
    }

    @Test func cloneIsIndependent() throws {
        let set = Template(name: "set")
        try set.parse("{{ define \"x\" }}one{{ end }}{{ template \"x\" }}", as: "main")
        let copy = set.clone()
        try copy.parse("{{ define \"x\" }}two{{ end }}", as: "other")
        #expect(try set.execute("main", data: .missing) == "one")
        #expect(try copy.execute("main", data: .missing) == "two")
    }

    @Test func recursionStopsAtGoMaximumDepth() {
        let message = Exec.failure("{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}")
        #expect(message.hasSuffix("executing \"r\" at <{{template \"r\" .}}>: exceeded maximum template depth (100000)"))
    }

    @Test func boundedRecursionRuns() throws {
        let text = """
        {{ define "count" }}{{ if gt (len .) 0 }}{{ index . 0 }}{{ template "count" (slice . 1) }}{{ end }}{{ end }}\
        {{ template "count" . }}
        """
        #expect(try Exec.render(text, .array((0..<5).map { .integer($0) })) == "01234")
    }
}
