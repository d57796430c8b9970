/// Why an artifact could not be fetched, worded like Flux's `fetch.ArchiveFetcher` so that a
/// Kustomization's `Ready=False/ArtifactFailed` message reads the same as under Flux.
public struct ArtifactFetchError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What failed, for the reconciler's decision: a missing artifact (404) is usually a
    /// source that has not yet published this revision, worth a short requeue; a digest
    /// mismatch or a hostile archive will not fix itself.
    public enum Kind: Sendable, Equatable {
        /// The server answered 404.
        case notFound
        /// The server was unreachable, kept failing, answered another status, or the
        /// artifact was larger than allowed.
        case download
        /// The digest was malformed or did not match the bytes.
        case verify
        /// The archive was corrupt, too large unpacked, or tried to escape the directory.
        case extract
    }

    public var kind: Kind
    public var description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    static func extract(_ reason: String) -> ArtifactFetchError {
        ArtifactFetchError(.extract, "failed to extract artifact: \(reason)")
    }
}
