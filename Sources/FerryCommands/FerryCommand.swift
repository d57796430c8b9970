import ArgumentParser

/// `ferry`: the root command. Each subcommand lives in its own file.
public struct FerryCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ferry",
        abstract: "GitOps for Kubernetes: reconcile clusters from Git (Flux v2 API compatible).",
        version: FerryVersion.current,
        subcommands: [
            VersionCommand.self, CheckCommand.self, KustomizeCommand.self, CreateCommand.self, GetCommand.self,
            ReconcileCommand.self, SuspendCommand.self, ResumeCommand.self, DeleteCommand.self, ExportCommand.self,
            InstallCommand.self, UninstallCommand.self, BootstrapCommand.self, EventsCommand.self, LogsCommand.self,
            TreeCommand.self, TraceCommand.self, BuildCommand.self, DiffCommand.self, ControllersCommand.self,
            HelmCommand.self, PushCommand.self, PullCommand.self, TagCommand.self, ListCommand.self,
        ]
    )
    public init() {}
}

public enum FerryVersion {
    public static let current = "0.1.0"
}
