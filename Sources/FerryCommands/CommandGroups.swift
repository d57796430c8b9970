import ArgumentParser

// The command groups (`ferry create`, `ferry get source`, …) only name their subcommands;
// they live together here so the shape of the command line can be read in one place. Every
// leaf command is one file next to the kind it works on (`Sources/`, `Kustomizations/`).

struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create or update Ferry objects.",
        subcommands: [CreateSourceCommand.self, CreateKustomizationCommand.self, CreateHelmReleaseCommand.self, CreateImageCommand.self,
                      CreateSecretCommand.self])
}

struct CreateSourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "source", abstract: "Create or update a source.",
        subcommands: [CreateSourceGitCommand.self, CreateSourceHelmCommand.self, CreateSourceChartCommand.self, CreateSourceOCICommand.self])
}

struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Get the status of Ferry's objects.",
        subcommands: [GetSourcesCommand.self, GetKustomizationsCommand.self, GetHelmReleasesCommand.self, GetImagesCommand.self, GetArtifactCommand.self, GetAllCommand.self])
}

struct GetSourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources", abstract: "Get the status of sources.",
        subcommands: [GetSourcesGitCommand.self, GetSourcesHelmCommand.self, GetSourcesChartCommand.self, GetSourcesOCICommand.self, GetSourcesExternalCommand.self, GetSourcesAllCommand.self])
}

struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile", abstract: "Ask the controller to reconcile an object now, and wait.",
        subcommands: [ReconcileSourceCommand.self, ReconcileKustomizationCommand.self, ReconcileHelmReleaseCommand.self, ReconcileImageCommand.self])
}

struct ReconcileSourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "source", abstract: "Reconcile a source.",
        subcommands: [ReconcileSourceGitCommand.self, ReconcileSourceHelmCommand.self, ReconcileSourceChartCommand.self, ReconcileSourceOCICommand.self])
}

struct SuspendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspend", abstract: "Suspend reconciliation of an object.",
        subcommands: [SuspendSourceCommand.self, SuspendKustomizationCommand.self, SuspendHelmReleaseCommand.self, SuspendImageCommand.self])
}

struct SuspendSourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "source", abstract: "Suspend a source.",
        subcommands: [SuspendSourceGitCommand.self, SuspendSourceHelmCommand.self, SuspendSourceChartCommand.self, SuspendSourceOCICommand.self])
}

struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Resume reconciliation of a suspended object.",
        subcommands: [ResumeSourceCommand.self, ResumeKustomizationCommand.self, ResumeHelmReleaseCommand.self, ResumeImageCommand.self])
}

struct ResumeSourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "source", abstract: "Resume a source.",
        subcommands: [ResumeSourceGitCommand.self, ResumeSourceHelmCommand.self, ResumeSourceChartCommand.self, ResumeSourceOCICommand.self])
}

struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete Ferry objects.",
        subcommands: [DeleteSourceCommand.self, DeleteKustomizationCommand.self, DeleteHelmReleaseCommand.self])
}

struct DeleteSourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "source", abstract: "Delete a source.",
        subcommands: [DeleteSourceGitCommand.self, DeleteSourceHelmCommand.self, DeleteSourceChartCommand.self, DeleteSourceOCICommand.self])
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Print Ferry objects as clean YAML, ready to commit.",
        subcommands: [ExportSourceCommand.self, ExportKustomizationCommand.self, ExportHelmReleaseCommand.self])
}

struct ExportSourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "source", abstract: "Export sources.",
        subcommands: [ExportSourceGitCommand.self, ExportSourceHelmCommand.self, ExportSourceChartCommand.self, ExportSourceOCICommand.self])
}

struct TreeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tree", abstract: "Print the objects a Ferry object manages, as a tree.",
        subcommands: [TreeKustomizationCommand.self, TreeHelmReleaseCommand.self])
}

// `ferry push|pull|tag|list artifact(s)`: OCI artifacts in Flux's format (`Artifacts/`).

struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push", abstract: "Push artifacts to an OCI registry.", subcommands: [PushArtifactCommand.self])
}

struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Pull artifacts from an OCI registry.", subcommands: [PullArtifactCommand.self])
}

struct TagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag", abstract: "Tag artifacts in an OCI registry.", subcommands: [TagArtifactCommand.self])
}

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List artifacts in an OCI registry.", subcommands: [ListArtifactsCommand.self])
}
