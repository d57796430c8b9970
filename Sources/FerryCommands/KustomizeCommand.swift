import ArgumentParser
import Foundation
import Kustomize

/// `ferry kustomize DIR`: what `kubectl kustomize DIR` prints, built natively.
struct KustomizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kustomize",
        abstract: "Build a kustomization directory, printing what `kubectl kustomize` prints (kustomize v5.5).")

    enum LoadRestrictor: String, ExpressibleByArgument {
        case LoadRestrictionsRootOnly, LoadRestrictionsNone
    }

    enum Reorder: String, ExpressibleByArgument {
        case legacy, none
    }

    @Argument(help: "The directory holding kustomization.yaml.")
    var directory: String = "."

    @Option(name: .customLong("load-restrictor"), help: "Whether files outside the kustomization root may be read.")
    var loadRestrictor: LoadRestrictor = .LoadRestrictionsRootOnly

    @Option(help: "Final resource order: legacy (kustomize's kind order) or none (input order).")
    var reorder: Reorder?

    @Flag(name: .customLong("enable-alpha-plugins"), help: "Accepted for compatibility; exec and container functions are not supported.")
    var enableAlphaPlugins = false

    @Flag(name: .customLong("enable-managedby-label"), help: "Add app.kubernetes.io/managed-by to every resource.")
    var enableManagedByLabel = false

    @Flag(name: .customLong("no-remote-bases"), help: "Refuse remote bases and components (Git URLs in resources or components) instead of cloning them.")
    var noRemoteBases = false

    @Option(name: [.short, .customLong("output")], help: "Write the output to this file instead of standard output.")
    var output: String?

    func run() throws {
        var options = Kustomize.Options(
            loadRestrictor: loadRestrictor == .LoadRestrictionsNone ? .none : .rootOnly,
            reorder: reorder.map { $0 == .none ? Kustomize.Reorder.none : .legacy },
            enableAlphaPlugins: enableAlphaPlugins,
            enableManagedByLabel: enableManagedByLabel)
        options.allowRemoteBases = !noRemoteBases
        options.warningHandler = { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
        let text: String
        do {
            text = try Kustomize.buildYAML(directory: directory, options: options)
        } catch {
            CLIError.fail("\(error)")
        }
        if let output {
            do {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                CLIError.fail("cannot write \(output): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
