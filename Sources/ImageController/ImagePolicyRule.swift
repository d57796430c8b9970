import FerryAPI
import Foundation
import SourceController

/// The ordering rule of `spec.policy`, as Flux's image-reflector-controller applies it
/// (`internal/policy`): a pure value, fed tags, answering the latest one or why there is none.
///
/// - `semver`: the highest tag that is a strict semantic version (three numbers, an optional `v`
///   before them: Flux's `version.ParseVersion`) within the range. As with Masterminds' ranges, a
///   prerelease only matches a range that names one (`>=1.0.0-0`).
/// - `alphabetical`: `asc` (the default) picks the last tag in byte order, `desc` the first.
/// - `numerical`: every tag must be a number; `asc` picks the largest, `desc` the smallest; of
///   equal values the later one wins, as in Flux.
public enum ImagePolicyRule: Sendable {
    case semver(SemverConstraint)
    case alphabetical(ascending: Bool)
    case numerical(ascending: Bool)

    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// Flux's words when the filtered list is empty.
    public static let emptyListMessage = "version list argument cannot be empty"
    /// Flux's words when no tag is a version within the range.
    public static let noSemverMatchMessage = "unable to determine latest version from provided list"

    /// The rule `choice` names; the error (Flux's words) stalls the policy with InvalidPolicy.
    public init(_ choice: ImagePolicyChoice) throws(Failure) {
        if let semver = choice.semver {
            do { self = .semver(try SemverConstraint(semver.range)) } catch {
                throw Failure("\(error)")
            }
        } else if let alphabetical = choice.alphabetical {
            self = .alphabetical(ascending: try Self.ascending(alphabetical.order))
        } else if let numerical = choice.numerical {
            self = .numerical(ascending: try Self.ascending(numerical.order))
        } else {
            throw Failure("given ImagePolicyChoice object is invalid")
        }
    }

    /// `asc`/`desc` in any case; unset is `asc`.
    static func ascending(_ order: String?) throws(Failure) -> Bool {
        switch (order ?? "").uppercased() {
        case "", "ASC": return true
        case "DESC": return false
        case let other: throw Failure("invalid order argument provided: '\(other)', must be one of: ASC, DESC")
        }
    }

    /// The latest of `tags` by this rule.
    public func latest(_ tags: [String]) throws(Failure) -> String {
        guard !tags.isEmpty else { throw Failure(Self.emptyListMessage) }
        switch self {
        case .semver(let constraint):
            var best: Semver?
            for tag in tags {
                guard let version = Self.strictVersion(tag), constraint.matches(version) else { continue }
                if best.map({ $0 < version }) ?? true { best = version }
            }
            guard let best else { throw Failure(Self.noSemverMatchMessage) }
            return best.original
        case .alphabetical(let ascending):
            let sorted = tags.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            return (ascending ? sorted.last : sorted.first) ?? tags[0]
        case .numerical(let ascending):
            var latest = tags[0]
            var previous = 0.0
            for (index, tag) in tags.enumerated() {
                guard let value = Self.number(tag) else { throw Failure("failed to parse invalid numeric value '\(tag)'") }
                if index > 0, ascending ? value < previous : value > previous { continue }
                latest = tag
                previous = value
            }
            return latest
        }
    }

    /// A tag as Go's `strconv.ParseFloat` reads it (decimal, exponent, `inf`, `nan`), else nil.
    static func number(_ text: String) -> Double? {
        guard !text.isEmpty, !text.contains(where: { $0.isWhitespace }) else { return nil }
        return Double(text)
    }

    /// A tag that is a strict semantic version, optionally after one `v`: `1.2.3`, `v1.2.3-rc.1+build`,
    /// never `1.2` or `01.2.3` (Flux's `version.ParseVersion`).
    public static func strictVersion(_ tag: String) -> Semver? {
        let bare = tag.hasPrefix("v") ? String(tag.dropFirst()) : tag
        // semver.org's grammar: numbers without leading zeros, dot-separated identifiers.
        let strict = #/(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?/#
        guard bare.wholeMatch(of: strict) != nil, var version = Semver(tag) else { return nil }
        version.original = tag
        return version
    }
}
