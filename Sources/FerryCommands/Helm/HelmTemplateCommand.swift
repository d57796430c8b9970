import ArgumentParser
import Foundation
import Helm

/// `ferry helm template [NAME] CHART`: what `helm template` v3.15 prints for a local chart
/// (directory or `.tgz`), rendered natively: manifests on standard output, warnings on standard
/// error, a failure as `Error: …` with exit status 1.
struct HelmTemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Render a chart's templates locally, printing what `helm template` prints.")

    @Argument(help: "The release name (optional), then the chart: a directory or a .tgz archive.")
    var arguments: [String] = []

    @Option(name: [.customShort("f"), .customLong("values")], help: "A values file (repeatable; comma-separated lists allowed).")
    var valueFiles: [String] = []

    @Option(name: .customLong("set"), help: "Set values (a.b=c,d=e), Helm's strvals syntax.")
    var set: [String] = []

    @Option(name: .customLong("set-string"), help: "Set string values (a.b=c).")
    var setString: [String] = []

    @Option(name: .customLong("set-json"), help: "Set JSON values (a.b={\"x\":1}).")
    var setJSON: [String] = []

    @Option(name: .customLong("set-file"), help: "Set values from files (a.b=path).")
    var setFile: [String] = []

    @Option(name: .customLong("set-literal"), help: "Set a literal string value (a.b=text, no parsing).")
    var setLiteral: [String] = []

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The release namespace.")
    var namespace = "default"

    @Option(name: .customLong("kube-version"), help: "The Kubernetes version for .Capabilities.KubeVersion (default v1.30.0).")
    var kubeVersion: String?

    @Option(name: [.customShort("a"), .customLong("api-versions")], help: "Extra API versions for .Capabilities.APIVersions (repeatable, comma-separated).")
    var apiVersions: [String] = []

    @Flag(name: .customLong("include-crds"), help: "Print the chart's crds/ files too.")
    var includeCRDs = false

    @Flag(name: .customLong("skip-tests"), help: "Leave out test hooks.")
    var skipTests = false

    @Flag(name: .customLong("no-hooks"), help: "Leave out all hooks.")
    var noHooks = false

    @Flag(name: .customLong("is-upgrade"), help: "Render as an upgrade (.Release.IsUpgrade).")
    var isUpgrade = false

    @Flag(name: .customLong("hide-secret"), help: "Leave out v1 Secrets.")
    var hideSecret = false

    @Option(name: [.customShort("s"), .customLong("show-only")], help: "Only print manifests from these templates (path or glob, repeatable).")
    var showOnly: [String] = []

    @Option(name: .customLong("name-template"), help: "A template for the release name.")
    var nameTemplate: String?

    func run() throws {
        guard (1...2).contains(arguments.count) else {
            Self.exitWithError(arguments.isEmpty ? "\"helm template\" requires at least 1 argument"
                               : "expected at most two arguments, unexpected arguments: \(arguments.dropFirst(2).joined(separator: ", "))")
        }
        var options = TemplateOptions()
        options.releaseName = arguments.count == 2 ? arguments[0] : nil
        options.namespace = namespace
        options.values.valueFiles = valueFiles.flatMap { $0.split(separator: ",").map(String.init) }
        options.values.set = set
        options.values.setString = setString
        options.values.setJSON = setJSON
        options.values.setFile = setFile
        options.values.setLiteral = setLiteral
        options.kubeVersion = kubeVersion
        options.apiVersions = apiVersions.flatMap { $0.split(separator: ",").map(String.init) }
        options.includeCRDs = includeCRDs
        options.skipTests = skipTests
        options.noHooks = noHooks
        options.isUpgrade = isUpgrade
        options.hideSecret = hideSecret
        options.showOnly = showOnly
        options.nameTemplate = nameTemplate
        let output: TemplateOutput
        do {
            output = try Helm.template(chart: arguments[arguments.count - 1], options: options)
        } catch {
            Self.exitWithError(error.message)
        }
        for warning in output.warnings {
            FileHandle.standardError.write(Data((warning + "\n").utf8))
        }
        FileHandle.standardOutput.write(Data(output.manifests.utf8))
    }

    static func exitWithError(_ message: String) -> Never {
        FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
        Foundation.exit(1)
    }
}
