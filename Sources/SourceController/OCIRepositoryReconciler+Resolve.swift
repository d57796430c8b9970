import FerryAPI
import Foundation
import OCI

extension OCIRepositoryReconciler {
    /// The artifact `settings.target` names now. A tag costs one HEAD (a GET of the manifest
    /// only when the registry sends no `Docker-Content-Digest`); a semver range one tag list more.
    static func resolve(_ settings: OCIRepositorySettings, client: OCIClient, url: String) async throws(SourceError) -> ResolvedOCIArtifact {
        let tag: String
        switch settings.target {
        case .digest(let digest):
            return ResolvedOCIArtifact(tag: nil, digest: digest)
        case .tag(let named):
            tag = named
        case .semver(let range, let filter):
            let tags: [String]
            do { tags = try await client.tags(repository: settings.repository) } catch {
                throw registryError(error, prefix: "failed to determine the artifact tag for '\(url)'")
            }
            guard let picked = try highestTag(tags, range: range, filter: filter) else {
                throw SourceError(.transient, SourceCondition.fetchFailed, reason: OCIRepositoryReason.pullFailed,
                                  message: "failed to determine the artifact tag for '\(url)': no match found for semver: \(range)")
            }
            tag = picked
        }
        do {
            if let digest = try await client.manifestDigest(repository: settings.repository, reference: tag) {
                return ResolvedOCIArtifact(tag: tag, digest: digest)
            }
            let pulled = try await client.manifest(repository: settings.repository, reference: tag)
            return ResolvedOCIArtifact(tag: tag, digest: pulled.digest)
        } catch {
            throw registryError(error, prefix: "failed to determine artifact digest")
        }
    }

    /// The tag whose version is the highest in `range` among `tags` that match `filter` (a
    /// regular expression, found anywhere in the tag as Go's `MatchString`); tags that are not
    /// versions are skipped. Pure: the tests feed it tag lists.
    static func highestTag(_ tags: [String], range: String, filter: String?) throws(SourceError) -> String? {
        let constraint: SemverConstraint
        do { constraint = try SemverConstraint(range) } catch {
            throw GitRepositorySettings.invalid("spec.ref.semver", range, because: "\(error)")
        }
        var candidates = tags
        if let filter {
            guard let regex = try? NSRegularExpression(pattern: filter) else {
                throw GitRepositorySettings.invalid("spec.ref.semverFilter", filter, because: "not a valid regular expression")
            }
            candidates = candidates.filter { regex.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil }
        }
        return constraint.highest(in: candidates.compactMap(Semver.init))?.original
    }
}
