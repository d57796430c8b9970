import ArgumentParser
import OCI

/// `ferry tag artifact oci://host/repo:tag --tag latest [--tag …]`: gives an artifact more tags
/// by putting its manifest, byte for byte, under each new tag (so its digest stays the same).
struct TagArtifactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifact", abstract: "Add tags to an OCI artifact.")

    @Argument(help: "The artifact's address, oci://<registry>/<repository>:<tag> or @<digest>.") var url: String
    @Option(name: .long, parsing: .singleValue, help: "A tag to add (repeatable or comma-separated).") var tag: [String] = []
    @OptionGroup var registry: ArtifactRegistryOptions

    var tags: [String] { tag.flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty } }

    func validate() throws {
        guard !tags.isEmpty else { throw ValidationError("--tag is required") }
    }

    func run() async throws {
        try await CLIError.reporting {
            var reference = try ArtifactURL.parse(url)
            if reference.manifestReference == nil { reference.tag = "latest" }
            for tag in tags {
                guard (try? OCIReference.parse(reference.registry + "/" + reference.repository + ":" + tag)) != nil else {
                    throw CLIMessage("invalid tag '\(tag)': must be 1–128 of [A-Za-z0-9_.-], not starting with '.' or '-'")
                }
            }
            let client = try registry.client(for: reference)
            let pulled = try await client.manifest(reference)
            Say.action("tagging artifact")
            for tag in tags {
                do {
                    try await client.putManifest(bytes: pulled.bytes, mediaType: pulled.mediaType, repository: reference.repository, reference: tag)
                } catch {
                    throw CLIMessage("tagging artifact failed: \(error)")
                }
                Say.success("artifact tagged as \(reference.registry)/\(reference.repository):\(tag)")
            }
        }
    }
}
