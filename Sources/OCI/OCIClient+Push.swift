import Foundation
import NIOHTTP1

extension OCIClient {
    /// Uploads `bytes` as a blob of `repository` unless the registry has it: HEAD, then a
    /// monolithic upload (POST for a session, PUT with `?digest=`). Returns its descriptor.
    @discardableResult
    public func pushBlob(_ bytes: [UInt8], mediaType: String, repository: String) async throws(OCIError) -> OCIDescriptor {
        let digest = Self.digest(bytes)
        let descriptor = OCIDescriptor(mediaType: mediaType, digest: digest, size: Int64(bytes.count))
        let scope = Self.pushScope(repository)
        let head = try await send(.HEAD, "/v2/\(repository)/blobs/\(digest)", scope: scope)
        if head.status == .ok { return descriptor }
        let session = try await send(.POST, "/v2/\(repository)/blobs/uploads/", scope: scope, body: [])
        guard session.status == .accepted, let location = session.headers.first(name: "Location"),
              let upload = URL(string: location, relativeTo: URL(string: baseURL + "/"))?.absoluteURL,
              var components = URLComponents(url: upload, resolvingAgainstBaseURL: false) else {
            throw OCIError(.protocolError, "\(registry)/\(repository): start upload: \(session.status.code) \(session.status.reasonPhrase)")
        }
        guard Self.host(of: upload.absoluteString) == registry else {
            throw OCIError(.protocolError, "\(registry)/\(repository): upload location on another host")
        }
        components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "digest", value: digest)]
        let put = try await send(.PUT, components.string ?? upload.absoluteString, scope: scope,
                                 headers: [("Content-Type", "application/octet-stream")], body: bytes)
        guard put.status == .created else {
            throw OCIError(.protocolError, "\(registry)/\(repository): upload \(digest): \(put.status.code) \(put.status.reasonPhrase)"
                           + (Self.errorDetail(put.body).map { ": \($0)" } ?? ""))
        }
        return descriptor
    }

    /// PUTs `manifest` as `reference` (a tag) of `repository`; the blobs it names must be pushed
    /// first. Returns the manifest's digest.
    @discardableResult
    public func pushManifest(_ manifest: OCIManifest, repository: String, reference: String) async throws(OCIError) -> String {
        let bytes: [UInt8]
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            bytes = Array(try encoder.encode(manifest))
        } catch {
            throw OCIError(.protocolError, "cannot encode manifest: \(error)")
        }
        let response = try await send(.PUT, "/v2/\(repository)/manifests/\(reference)", scope: Self.pushScope(repository),
                                      headers: [("Content-Type", manifest.mediaType ?? OCIMediaType.imageManifest)], body: bytes)
        guard response.status == .created else {
            throw OCIError(.protocolError, "\(registry)/\(repository):\(reference): push manifest: \(response.status.code) "
                           + "\(response.status.reasonPhrase)" + (Self.errorDetail(response.body).map { ": \($0)" } ?? ""))
        }
        return Self.digest(bytes)
    }

    static func pushScope(_ repository: String) -> String { "repository:\(repository):pull,push" }
}
