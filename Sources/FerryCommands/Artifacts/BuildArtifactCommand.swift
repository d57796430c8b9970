import ArgumentParser
import SourceController

/// `ferry build artifact --path DIR --output artifact.tgz`: the layer `ferry push artifact` would
/// push, written to a file. Reproducible: the same files give the same bytes (and digest), so a
/// build can be compared with what a registry holds.
struct BuildArtifactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifact", abstract: "Build a directory or file into an artifact tarball (.tgz).")

    @Option(name: [.short, .long], help: "The directory (or single file) holding the manifests; - reads one file from standard input.") var path: String = ""
    @Option(name: [.short, .long], help: "Where to write the tarball.") var output: String = "artifact.tgz"
    @Option(name: .customLong("ignore-paths"), parsing: .singleValue,
            help: "Paths to leave out, in .gitignore format (repeatable or comma-separated; default: VCS files and archives/images).")
    var ignorePaths: [String] = []

    func validate() throws {
        guard !path.isEmpty else { throw ValidationError("invalid path \"\"") }
    }

    func run() async throws {
        try await CLIError.reporting {
            Say.action("building artifact from \(path)")
            var result: Archiver.Result?
            try ArtifactLayer.withPath(path) { path in
                do { result = try FluxArtifactBuild.build(path: path, ignorePaths: ArtifactLayer.ignorePaths(ignorePaths), to: output) } catch {
                    throw CLIMessage("building artifact failed, error: \(error)")
                }
            }
            Say.success("artifact created at \(output)" + (result.map { " (\($0.digest))" } ?? ""))
        }
    }
}
