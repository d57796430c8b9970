import Crypto
import Foundation
import NIOHTTP1

extension OCIClient {
    /// A manifest as pulled: decoded, with its exact bytes and their digest.
    public struct PulledManifest: Sendable {
        public var manifest: OCIManifest
        public var digest: String
        public var mediaType: String
        public var bytes: [UInt8]
    }

    /// GET `/v2/<repository>/manifests/<reference>` accepting an OCI image manifest or Docker's
    /// schema 2. The bytes must hash to the reference when it is a digest, and to the
    /// `Docker-Content-Digest` the registry sends; an image index is refused (a chart is one manifest).
    public func manifest(repository: String, reference: String) async throws(OCIError) -> PulledManifest {
        let where_ = "\(registry)/\(repository):\(reference)"
        let response = try await send(.GET, "/v2/\(repository)/manifests/\(reference)", scope: Self.pullScope(repository),
                                      headers: [("Accept", "\(OCIMediaType.imageManifest), \(OCIMediaType.dockerManifest)")])
        switch response.status {
        case .ok: break
        case .notFound:
            throw OCIError(.notFound, "\(where_): not found" + (Self.errorDetail(response.body).map { " (\($0))" } ?? ""))
        default:
            throw OCIError(.protocolError, "\(where_): GET manifest: \(response.status.code) \(response.status.reasonPhrase)")
        }
        let digest = Self.digest(response.body, algorithm: reference.hasPrefix("sha512:") ? "sha512" : "sha256")
        if OCIReference.isDigest(reference), digest != reference {
            throw OCIError(.digestMismatch, "\(where_): manifest digest is \(digest)")
        }
        if let sent = response.headers.first(name: "Docker-Content-Digest"), sent.hasPrefix("sha256:"),
           Self.digest(response.body, algorithm: "sha256") != sent {
            throw OCIError(.digestMismatch, "\(where_): manifest does not match the registry's digest \(sent)")
        }
        let contentType = response.headers.first(name: "Content-Type").map { String($0.split(separator: ";")[0]).trimmingCharacters(in: .whitespaces) }
        let manifest: OCIManifest
        do { manifest = try JSONDecoder().decode(OCIManifest.self, from: Data(response.body)) } catch {
            throw OCIError(.protocolError, "\(where_): not an OCI image manifest (media type '\(contentType ?? "none")')")
        }
        let mediaType = manifest.mediaType ?? contentType ?? OCIMediaType.imageManifest
        guard [OCIMediaType.imageManifest, OCIMediaType.dockerManifest].contains(mediaType) else {
            throw OCIError(.protocolError, "\(where_): unsupported manifest media type '\(mediaType)'")
        }
        return PulledManifest(manifest: manifest, digest: digest, mediaType: mediaType, bytes: response.body)
    }

    /// GET `/v2/<repository>/blobs/<digest>` (following a redirect to storage without
    /// credentials), at most `maxSize` bytes, verified against the digest.
    public func blob(repository: String, descriptor: OCIDescriptor, maxSize: Int) async throws(OCIError) -> [UInt8] {
        let where_ = "\(registry)/\(repository)@\(descriptor.digest)"
        guard OCIReference.isDigest(descriptor.digest) else { throw OCIError(.invalidReference, "\(where_): not a digest") }
        guard descriptor.size <= Int64(maxSize) else {
            throw OCIError(.tooLarge, "\(where_): size \(descriptor.size) exceeds the limit of \(maxSize) bytes")
        }
        let response = try await send(.GET, "/v2/\(repository)/blobs/\(descriptor.digest)", scope: Self.pullScope(repository),
                                      maxSize: maxSize)
        switch response.status {
        case .ok: break
        case .notFound: throw OCIError(.notFound, "\(where_): blob not found")
        default: throw OCIError(.protocolError, "\(where_): GET blob: \(response.status.code) \(response.status.reasonPhrase)")
        }
        let algorithm = String(descriptor.digest.prefix { $0 != ":" })
        let actual = Self.digest(response.body, algorithm: algorithm)
        guard actual == descriptor.digest, Int64(response.body.count) == descriptor.size else {
            throw OCIError(.digestMismatch, "\(where_): blob has digest \(actual) and size \(response.body.count)")
        }
        return response.body
    }

    /// Every tag of `repository`, following the `Link: <…>; rel="next"` pages (at most 100 of
    /// `pageSize` tags each).
    public func tags(repository: String, pageSize: Int = 1000) async throws(OCIError) -> [String] {
        struct Page: Decodable { var tags: [String]? }
        var target = "/v2/\(repository)/tags/list?n=\(max(1, pageSize))"
        var tags: [String] = []
        for _ in 0..<100 {
            let response = try await send(.GET, target, scope: Self.pullScope(repository))
            switch response.status {
            case .ok: break
            case .notFound: throw OCIError(.notFound, "\(registry)/\(repository): repository not found")
            default: throw OCIError(.protocolError, "\(registry)/\(repository): list tags: \(response.status.code) \(response.status.reasonPhrase)")
            }
            guard let page = try? JSONDecoder().decode(Page.self, from: Data(response.body)) else {
                throw OCIError(.protocolError, "\(registry)/\(repository): list tags: not a tag list")
            }
            tags += page.tags ?? []
            guard let next = response.headers.first(name: "Link").flatMap(Self.nextLink) else { return tags }
            target = next
        }
        throw OCIError(.protocolError, "\(registry)/\(repository): list tags: more than 100 pages")
    }

    /// The target of `Link: </v2/…?last=x&n=y>; rel="next"` (RFC 8288; the distribution spec's pagination).
    static func nextLink(_ header: String) -> String? {
        for link in header.split(separator: ",") {
            let parts = link.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = parts.first, first.hasPrefix("<"), first.hasSuffix(">"),
                  parts.dropFirst().contains(where: { $0.replacingOccurrences(of: "\"", with: "").lowercased() == "rel=next" }) else { continue }
            return String(first.dropFirst().dropLast())
        }
        return nil
    }

    static func pullScope(_ repository: String) -> String { "repository:\(repository):pull" }

    /// `algorithm:hex` of `bytes` (sha256 unless `sha512`).
    public static func digest(_ bytes: [UInt8], algorithm: String = "sha256") -> String {
        if algorithm == "sha512" { return "sha512:" + SHA512.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }
        return "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
