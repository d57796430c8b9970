import ArgumentParser

/// `ferry helm …`: Helm's client-side commands, natively.
struct HelmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helm",
        abstract: "Work with Helm charts natively (as Helm v3.15 does).",
        subcommands: [HelmTemplateCommand.self])
}
