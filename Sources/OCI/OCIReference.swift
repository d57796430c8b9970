/// An artifact's address in a registry: `host[:port]/path/name[:tag][@sha256:…]`, as the
/// distribution spec and Docker's reference grammar write it (an `oci://` prefix, Helm's and
/// Flux's way of naming a registry URL, is accepted and dropped).
///
/// The registry must be explicit — the first component is always the host, as in Helm's
/// `oci://` references — so there is no implicit `docker.io/library/` expansion.
public struct OCIReference: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// `host` or `host:port`.
    public var registry: String
    /// The repository path inside the registry (`charts/podinfo`), lower case.
    public var repository: String
    public var tag: String?
    /// `algorithm:hex`, e.g. `sha256:…`.
    public var digest: String?

    public init(registry: String, repository: String, tag: String? = nil, digest: String? = nil) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// What a manifest request names: the digest when there is one (it pins the content), else the tag.
    public var manifestReference: String? { digest ?? tag }

    public var description: String {
        var text = registry + "/" + repository
        if let tag { text += ":" + tag }
        if let digest { text += "@" + digest }
        return text
    }

    /// Parses `text`; `oci://` may lead. Throws ``OCIError/Kind/invalidReference`` naming the
    /// offending part.
    public static func parse(_ text: String) throws(OCIError) -> OCIReference {
        var rest = Substring(text)
        if rest.hasPrefix("oci://") { rest = rest.dropFirst(6) }
        func invalid(_ why: String) -> OCIError { OCIError(.invalidReference, "invalid OCI reference '\(text)': \(why)") }
        var digest: String?
        if let at = rest.firstIndex(of: "@") {
            let value = String(rest[rest.index(after: at)...])
            guard isDigest(value) else { throw invalid("digest must be 'sha256:' and 64 hex digits or 'sha512:' and 128") }
            digest = value
            rest = rest[..<at]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw invalid("it must name a registry host and a repository") }
        let registry = String(rest[..<slash])
        guard isRegistry(registry) else { throw invalid("registry host '\(registry)' is not a host or host:port") }
        var path = rest[rest.index(after: slash)...]
        var tag: String?
        // A ':' after the last '/' separates the tag (one before it would be a port, handled above).
        if let colon = path.lastIndex(of: ":"), !path[colon...].contains("/") {
            let value = String(path[path.index(after: colon)...])
            guard isTag(value) else { throw invalid("tag '\(value)' must be 1–128 of [A-Za-z0-9_.-], not starting with '.' or '-'") }
            tag = value
            path = path[..<colon]
        }
        let repository = String(path)
        guard isRepository(repository) else {
            throw invalid("repository '\(repository)' must be lower-case path components of [a-z0-9] joined by '.', '_', '__' or '-'")
        }
        return OCIReference(registry: registry, repository: repository, tag: tag, digest: digest)
    }

    /// `sha256:` + 64 lower-case hex digits, or `sha512:` + 128.
    public static func isDigest(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let length = switch parts[0] { case "sha256": 64; case "sha512": 128; default: -1 }
        return parts[1].utf8.count == length && parts[1].utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }

    static func isTag(_ text: String) -> Bool {
        guard let first = text.utf8.first, text.utf8.count <= 128, first != UInt8(ascii: "."), first != UInt8(ascii: "-") else { return false }
        return text.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    static func isRepository(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 255 else { return false }
        return text.split(separator: "/", omittingEmptySubsequences: false).allSatisfy(isPathComponent)
    }

    /// `[a-z0-9]+` joined by one `.` or `_`, two `_`, or any number of `-`.
    private static func isPathComponent(_ part: Substring) -> Bool {
        let bytes = Array(part.utf8)
        guard let first = bytes.first, let last = bytes.last, isLowerAlphanumeric(first), isLowerAlphanumeric(last) else { return false }
        var index = 0
        while index < bytes.count {
            if isLowerAlphanumeric(bytes[index]) { index += 1; continue }
            var end = index
            while end < bytes.count, !isLowerAlphanumeric(bytes[end]) { end += 1 }
            let separator = String(decoding: bytes[index..<end], as: UTF8.self)
            guard separator == "." || separator == "_" || separator == "__" || separator.allSatisfy({ $0 == "-" }) else { return false }
            index = end
        }
        return true
    }

    /// A DNS name or IPv4 address with an optional port (`[::1]:5000` too).
    static func isRegistry(_ text: String) -> Bool {
        var host = Substring(text)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let after = host[host.index(after: close)...]
            return after.isEmpty || (after.hasPrefix(":") && isPort(after.dropFirst()))
        }
        if let colon = host.firstIndex(of: ":") {
            guard isPort(host[host.index(after: colon)...]) else { return false }
            host = host[..<colon]
        }
        guard !host.isEmpty, host.utf8.count <= 253 else { return false }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isPort(_ text: Substring) -> Bool {
        guard let port = Int(text), (1...65535).contains(port) else { return false }
        return text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        isLowerAlphanumeric(c) || (c >= 65 && c <= 90)
    }

    private static func isLowerAlphanumeric(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 48 && c <= 57)
    }
}
