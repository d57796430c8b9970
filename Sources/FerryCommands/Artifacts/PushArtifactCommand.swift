import ArgumentParser
import Foundation
import OCI
import SourceController

/// `ferry push artifact oci://host/repo:tag --path DIR --source URL --revision REV`: builds the
/// directory (or file) into Flux's artifact format — one reproducible `tar+gzip` layer, config
/// `application/vnd.cncf.flux.config.v1+json`, annotations source/revision/created — and pushes it,
/// as `flux push artifact` does. Prints the digest address; `--output json|yaml` prints
/// `url`, `repository`, `tag` and `digest` instead (for `cosign sign`).
struct PushArtifactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifact", abstract: "Build a directory or file into an OCI artifact and push it to a registry.")

    @Argument(help: "The artifact's address, oci://<registry>/<repository>:<tag> (tag defaults to latest).") var url: String
    @Option(help: "The directory (or single file) holding the manifests; - reads one file from standard input.") var path: String = ""
    @Option(help: "The source address, e.g. the Git URL.") var source: String = ""
    @Option(help: "The source revision, e.g. '<branch|tag>@sha1:<commit-sha>'.") var revision: String = ""
    @Option(name: [.customShort("a"), .long], help: "An annotation to set on the artifact, key=value (repeatable).")
    var annotations: [String] = []
    @Option(name: .customLong("ignore-paths"), parsing: .singleValue,
            help: "Paths to leave out, in .gitignore format (repeatable or comma-separated; default: VCS files and archives/images).")
    var ignorePaths: [String] = []
    @Flag(help: "Make the manifest's digest reproducible: the created annotation is the epoch, 1970-01-01T00:00:00Z.")
    var reproducible = false
    @Option(name: [.short, .long], help: "Print the pushed artifact's address as 'json' or 'yaml'.") var output: String?
    @OptionGroup var registry: ArtifactRegistryOptions

    func validate() throws {
        guard !source.isEmpty else { throw ValidationError("--source is required") }
        guard !revision.isEmpty else { throw ValidationError("--revision is required") }
        guard !path.isEmpty else { throw ValidationError("invalid path \"\"") }
        if let output, output != "json", output != "yaml" { throw ValidationError("--output must be 'json' or 'yaml'") }
        _ = try ArtifactAnnotations.parse(annotations)
    }

    func run() async throws {
        try await CLIError.reporting {
            var reference = try ArtifactURL.parse(url)
            guard reference.digest == nil else { throw CLIMessage("\(url): a pushed artifact is named by a tag, not a digest") }
            reference.tag = reference.tag ?? "latest"
            let quiet = output != nil
            let client = try registry.client(for: reference, quiet: quiet)
            let layer = try ArtifactLayer.build(path: path, ignorePaths: ArtifactLayer.ignorePaths(ignorePaths))
            let metadata = FluxArtifactMetadata.annotations(source: source, revision: revision,
                                                            created: reproducible ? Date(timeIntervalSince1970: 0) : Date(),
                                                            extra: try ArtifactAnnotations.parse(annotations))
            if !quiet { Say.action("pushing artifact to \(reference)") }
            let digest: String
            do {
                digest = try await client.pushFluxArtifact(layer: layer, repository: reference.repository, tag: reference.tag ?? "latest",
                                                           annotations: metadata)
            } catch {
                throw CLIMessage("pushing artifact failed: \(error)")
            }
            let repository = reference.registry + "/" + reference.repository
            switch output {
            case "json":
                print("{\n  \"url\": \(json("oci://\(repository)@\(digest)")),\n  \"repository\": \(json(repository)),\n"
                      + "  \"tag\": \(json(reference.tag ?? "latest")),\n  \"digest\": \(json(digest))\n}")
            case "yaml":
                print("digest: \(digest)\nrepository: \(repository)\ntag: \(reference.tag ?? "latest")\nurl: oci://\(repository)@\(digest)")
            default:
                Say.success("artifact successfully pushed to \(repository)@\(digest)")
            }
        }
    }

    private func json(_ text: String) -> String {
        (try? JSONEncoder().encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}

/// `--annotations key=value`, as flux parses them.
enum ArtifactAnnotations {
    static func parse(_ values: [String]) throws -> [String: String] {
        var annotations: [String: String] = [:]
        for value in values {
            guard let eq = value.firstIndex(of: "="), eq != value.startIndex else {
                throw ValidationError("invalid annotation \(value), must be in the format key=value")
            }
            annotations[String(value[..<eq])] = String(value[value.index(after: eq)...])
        }
        return annotations
    }
}

/// Building a layer in a temporary file and reading it back, for push and diff.
enum ArtifactLayer {
    /// `--ignore-paths` values (each may hold several, comma-separated, as cobra's string slices);
    /// nil (flux's default) when none were given.
    static func ignorePaths(_ values: [String]) -> [String]? {
        let paths = values.flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
        return values.isEmpty ? nil : paths
    }

    static func build(path: String, ignorePaths: [String]?) throws -> [UInt8] {
        let file = NSTemporaryDirectory() + "ferry-artifact-" + UUID().uuidString + ".tgz"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try withPath(path) { path in try build(path: path, ignorePaths: ignorePaths, to: file) }
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIMessage("building artifact failed: cannot read \(file)") }
        return [UInt8](data)
    }

    static func build(path: String, ignorePaths: [String]?, to file: String) throws {
        do { _ = try FluxArtifactBuild.build(path: path, ignorePaths: ignorePaths, to: file) } catch {
            throw CLIMessage("building artifact failed: \(error)")
        }
    }

    /// Runs `body` with `path`, or — for `--path -`, as flux reads it — with a file holding
    /// standard input (trailing newlines trimmed) named `stdin.yaml`, removed after. Flux names
    /// it at random; a fixed name keeps the same input giving the same layer digest.
    static func withPath(_ path: String, _ body: (String) throws -> Void) throws {
        guard path == "-" else { return try body(path) }
        var data = FileHandle.standardInput.readDataToEndOfFile()
        while let last = data.last, last == 0x0A || last == 0x0D { data.removeLast() }
        let directory = NSTemporaryDirectory() + "ferry-stdin-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let file = directory + "/stdin.yaml"
        guard FileManager.default.createFile(atPath: file, contents: data) else { throw CLIMessage("unable to save standard input to a file") }
        try body(file)
    }
}
