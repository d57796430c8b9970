import Testing
@testable import GoTemplate

/// The message `TemplateParser.parse` throws for `text`, or nil when it parses.
private func parseError(_ text: String, name: String = "t", functions: Set<String> = ["quote"]) -> String? {
    do {
        _ = try TemplateParser.parse(name: name, text: text, functions: functions)
        return nil
    } catch {
        return error.message
    }
}

/// Parse errors with Go 1.22's exact text: `template: NAME:LINE: message`, LINE being the line
/// of the last token read.
@Suite struct ParserErrorTests {
    @Test func helmsUnclosedActionReportsWhereItStarted() {
        // The template and Helm v3.15.4's message of the corpus case syn-template-parse-error.
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name \n"
        #expect(parseError(text, name: "badtpl/templates/bad.yaml")
            == "template: badtpl/templates/bad.yaml:5: unclosed action started at badtpl/templates/bad.yaml:4")
    }

    @Test func helmsUndefinedFunction() {
        // The template and Helm v3.15.4's message of the corpus case syn-env-function-removed.
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  home: {{ env \"HOME\" | quote }}\n"
        #expect(parseError(text, name: "noenv/templates/cm.yaml") == #"template: noenv/templates/cm.yaml:6: function "env" not defined"#)
    }

    @Test(arguments: [
        ("k: {{ .a", "template: t:1: unclosed action"),
        ("k: 1\nv: {{ .a\n\n", "template: t:4: unclosed action started at t:2"),
        ("a: {{ (\n .b }}", "template: t:2: unclosed left paren in action started at t:1"),
        ("{{ .a ) }}", "template: t:1: unexpected right paren"),
        ("x: {{ .a }}\n{{ end }}", "template: t:2: unexpected {{end}}"),
        ("{{ else }}", "template: t:1: unexpected {{else}}"),
        ("{{ if .a }}\nyes\n", "template: t:3: unexpected EOF"),
        ("{{ if }}{{ end }}", "template: t:1: missing value for if"),
        ("{{ range }}{{ end }}", "template: t:1: missing value for range"),
        ("{{ }}", "template: t:1: missing value for command"),
        ("{{ ( ) }}", "template: t:1: missing value for parenthesized pipeline"),
        ("{{ block \"b\" }}x{{ end }}", "template: t:1: missing value for block clause"),
        ("{{ $y }}", #"template: t:1: undefined variable "$y""#),
        ("{{ with $v := .a }}{{ end }}{{ $v }}", #"template: t:1: undefined variable "$v""#),
        ("{{ $v := 1 }}{{ define \"d\" }}{{ $v }}{{ end }}", #"template: t:1: undefined variable "$v""#),
        ("{{ lower .a }}", #"template: t:1: function "lower" not defined"#),
        ("{{ break }}", "template: t:1: {{break}} outside {{range}}"),
        ("{{ range .a }}{{ else }}{{ continue }}{{ end }}", "template: t:1: {{continue}} outside {{range}}"),
        ("{{ range .a }}{{ break 2 }}{{ end }}", "template: t:1: unexpected \"2\" in {{break}}"),
        ("{{ .a | 3 }}", "template: t:1: non executable command in pipeline stage 2"),
        ("{{ .a | quote | \"s\" }}", "template: t:1: non executable command in pipeline stage 3"),
        ("{{ \"s\".x }}", #"template: t:1: unexpected . after term "\"s\"""#),
        ("{{ $a, $b := 1 }}", "template: t:1: too many declarations in command"),
        ("{{ range $a, $b, $c := .x }}{{ end }}", "template: t:1: too many declarations in range"),
        ("{{ range $a, 3 }}{{ end }}", "template: t:1: range can only initialize variables"),
        ("{{ printf \"%d\" 1, 2 }}", #"template: t:1: unexpected "," in operand"#),
        ("{{ .a \"b\"\"c\" }}", #"template: t:1: unexpected "\"c\"" in operand"#),
        ("{{ .a \"b\"\"a long string\" }}", #"template: t:1: unexpected "\"a long st"... in operand"#),
        ("{{ \"\\q\" }}", "template: t:1: invalid syntax"),
        ("{{ define \"a\" }}x{{ end }}\n{{ define \"a\" }}y{{ end }}", #"template: t:2: template: multiple definition of template "a""#),
        ("{{ define \"a\" }}x{{ else }}y{{ end }}", "template: t:1: unexpected {{else}} in define clause"),
        ("{{ define a }}{{ end }}", #"template: t:1: unexpected "a" in define clause"#),
        ("{{ template .x }}", #"template: t:1: unexpected ".x" in template clause"#),
        ("{{ template . }}", "template: t:1: unexpected <.> in template clause"),
        ("{{ if .a }}x{{ else }}y{{ else }}z{{ end }}", "template: t:1: expected end; found {{else}}"),
        ("{{ with .a }}x{{ else with .b }}y{{ end }}", "template: t:1: unexpected <with> in else"),
        ("{{ range .a }}{{ else if .b }}{{ end }}", "template: t:1: unexpected <if> in input"),
        ("{{ end x }}", #"template: t:1: unexpected "x" in end"#),
        ("{{ 3k }}", #"template: t:1: bad number syntax: "3k""#),
        ("{{ .a.b+1 }}", "template: t:1: bad character U+002B '+'"),
        ("{{ /* c */ }}", "template: t:1: unexpected \"/\" in command"),
        ("{{/* open", "template: t:1: unclosed comment"),
        ("a\n{{/* c\n*/ .x }}", "template: t:2: comment ends before closing delimiter"),
    ])
    func goErrorTexts(_ text: String, _ message: String) {
        #expect(parseError(text) == message)
    }

    @Test func nestingDeeperThanTheLimitFailsInsteadOfCrashing() {
        let depth = TreeParser.maxNesting
        let parens = { (n: Int) in "{{ " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n) + " }}" }
        #expect(parseError(parens(depth)) == nil)
        #expect(parseError(parens(depth + 1)) == "template: t:1: max expression depth exceeded")
        #expect(parseError(parens(100_000)) == "template: t:1: max expression depth exceeded")
        let ifs = String(repeating: "{{ if 1 }}", count: 100_000) + String(repeating: "{{ end }}", count: 100_000)
        #expect(parseError(ifs) == "template: t:1: max expression depth exceeded")
        let elseIfs = "{{ if 1 }}" + String(repeating: "{{ else if 1 }}", count: 100_000) + "{{ end }}"
        #expect(parseError(elseIfs) == "template: t:1: max expression depth exceeded")
    }

    @Test func hostileInputNeverCrashes() {
        let inputs = ["{{", "}}", "{{-", "{{- -}}", "{{ $", "{{ '", "{{ `", "{{ \"\\", "{{ 0x.p }}", "{{ 1e }}",
                      "{{ .}}", "{{ $x := }}", "{{ define }}", "{{ block }}", "{{ template }}", "{{ ((( }}",
                      "\u{FFFD}{{ \u{FFFD} }}", "{{ 'é' }}", "{{ \"\\xff\" }}", "{{ 1+ }}", "{{ +-2 }}", "{{ - }}"]
        for input in inputs { _ = parseError(input) }
    }
}
