import ArgumentParser
import Foundation
import OCI
import SourceController

/// `ferry list artifacts oci://host/repo`: every tag of the repository with its manifest digest
/// and the source and revision its annotations name, as `flux list artifacts` prints them —
/// newest-looking tag first (reverse string order), cosign's `.sig` tags left out,
/// `--filter-regex` and `--filter-semver` narrowing the tags.
struct ListArtifactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifacts", abstract: "List the artifacts (tags) of an OCI repository with their source and revision.")

    @Argument(help: "The repository's address, oci://<registry>/<repository>.") var url: String
    @Option(name: .customLong("filter-semver"), help: "Only tags that are versions matching this semver range, e.g. '>=1.0.0'.")
    var filterSemver: String?
    @Option(name: .customLong("filter-regex"), help: "Only tags matching this regular expression.") var filterRegex: String?
    @OptionGroup var registry: ArtifactRegistryOptions

    func run() async throws {
        try await CLIError.reporting {
            let reference = try ArtifactURL.parse(url)
            guard reference.manifestReference == nil else { throw CLIMessage("\(url): name the repository without a tag or digest") }
            let constraint = try filterSemver.map { text in
                do { return try SemverConstraint(text) } catch { throw CLIMessage("semver '\(text)' parse error: \(error)") }
            }
            let regex = try filterRegex.map { text in
                do { return try NSRegularExpression(pattern: text) } catch { throw CLIMessage("regex '\(text)' parse error: \(error.localizedDescription)") }
            }
            let client = try registry.client(for: reference, quiet: true)  // stdout is the table
            var tags = try await client.tags(repository: reference.repository).filter { !$0.hasSuffix(".sig") }
            if let regex {
                tags = tags.filter { regex.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil }
            }
            if let constraint {
                tags = tags.filter { Semver($0).map(constraint.matches) ?? false }
            }
            tags.sort(by: >)
            var table = Table(headers: ["ARTIFACT", "DIGEST", "SOURCE", "REVISION"])
            for tag in tags {
                let pulled = try await client.manifest(repository: reference.repository, reference: tag)
                let metadata = FluxArtifactMetadata(annotations: pulled.manifest.annotations ?? [:])
                table.rows.append(["\(reference.registry)/\(reference.repository):\(tag)", pulled.digest,
                                   metadata.source ?? "", metadata.revision ?? ""])
            }
            print(table.render(), terminator: "")
        }
    }
}
