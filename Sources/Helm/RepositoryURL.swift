/// Resolving a chart's URL from an index against its repository, as Helm's
/// `repo.ResolveReferenceURL` (3.15) does with Go's `net/url`: an absolute URL (one with a
/// scheme) is returned as written; anything else is resolved (RFC 3986) against the
/// repository URL read as a directory (a trailing `/` added), and the result carries the
/// repository URL's query (a token in `?…` reaches the chart download too), never the
/// reference's own.
///
/// Percent-encoding is kept as written rather than re-escaped as Go's `URL.String` would.
public enum RepositoryURL {
    struct Parts {
        var scheme = ""
        /// Present when the text had `//` (even an empty authority).
        var authority: String?
        var opaque = ""
        var path = ""
        var query: String?
        var fragment: String?
    }

    public static func resolveReference(base: String, reference: String) throws(HelmError) -> String {
        let ref = try parse(reference)
        if !ref.scheme.isEmpty { return reference }
        var b = try parse(base)
        if b.opaque.isEmpty {
            while b.path.hasSuffix("/") { b.path.removeLast() }
            b.path += "/"
        }
        var out = Parts()
        out.scheme = b.scheme
        out.fragment = ref.fragment
        if ref.authority != nil {
            out.authority = ref.authority
            out.path = removeDotSegments(ref.path)
        } else {
            out.authority = b.authority
            out.path = removeDotSegments(merge(base: b.path, reference: ref.path))
            if ref.path.isEmpty && ref.query == nil && ref.fragment == nil { out.fragment = b.fragment }
        }
        out.query = b.query
        return format(out)
    }

    /// Go's `url.Parse`, reduced to what resolution needs; its errors wrapped as Helm wraps them.
    static func parse(_ text: String) throws(HelmError) -> Parts {
        func failure(_ why: String) -> HelmError {
            let shown = redacted(text)
            return HelmError("failed to parse \(shown) as URL: parse \(ChartMetadata.quote(shown)): \(why)")
        }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw failure("net/url: invalid control character in URL")
        }
        var parts = Parts()
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") {
            parts.fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        // The scheme: a letter, then letters, digits, `+`, `-`, `.`, up to the first `:`.
        for (offset, c) in rest.enumerated() {
            if c.isASCII && c.isLetter { continue }
            if offset > 0 && (c.isASCII && c.isNumber || c == "+" || c == "-" || c == ".") { continue }
            if c == ":" {
                if offset == 0 { throw failure("missing protocol scheme") }
                parts.scheme = rest.prefix(offset).lowercased()
                rest = rest.dropFirst(offset + 1)
            }
            break
        }
        if let question = rest.firstIndex(of: "?") {
            parts.query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        if !rest.hasPrefix("/") {
            if !parts.scheme.isEmpty {
                parts.opaque = String(rest)
                return parts
            }
            if let colon = rest.firstIndex(of: ":"), rest.firstIndex(of: "/").map({ colon < $0 }) ?? true {
                throw failure("first path segment in URL cannot contain colon")
            }
        }
        if rest.hasPrefix("//") && (!parts.scheme.isEmpty || !rest.hasPrefix("///")) {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            parts.authority = String(afterSlashes[..<end])
            rest = afterSlashes[end...]
        }
        parts.path = String(rest)
        return parts
    }

    /// The URL with any `user:password@` replaced by `***@`: Helm prints the URL in its parse
    /// errors, but a repository URL's credentials must not reach a condition or an event.
    static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return text }
        return String(text[..<scheme.upperBound]) + "***" + String(rest[at...])
    }

    /// RFC 3986's merge: the reference replaces the base's last segment (an absolute path
    /// replaces it all).
    static func merge(base: String, reference: String) -> String {
        if reference.isEmpty { return base }
        if reference.hasPrefix("/") { return reference }
        guard let slash = base.lastIndex(of: "/") else { return reference }
        return String(base[...slash]) + reference
    }

    /// Go's `resolvePath` dot-segment removal: the result starts with `/`, `.` and `..`
    /// segments are applied, and a final `.` or `..` leaves a trailing slash.
    static func removeDotSegments(_ full: String) -> String {
        if full.isEmpty { return "" }
        var out: [Substring] = []
        let segments = full.split(separator: "/", omittingEmptySubsequences: false)
        for (i, segment) in segments.enumerated() {
            if i == 0 && segment.isEmpty && full.hasPrefix("/") { continue }
            switch segment {
            case ".": break
            case "..": if !out.isEmpty { out.removeLast() }
            default: out.append(segment)
            }
        }
        var path = "/" + out.joined(separator: "/")
        if let last = segments.last, last == "." || last == "..", !path.hasSuffix("/") { path += "/" }
        return path
    }

    static func format(_ p: Parts) -> String {
        var out = ""
        if !p.scheme.isEmpty { out += p.scheme + ":" }
        if let authority = p.authority, !authority.isEmpty || !p.path.isEmpty || !p.scheme.isEmpty {
            out += "//" + authority
            if !p.path.isEmpty && !p.path.hasPrefix("/") && !authority.isEmpty { out += "/" }
        }
        out += p.path
        if let query = p.query, !query.isEmpty { out += "?" + query }
        if let fragment = p.fragment, !fragment.isEmpty { out += "#" + fragment }
        return out
    }
}
