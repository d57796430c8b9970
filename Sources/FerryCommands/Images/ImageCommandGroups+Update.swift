import ArgumentParser

// `ferry get images …` and `ferry reconcile image …` (flux's command shape). The ImageRepository
// and ImagePolicy leaves join these groups next to `update`.

struct GetImagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images", abstract: "Get the status of image automation objects.",
        subcommands: [GetImagesRepositoryCommand.self, GetImagesPolicyCommand.self, GetImagesUpdateCommand.self])
}

struct ReconcileImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image", abstract: "Reconcile an image automation object.",
        subcommands: [ReconcileImageRepositoryCommand.self, ReconcileImageUpdateCommand.self])
}
