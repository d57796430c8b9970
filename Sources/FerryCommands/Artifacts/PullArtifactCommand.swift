import ArgumentParser
import Foundation
import OCI
import SourceController

/// `ferry pull artifact oci://host/repo:tag --output DIR`: downloads a Flux artifact, checks the
/// layer against the manifest's digest and size, and unpacks it into an existing directory —
/// refusing, before anything is written, any entry that would land outside it (`../x`, `/x`, a
/// symlink out, a hard link or device) or an archive over 100 MiB unpacked. Prints the source,
/// revision and digest, as `flux pull artifact` does.
struct PullArtifactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifact", abstract: "Pull an OCI artifact and extract its content into a directory.")

    @Argument(help: "The artifact's address, oci://<registry>/<repository>:<tag> or @<digest>.") var url: String
    @Option(name: [.short, .long], help: "The existing directory to extract the content into.") var output: String = ""
    @OptionGroup var registry: ArtifactRegistryOptions

    func run() async throws {
        try await CLIError.reporting { try await pull() }
    }

    /// Unoptimized on purpose: Swift 6.3.1's optimizer crashes (signal 11 in LLVM's coroutine
    /// splitting, `emitSetAndGetSwiftErrorValueAround`) on this body inside `run`'s closure,
    /// which broke `swift build -c release`. A command that runs once loses nothing by it.
    @_optimize(none)
    func pull() async throws {
        var isDirectory: ObjCBool = false
        guard !output.isEmpty, FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIMessage("invalid output path \(output)")
        }
        var reference = try ArtifactURL.parse(url)
        if reference.manifestReference == nil { reference.tag = "latest" }
        let client = try registry.client(for: reference)
        Say.action("pulling artifact from \(reference)")
        let artifact = try await client.pullFluxArtifact(reference, maxLayerSize: FluxArtifactExtraction.maxSize)
        do { try FluxArtifactExtraction.extract(artifact.layerBytes, into: output) } catch {
            throw CLIMessage("extracting \(reference) failed: \(error)")
        }
        Say.success("source \(artifact.metadata.source ?? "")")
        Say.success("revision \(artifact.metadata.revision ?? "")")
        Say.success("digest \(artifact.manifest.digest)")
        Say.success("artifact content extracted to \(output)")
    }
}
