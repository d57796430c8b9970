import GoTemplate
import Helm

extension FuzzTarget {
    /// A gzip stream is loaded as a chart archive; any other input is a chart of a fixed
    /// `Chart.yaml` whose `values.yaml` is the text up to the first `#### <name>` line, each
    /// such line starting the template `templates/<name>` (at most 8; without one, a template
    /// prints `toYaml .Values`). It is rendered as `helm template` renders it; only a
    /// `HelmError` may come out.
    static func helmChart(_ data: [UInt8]) {
        let chart: Chart
        do throws(HelmError) {
            if data.starts(with: [0x1f, 0x8b]) {
                chart = try ChartLoader.load(archive: data)
            } else {
                var warnings: [String] = []
                chart = try ChartLoader.loadFiles(chartFiles(String(decoding: data, as: UTF8.self)), warnings: &warnings)
            }
            _ = try Helm.template(loaded: chart, userValues: GoMap(), options: TemplateOptions())
        } catch {
            precondition(!error.message.isEmpty, "a Helm error without a message")
        }
    }

    static func chartFiles(_ text: String) -> [ChartFile] {
        var values = ""
        var templates: [(name: String, text: String)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#### "), templates.count < 8 {
                let name = String(line.dropFirst(5).unicodeScalars.filter(isPathCharacter))
                templates.append((name.isEmpty || name.hasPrefix(".") ? "t\(templates.count).yaml" : name, ""))
            } else if templates.isEmpty {
                values += line + "\n"
            } else {
                templates[templates.count - 1].text += line + "\n"
            }
        }
        if templates.isEmpty { templates = [("values.yaml", "{{ toYaml .Values }}\n")] }
        let chartYAML = "apiVersion: v2\nname: fuzz\nversion: 0.1.0\n"
        return [ChartFile(name: "Chart.yaml", data: Array(chartYAML.utf8)),
                ChartFile(name: "values.yaml", data: Array(values.utf8))]
            + templates.map { ChartFile(name: "templates/" + $0.name, data: Array($0.text.utf8)) }
    }
}
