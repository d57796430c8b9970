import NIOHTTP1

extension OCIClient {
    /// The manifest `reference` names: by digest when it has one (which pins the content), else
    /// by tag — `latest` when it has neither, as Docker's references default. The reference must
    /// name this client's registry.
    public func manifest(_ reference: OCIReference) async throws(OCIError) -> PulledManifest {
        guard reference.registry == registry else {
            throw OCIError(.invalidReference, "\(reference) is not on registry \(registry)")
        }
        return try await manifest(repository: reference.repository, reference: reference.manifestReference ?? "latest")
    }

    /// The digest of the manifest at `reference` (a tag or digest) without downloading it: HEAD,
    /// the registry's `Docker-Content-Digest`. For cheap "has the tag moved?" checks; nil when the
    /// registry does not send the header (then pull the manifest and hash it).
    public func manifestDigest(repository: String, reference: String) async throws(OCIError) -> String? {
        let response = try await send(.HEAD, "/v2/\(repository)/manifests/\(reference)", scope: Self.pullScope(repository),
                                      headers: [("Accept", "\(OCIMediaType.imageManifest), \(OCIMediaType.dockerManifest)")])
        switch response.status {
        case .ok:
            return response.headers.first(name: "Docker-Content-Digest").flatMap { OCIReference.isDigest($0) ? $0 : nil }
        case .notFound:
            throw OCIError(.notFound, "\(registry)/\(repository):\(reference): not found")
        default:
            throw OCIError(.protocolError, "\(registry)/\(repository):\(reference): HEAD manifest: \(response.status.code) \(response.status.reasonPhrase)")
        }
    }
}
