import FerryAPI
import OCI

/// `spec.image` of an ImageRepository read as Docker and go-containerregistry read repository
/// names (what Flux's `registry.ParseImageReference` does): the registry is the first component
/// only when it looks like a host (has a `.` or `:`, or is `localhost`); otherwise the image is on
/// Docker Hub (`index.docker.io`), where one-component names live under `library/`.
///
/// A scheme (`https://…`), a tag or a digest is refused with Flux's words, since a repository is
/// scanned, not an image.
public struct ImageName: Hashable, Sendable, CustomStringConvertible {
    /// `host[:port]` to send requests to.
    public var registry: String
    /// The repository path inside the registry (`library/alpine`).
    public var repository: String

    public static let dockerHub = "index.docker.io"

    /// `registry/repository` with nothing implied: `status.canonicalImageName`.
    public var description: String { registry + "/" + repository }

    public struct Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public init(registry: String, repository: String) {
        self.registry = registry
        self.repository = repository
    }

    /// Parses `spec.image`; the error is the condition message.
    public init(_ image: String) throws(Invalid) {
        if let scheme = image.range(of: "://") {
            throw Invalid(description: "image '\(image)' should not include URL scheme; remove '\(image[..<scheme.lowerBound])://'")
        }
        guard !image.isEmpty else { throw Invalid(description: "image must not be empty") }
        var registry = Self.dockerHub
        var path = Substring(image)
        if let slash = image.firstIndex(of: "/") {
            let first = image[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" {
                registry = String(first)
                path = image[image.index(after: slash)...]
            }
        }
        if registry == "docker.io" { registry = Self.dockerHub }
        // A ':' or '@' in the path is a tag or digest (a port would sit in the registry part).
        if let colon = path.firstIndex(where: { $0 == ":" || $0 == "@" }) {
            let rest = path[path.index(after: colon)...]
            let tag = rest.split(separator: ":", maxSplits: 1).first.map(String.init) ?? String(rest)
            throw Invalid(description: "image '\(image)' should not include a tag; remove ':\(path[colon] == "@" ? String(rest) : tag)'")
        }
        if registry == Self.dockerHub, !path.contains("/") { path = "library/" + path }
        do { _ = try OCIReference.parse(registry + "/" + path) } catch {
            throw Invalid(description: "could not parse image '\(image)': " + (error.message.components(separatedBy: "': ").dropFirst()
                .joined(separator: "': ")))
        }
        self.registry = registry
        self.repository = String(path)
    }
}
