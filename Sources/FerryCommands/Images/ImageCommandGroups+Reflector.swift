import ArgumentParser

// `ferry create|suspend|resume image repository|policy|update` (flux's command shape); `update`
// is the ImageUpdateAutomation leaf (ReconcileImageUpdateCommand.swift). The `get images` and `reconcile image` groups
// (ImageCommandGroups+Update.swift) take the repository and policy leaves of this directory too.

struct CreateImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image", abstract: "Create or update an image automation object.",
        subcommands: [CreateImageRepositoryCommand.self, CreateImagePolicyCommand.self, CreateImageUpdateCommand.self])
}

struct SuspendImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image", abstract: "Suspend an image automation object.",
        subcommands: [SuspendImageRepositoryCommand.self, SuspendImagePolicyCommand.self, SuspendImageUpdateCommand.self])
}

struct ResumeImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image", abstract: "Resume an image automation object.",
        subcommands: [ResumeImageRepositoryCommand.self, ResumeImagePolicyCommand.self, ResumeImageUpdateCommand.self])
}
