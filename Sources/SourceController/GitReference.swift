import FerryAPI

/// What a GitRepository asks to check out, after Flux's precedence has been applied:
/// commit > name > semver > tag > branch, and `master` when nothing is set.
public enum GitReference: Hashable, Sendable, CustomStringConvertible {
    case branch(String)
    case tag(String)
    /// A Masterminds range; resolves to the highest matching tag.
    case semver(String)
    /// A full reference name such as `refs/pull/420/head`.
    case name(String)
    /// A commit, optionally on a branch (then the branch is fetched and must contain it).
    case commit(String, branch: String?)

    public static let defaultBranch = "master"

    public init(_ ref: GitRepositoryRef?) {
        func nonEmpty(_ s: String?) -> String? { (s?.isEmpty ?? true) ? nil : s }
        let ref = ref ?? GitRepositoryRef()
        if let commit = nonEmpty(ref.commit) { self = .commit(commit.lowercased(), branch: nonEmpty(ref.branch)) }
        else if let name = nonEmpty(ref.name) { self = .name(name) }
        else if let semver = nonEmpty(ref.semver) { self = .semver(semver) }
        else if let tag = nonEmpty(ref.tag) { self = .tag(tag) }
        else { self = .branch(nonEmpty(ref.branch) ?? Self.defaultBranch) }
    }

    public var description: String {
        switch self {
        case .branch(let b): return "branch '\(b)'"
        case .tag(let t): return "tag '\(t)'"
        case .semver(let s): return "semver '\(s)'"
        case .name(let n): return "ref '\(n)'"
        case .commit(let c, let b?): return "commit '\(c)' on branch '\(b)'"
        case .commit(let c, nil): return "commit '\(c)'"
        }
    }

    /// Patterns for `git ls-remote` that cover everything `resolve` needs.
    public var lsRemotePatterns: [String] {
        switch self {
        case .branch(let b): return ["refs/heads/\(b)"]
        case .tag(let t): return ["refs/tags/\(t)", "refs/tags/\(t)^{}"]
        case .semver: return ["refs/tags/*"]
        case .name(let n): return [n, "\(n)^{}"]
        case .commit(_, let b?): return ["refs/heads/\(b)"]
        // Any branch proves the remote is reachable and not empty (its HEAD may dangle).
        case .commit(_, nil): return ["HEAD", "refs/heads/*"]
        }
    }

    /// Picks the commit this reference means from a listing of the remote's refs.
    ///
    /// A commit reference resolves to itself (git cannot list commits); with a branch, the branch must exist.
    public func resolve(in refs: RemoteRefs) throws(RefResolutionError) -> ResolvedRef {
        switch self {
        case .branch(let b):
            let name = "refs/heads/\(b)"
            guard let commit = refs.commit(of: name) else { throw .notFound(self) }
            return ResolvedRef(reference: self, refName: name, commit: commit, tagObject: nil)
        case .tag(let t):
            return try resolveTag(t, in: refs)
        case .semver(let range):
            let constraint: SemverConstraint
            do { constraint = try SemverConstraint(range) } catch { throw .invalidSemver(range) }
            let tags = refs.tagNames.compactMap(Semver.init)
            guard let best = constraint.highest(in: tags) else { throw .noMatchingTag(range) }
            // Equal versions written differently (v1.0.0 and 1.0.0): prefer the lexically first, deterministically.
            let name = refs.tagNames.filter { Semver($0) == best }.sorted().first ?? best.original
            return try resolveTag(name, in: refs)
        case .name(let n):
            guard let commit = refs.commit(of: n) else { throw .notFound(self) }
            let tagObject = refs.peeled[n] != nil ? refs.refs[n] : nil
            return ResolvedRef(reference: self, refName: n, commit: commit, tagObject: tagObject)
        case .commit(let c, let b):
            if let b {
                guard refs.commit(of: "refs/heads/\(b)") != nil else { throw .notFound(.branch(b)) }
                return ResolvedRef(reference: self, refName: "refs/heads/\(b)", commit: c, tagObject: nil)
            }
            return ResolvedRef(reference: self, refName: nil, commit: c, tagObject: nil)
        }
    }

    private func resolveTag(_ tag: String, in refs: RemoteRefs) throws(RefResolutionError) -> ResolvedRef {
        let name = "refs/tags/\(tag)"
        guard let commit = refs.commit(of: name) else { throw .notFound(self) }
        let tagObject = refs.peeled[name] != nil ? refs.refs[name] : nil
        return ResolvedRef(reference: self, refName: name, commit: commit, tagObject: tagObject)
    }
}

public enum RefResolutionError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(GitReference)
    case noMatchingTag(String)
    case invalidSemver(String)

    public var description: String {
        switch self {
        case .notFound(let ref): return "couldn't find remote ref for \(ref)"
        case .noMatchingTag(let range): return "no tag matches semver range '\(range)'"
        case .invalidSemver(let range): return "invalid semver range '\(range)'"
        }
    }
}

/// A reference resolved against the remote: the commit to publish and how to name it.
public struct ResolvedRef: Hashable, Sendable {
    public var reference: GitReference
    /// The full ref to fetch (`refs/heads/main`), nil for a bare commit.
    public var refName: String?
    /// The commit id (for a bare commit reference, as the user wrote it until the checkout confirms it).
    public var commit: String
    /// The annotated tag object, when the ref is an annotated tag.
    public var tagObject: String?

    public init(reference: GitReference, refName: String?, commit: String, tagObject: String?) {
        self.reference = reference
        self.refName = refName
        self.commit = commit
        self.tagObject = tagObject
    }

    /// The tag name when the ref is a tag (for tag verification), else nil.
    public var tagName: String? {
        guard let refName, refName.hasPrefix("refs/tags/") else { return nil }
        return String(refName.dropFirst("refs/tags/".count))
    }

    /// Flux's revision string (RFC-0005): `main@sha1:<c>`, `v1.0.0@sha1:<c>`, `refs/pull/1/head@sha1:<c>`, `sha1:<c>`.
    public var revision: String { Revision.format(reference: reference, refName: refName, commit: commit) }

    /// A shallow (`--depth 1`) fetch of `refName` is enough: everything but a commit reference.
    public var allowsShallowFetch: Bool {
        if case .commit = reference { return false }
        return true
    }
}

/// The refs a remote advertised, as `git ls-remote` prints them (`<oid>\t<refname>`).
public struct RemoteRefs: Hashable, Sendable {
    /// Ref name to the object it points at (an annotated tag's own object for tags).
    public var refs: [String: String]
    /// Ref name to the commit an annotated tag peels to (`<ref>^{}` lines).
    public var peeled: [String: String]

    public init(refs: [String: String] = [:], peeled: [String: String] = [:]) {
        self.refs = refs
        self.peeled = peeled
    }

    public init(lsRemoteOutput: String) {
        var refs: [String: String] = [:], peeled: [String: String] = [:]
        for line in lsRemoteOutput.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2, parts[0].allSatisfy(\.isHexDigit) else { continue }
            let oid = String(parts[0]), name = String(parts[1])
            if name.hasSuffix("^{}") { peeled[String(name.dropLast(3))] = oid } else { refs[name] = oid }
        }
        self.refs = refs
        self.peeled = peeled
    }

    /// The commit a ref ends at (peeled through annotated tags).
    public func commit(of ref: String) -> String? { peeled[ref] ?? refs[ref] }

    /// Names of all tags (without `refs/tags/`).
    public var tagNames: [String] {
        refs.keys.filter { $0.hasPrefix("refs/tags/") }.map { String($0.dropFirst("refs/tags/".count)) }
    }
}
