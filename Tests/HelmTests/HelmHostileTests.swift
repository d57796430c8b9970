import Foundation
import GoTemplate
import Archive
import Testing
@testable import Helm

/// Charts written to hurt: a tenant's chart is rendered in the process that runs every
/// controller, so each of these must end quickly with an error that says why, never with a
/// crash, a hang or the process running out of memory.
@Suite(.timeLimit(.minutes(3))) struct HelmHostileTests {
    /// Renders a chart of `templates` (names under `templates/`) and `values.yaml`; the error
    /// text, or nil when it rendered. Fails the test when it took longer than `bound`.
    func renderError(_ templates: [String: String], values: String = "", files: [String: String] = [:],
                     bound: Duration = .seconds(20)) throws -> String? {
        var chartFiles = [ChartFile(name: "Chart.yaml", data: Array("apiVersion: v2\nname: hostile\nversion: 0.1.0\n".utf8)),
                          ChartFile(name: "values.yaml", data: Array(values.utf8))]
        for (name, text) in templates { chartFiles.append(ChartFile(name: "templates/" + name, data: Array(text.utf8))) }
        for (name, text) in files { chartFiles.append(ChartFile(name: name, data: Array(text.utf8))) }
        let clock = ContinuousClock()
        let start = clock.now
        defer { #expect(clock.now - start < bound, "took \(clock.now - start)") }
        do throws(HelmError) {
            var warnings: [String] = []
            let chart = try ChartLoader.loadFiles(chartFiles, warnings: &warnings)
            _ = try Helm.template(loaded: chart, userValues: GoMap(), options: TemplateOptions())
            return nil
        } catch {
            return error.message
        }
    }

    @Test func includeOfItselfStopsAtHelmsRecursionLimit() throws {
        let message = try renderError(["_r.tpl": #"{{ define "loop" }}{{ include "loop" . }}{{ end }}"#,
                                       "cm.yaml": #"{{ include "loop" . }}"#])
        #expect(message?.hasPrefix(#"template: hostile/templates/cm.yaml:1:3: executing "hostile/templates/cm.yaml" at <include "loop" .>: error calling include: "#) == true)
        #expect(message?.contains("error calling include: rendering template has a nested reference name: loop: unable to execute template") == true)
    }

    /// Helm would print a billion lines; here `until` refuses a list that long, and a loop
    /// that would print more than the output limit stops at the limit, naming the template.
    @Test func hugeLoopsStopAtTheListAndOutputLimits() throws {
        let until = try renderError(["loop.yaml": "{{ range $i := until 100000000 }}line {{ $i }}\n{{ end }}"])
        #expect(until == #"template: hostile/templates/loop.yaml:1:15: executing "hostile/templates/loop.yaml" at <until 100000000>: error calling until: untilStep: more than 10000000 elements"# + "\n\nUse --debug flag to render out invalid YAML")
        let printed = try renderError(["big.yaml": #"{{ $mb := repeat 1048576 "x" }}{{ range until 200 }}{{ $mb }}{{ end }}"#])
        #expect(printed?.hasPrefix(#"template: hostile/templates/big.yaml:1:"#) == true)
        #expect(printed?.contains(#"executing "hostile/templates/big.yaml""#) == true)
        #expect(printed?.contains("rendered output is larger than the limit of 104857600 bytes") == true)
    }

    @Test func loopsWithoutOutputStopAtTheStepLimit() throws {
        let message = try renderError(["spin.yaml": "{{ range until 10000 }}{{ range until 10000 }}{{ end }}{{ end }}"], bound: .seconds(60))
        #expect(message?.contains(#"executing "hostile/templates/spin.yaml""#) == true)
        #expect(message?.contains("render stopped after 10000000 steps (range iterations, template calls and includes)") == true,
                "\(message ?? "rendered")")
    }

    @Test func deeplyNestedValuesAreRefused() throws {
        let depth = 10_000
        let flow = String(repeating: "{a: ", count: depth) + "1" + String(repeating: "}", count: depth) + "\n"
        let message = try renderError(["cm.yaml": "depth: {{ len .Values }}\n"], values: flow)
        #expect(message?.hasPrefix("cannot load values.yaml: error converting YAML to JSON: yaml: Maximum nesting level reached") == true,
                "\(message ?? "rendered")")
        let block = (0..<depth).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + " 1\n"
        let second = try renderError(["cm.yaml": "{{ toYaml .Values | len }}\n"], values: block)
        #expect(second?.hasPrefix("cannot load values.yaml: error converting YAML to JSON: yaml: line 999: Maximum nesting level reached") == true,
                "\(second ?? "rendered")")
    }

    @Test func aliasBombInValuesIsRefused() throws {
        var values = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 {
            let refs = Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ")
            values += "a\(i): &a\(i) [\(refs)]\n"
        }
        let message = try renderError(["cm.yaml": "{{ toYaml .Values }}\n"], values: values)
        #expect(message?.contains("document contains excessive aliasing") == true)
    }

    @Test func tplOfItselfStopsAtTheRecursionLimit() throws {
        let message = try renderError(["cm.yaml": "{{ tpl .Values.self . }}\n"], values: "self: '{{ tpl .Values.self . }}'\n")
        #expect(message?.contains("error calling tpl: ") == true)
        #expect(message?.hasPrefix(#"template: hostile/templates/cm.yaml:1:3: executing "hostile/templates/cm.yaml" at <tpl .Values.self .>: error calling tpl: error during tpl function execution for "{{ tpl .Values.self . }}": "#) == true)
        #expect(message?.contains("error calling tpl: tpl: nested more than 100 calls deep") == true)
        // A long text is quoted in the error once per level; the error stays bounded.
        let padding = String(repeating: "x", count: 1 << 20)
        let long = try renderError(["cm.yaml": "{{ tpl .Values.self . }}\n"],
                                   values: "self: '{{ tpl .Values.self . }}\(padding)'\n", bound: .seconds(20))
        #expect(long?.contains("error calling tpl: tpl: nested more than 100 calls deep") == true)
        #expect((long?.utf8.count ?? 0) < 8 << 20)
    }

    @Test func regexMatchIsLinearOnCatastrophicPatterns() throws {
        let subject = String(repeating: "a", count: 100_000) + "!"
        let message = try renderError(["cm.yaml": #"{{ regexMatch "^(a+)+$" .Values.s }} {{ regexMatch "(a|aa)*b" .Values.s }}"#],
                                      values: "s: \(subject)\n", bound: .seconds(10))
        #expect(message == nil)
    }

    @Test func repeatRefusesHugeOutputWithoutAllocating() throws {
        let message = try renderError(["cm.yaml": #"{{ repeat 1000000000 "x" }}"#], bound: .seconds(5))
        #expect(message == #"template: hostile/templates/cm.yaml:1:3: executing "hostile/templates/cm.yaml" at <repeat 1000000000 "x">: error calling repeat: repeat: output of 1000000000 bytes is larger than the limit of 104857600 bytes"# + "\n\nUse --debug flag to render out invalid YAML")
    }

    @Test func pathologicalGlobPatternsEndQuickly() throws {
        let files = Dictionary(uniqueKeysWithValues: (0..<50).map { ("files/\(String(repeating: "a", count: 200))\($0).txt", "x") })
        let stars = String(repeating: "*a", count: 200) + "b"
        let nested = String(repeating: "{a,", count: 5000) + "b" + String(repeating: "}", count: 5000)
        let message = try renderError(["cm.yaml": """
            n: {{ len (.Files.Glob .Values.stars) }}
            m: {{ len (.Files.Glob "**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/*b") }}
            o: {{ len (.Files.Glob .Values.nested) }}
            """], values: "stars: '\(stars)'\nnested: '\(nested)'\n", files: files, bound: .seconds(10))
        #expect(message == nil)
    }

    @Test func keyGenerationInALoopIsBounded() throws {
        let message = try renderError(["keys.yaml": #"{{ range until 1000 }}{{ genPrivateKey "rsa" | len }} {{ end }}"#],
                                      bound: .seconds(150))
        #expect(message?.contains(#"executing "hostile/templates/keys.yaml""#) == true)
        #expect(message?.contains("error calling genPrivateKey: genPrivateKey: a render may make at most 16 keys, certificates and password hashes") == true)
    }

    /// A `.tgz` of the given tar entries, each under the chart's directory unless it says otherwise.
    func archive(_ entries: [(path: String, contents: [UInt8])], padTo size: Int = 0) throws -> [UInt8] {
        var out: [UInt8] = []
        let gzip = try GzipWriter { out += $0 }
        for entry in entries { try gzip.write(Tar.file(path: entry.path, contents: entry.contents)) }
        if size > 0 {
            try gzip.write(Tar.header(path: "hostile/big.bin", type: .file, mode: 0o644, size: size))
            let zeros = [UInt8](repeating: 0, count: 1 << 20)
            for _ in 0..<(size >> 20) { try gzip.write(zeros) }
        }
        try gzip.write(Tar.trailer)
        try gzip.finish()
        return out
    }

    static let chartYAML = Array("apiVersion: v2\nname: hostile\nversion: 0.1.0\n".utf8)

    @Test func archivesReachingOutsideTheChartAreRefused() throws {
        let escaping = try archive([("hostile/Chart.yaml", Self.chartYAML), ("hostile/../../etc/passwd", Array("x".utf8))])
        #expect(throws: HelmError("chart illegally references parent directory")) { try ChartLoader.load(archive: escaping) }
        let absolute = try archive([("hostile/Chart.yaml", Self.chartYAML), ("hostile//etc/passwd", Array("x".utf8))])
        #expect(throws: HelmError("chart illegally contains absolute paths")) { try ChartLoader.load(archive: absolute) }
    }

    @Test func gzipBombChartsStopAtTheDecompressedSizeLimit() throws {
        let bomb = try archive([("hostile/Chart.yaml", Self.chartYAML)], padTo: 200 << 20)
        #expect(bomb.count < 1 << 20)
        #expect(throws: HelmError("decompressed chart is larger than the maximum size 104857600")) { try ChartLoader.load(archive: bomb) }
        let bigFile = try archive([("hostile/Chart.yaml", Self.chartYAML)], padTo: 8 << 20)
        #expect(throws: HelmError(#"decompressed chart file "hostile/big.bin" is larger than the maximum file size 5242880"#)) {
            try ChartLoader.load(archive: bigFile)
        }
    }

    /// Go stops a `{{template}}` of itself at depth 100,000; the stack here must hold that too.
    @Test func templateOfItselfStopsAtGosDepthLimit() throws {
        let message = try renderError(["cm.yaml": #"{{ define "a" }}{{ template "a" . }}{{ template "a" . }}{{ end }}{{ template "a" . }}"#],
                                      bound: .seconds(60))
        #expect(message?.contains("exceeded maximum template depth (100000)") == true, "\(message ?? "rendered")")
    }
}
