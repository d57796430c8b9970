import ArgumentParser
import Foundation
import OCI

/// `ferry diff artifact oci://host/repo:tag --path DIR`: builds the directory as `push artifact`
/// would and compares the result with the artifact's content layer by digest and size (only the
/// manifest is downloaded). Exit status as `flux diff artifact`: 0 and "no changes detected"
/// when they are the same, 1 when they differ or the comparison fails.
struct DiffArtifactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifact", abstract: "Compare a local directory with an OCI artifact's content (exit 1 when they differ).")

    @Argument(help: "The artifact's address, oci://<registry>/<repository>:<tag> or @<digest>.") var url: String
    @Option(help: "The directory (or single file) to compare.") var path: String = ""
    @Option(name: .customLong("ignore-paths"), parsing: .singleValue,
            help: "Paths to leave out, in .gitignore format (repeatable or comma-separated; default: VCS files and archives/images).")
    var ignorePaths: [String] = []
    @OptionGroup var registry: ArtifactRegistryOptions

    func validate() throws {
        guard !path.isEmpty else { throw ValidationError("invalid path \"\"") }
    }

    func run() async throws {
        try await CLIError.reporting {
            var reference = try ArtifactURL.parse(url)
            if reference.manifestReference == nil { reference.tag = "latest" }
            guard FileManager.default.fileExists(atPath: path) else {
                throw CLIMessage("invalid path '\(path)', must point to an existing directory or file")
            }
            let local = try ArtifactLayer.build(path: path, ignorePaths: ArtifactLayer.ignorePaths(ignorePaths))
            let client = try registry.client(for: reference)
            let pulled = try await client.manifest(reference)
            guard let layer = pulled.manifest.layers.first else { throw CLIMessage("no layers found in artifact") }
            guard OCIClient.digest(local) == layer.digest, Int64(local.count) == layer.size else {
                throw CLIMessage("the remote artifact contents differs from the local one")
            }
            Say.success("no changes detected")
        }
    }
}
