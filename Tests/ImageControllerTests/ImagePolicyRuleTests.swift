@testable import FerryAPI
import Foundation
@testable import ImageController
import Testing

/// The policy rules alone, with the behaviour Flux documents for ImagePolicies
/// (image-reflector-controller `docs/spec/v1/imagepolicies.md`, `internal/policy`).
@Suite struct ImagePolicyRuleTests {
    func latest(_ choice: ImagePolicyChoice, _ tags: [String], filter: ImageTagFilter? = nil) throws -> String {
        let rule = try ImagePolicyRule(choice)
        return try ImagePolicyRule.latest(of: tags, rule: rule, filter: try filter.map { try ImageTagFilterRule($0) })
    }

    func semver(_ range: String) -> ImagePolicyChoice { ImagePolicyChoice(semver: .init(range: range)) }

    @Test(arguments: [
        // The highest within the range; a `v` prefix is part of the tag that is returned.
        (">=1.0.0 <2.0.0", ["0.9.0", "1.0.0", "1.4.2", "1.10.0", "2.0.0", "v1.11.0"], "v1.11.0"),
        ("1.x", ["1.0.0", "1.9.3", "1.20.1", "2.1.0"], "1.20.1"),
        ("~1.4", ["1.4.0", "1.4.9", "1.5.0"], "1.4.9"),
        ("^2", ["1.9.9", "2.0.0", "2.7.1", "3.0.0"], "2.7.1"),
        // Prereleases only count when the range names one.
        (">=1.0.0", ["1.0.0", "1.1.0-rc.1", "1.0.1"], "1.0.1"),
        (">=1.0.0-0", ["1.0.0", "1.1.0-rc.1", "1.0.1"], "1.1.0-rc.1"),
        (">=1.1.0-alpha", ["1.1.0-alpha.1", "1.1.0-beta.1", "1.1.0-beta.2"], "1.1.0-beta.2"),
        // Tags that are not strict versions (two parts, leading zeros, words) never match.
        ("*", ["1.2", "latest", "01.2.3", "main-abc", "0.1.0"], "0.1.0"),
    ])
    func semverPicksTheHighestVersionInRange(_ range: String, _ tags: [String], _ expected: String) throws {
        #expect(try latest(semver(range), tags) == expected)
    }

    @Test func semverWithoutAMatchFailsWithFluxsMessage() {
        #expect(throws: ImagePolicyRule.Failure(ImagePolicyRule.noSemverMatchMessage)) {
            try latest(semver(">=5.0.0"), ["1.0.0", "4.9.9", "latest"])
        }
        #expect(ImagePolicyRule.noSemverMatchMessage == "unable to determine latest version from provided list")
    }

    @Test func anInvalidRangeIsRefused() {
        #expect(throws: ImagePolicyRule.Failure.self) { try ImagePolicyRule(semver("not a range")) }
    }

    @Test func alphabeticalAscendingPicksTheLastAndDescendingTheFirst() throws {
        let tags = ["RELEASE.2024-03-01T10-00-00Z", "RELEASE.2024-11-20T08-30-00Z", "RELEASE.2023-12-31T23-59-59Z"]
        #expect(try latest(ImagePolicyChoice(alphabetical: .init()), tags) == "RELEASE.2024-11-20T08-30-00Z")
        #expect(try latest(ImagePolicyChoice(alphabetical: .init(order: "asc")), ["a", "c", "b"]) == "c")
        #expect(try latest(ImagePolicyChoice(alphabetical: .init(order: "desc")), ["b", "a", "c"]) == "a")
        // Byte order, as Go compares strings: upper case sorts before lower case.
        #expect(try latest(ImagePolicyChoice(alphabetical: .init()), ["b", "Z"]) == "b")
    }

    @Test func numericalComparesNumbersNotText() throws {
        #expect(try latest(ImagePolicyChoice(numerical: .init(order: "asc")), ["1", "10", "9"]) == "10")
        #expect(try latest(ImagePolicyChoice(numerical: .init(order: "desc")), ["10", "1", "9"]) == "1")
        #expect(try latest(ImagePolicyChoice(numerical: .init()), ["1.5", "1.25", "-3"]) == "1.5")
        #expect(throws: ImagePolicyRule.Failure("failed to parse invalid numeric value 'latest'")) {
            try latest(ImagePolicyChoice(numerical: .init()), ["1", "latest"])
        }
    }

    @Test func anOrderOtherThanAscOrDescIsRefusedWithFluxsMessage() {
        #expect(throws: ImagePolicyRule.Failure("invalid order argument provided: 'UP', must be one of: ASC, DESC")) {
            try ImagePolicyRule(ImagePolicyChoice(numerical: .init(order: "up")))
        }
        #expect(throws: ImagePolicyRule.Failure("given ImagePolicyChoice object is invalid")) {
            try ImagePolicyRule(ImagePolicyChoice())
        }
    }

    @Test func filterTagsWithANamedExtractComparesTheExtractedValueAndAnswersTheTag() throws {
        // Flux's documented build-number scheme: `main-<sha>-<timestamp>`.
        let tags = ["main-3f2a9c1-1700000100", "main-77bd0e2-1700000900", "main-0a1b2c3-1700000050", "feature-x-1800000000", "latest"]
        let filter = ImageTagFilter(pattern: #"^main-[a-f0-9]+-(?P<ts>[0-9]+)$"#, extract: "$ts")
        #expect(try latest(ImagePolicyChoice(numerical: .init(order: "asc")), tags, filter: filter) == "main-77bd0e2-1700000900")
        #expect(try latest(ImagePolicyChoice(numerical: .init(order: "desc")), tags, filter: filter) == "main-0a1b2c3-1700000050")
    }

    @Test func extractTemplatesFollowGosExpand() throws {
        let filter = try ImageTagFilterRule(ImageTagFilter(pattern: #"^v(?P<major>[0-9]+)\.(?P<minor_part>[0-9]+)-(.*)$"#, extract: ""))
        #expect(filter.regex.expand("${major}.${minor_part}.0", matching: "v3.14-alpine") == "3.14.0")
        #expect(filter.regex.expand("$3/$$/$missing/$1x", matching: "v3.14-alpine") == "alpine/$//")
        #expect(filter.regex.expand("$1", matching: "3.14") == nil)
        // Semver over the extracted version, answering the original tag.
        let picked = try latest(semver(">=1.0.0"), ["v1.2-alpine", "v1.10-alpine", "v1.9-slim", "edge"],
                                filter: ImageTagFilter(pattern: #"^v(?P<v>[0-9]+\.[0-9]+)-alpine$"#, extract: "$v.0"))
        #expect(picked == "v1.10-alpine")
    }

    @Test func aFilterWithoutExtractOnlySelects() throws {
        let filter = ImageTagFilter(pattern: "^1\\.")
        #expect(try latest(semver("*"), ["1.0.0", "1.5.0", "2.0.0"], filter: filter) == "1.5.0")
        // Nothing left after the filter: Flux's empty-list message.
        #expect(throws: ImagePolicyRule.Failure(ImagePolicyRule.emptyListMessage)) {
            try latest(semver("*"), ["2.0.0"], filter: filter)
        }
    }

    @Test func aPatternThatDoesNotCompileIsRefused() {
        #expect(throws: ImagePolicyRule.Failure.self) { try ImageTagFilterRule(ImageTagFilter(pattern: "(unclosed")) }
    }

    @Test(arguments: [
        ("alpine", "index.docker.io/library/alpine"),
        ("fluxcd/flux", "index.docker.io/fluxcd/flux"),
        ("docker.io/library/nginx", "index.docker.io/library/nginx"),
        ("ghcr.io/org/team/app", "ghcr.io/org/team/app"),
        ("localhost:5000/app", "localhost:5000/app"),
        ("127.0.0.1:5000/a/b", "127.0.0.1:5000/a/b"),
    ])
    func imageNamesAreMadeCanonical(_ image: String, _ canonical: String) throws {
        #expect(try ImageName(image).description == canonical)
    }

    @Test func anImageWithASchemeOrTagIsRefusedWithFluxsWords() {
        #expect(throws: ImageName.Invalid(description: "image 'https://ghcr.io/org/app' should not include URL scheme; remove 'https://'")) {
            try ImageName("https://ghcr.io/org/app")
        }
        #expect(throws: ImageName.Invalid(description: "image 'ghcr.io/org/app:1.0' should not include a tag; remove ':1.0'")) {
            try ImageName("ghcr.io/org/app:1.0")
        }
        #expect(throws: ImageName.Invalid.self) { try ImageName("ghcr.io/Org/App") }
    }

    @Test func theTagStoreKeepsListsAcrossInstancesAndHashesTheSet() throws {
        let root = NSTemporaryDirectory() + "tagstore-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let record = TagStore.Record(image: "r/app", tags: ["1.0.0", "2.0.0", "1.10.0"])
        #expect(record.tags == ["2.0.0", "1.10.0", "1.0.0"])
        try TagStore(root: root).write(record, namespace: "ns", name: "app")
        // Another store on the same directory (a restarted controller) reads it back.
        #expect(try TagStore(root: root).read(namespace: "ns", name: "app") == record)
        #expect(TagStore.Record(image: "r/app", tags: ["2.0.0", "1.0.0", "1.10.0"]).revision == record.revision)
        #expect(TagStore.Record(image: "r/app", tags: ["2.0.0", "1.0.0"]).revision != record.revision)
        try TagStore(root: root).remove(namespace: "ns", name: "app")
        #expect(try TagStore(root: root).read(namespace: "ns", name: "app") == nil)
    }
}

/// Flux's ACL for an ImagePolicy in another namespace than its ImageRepository (`accessFrom`).
@Suite struct ImageRepositoryAccessTests {
    typealias Selector = AccessFrom.NamespaceSelector

    @Test func accessFromSelectsNamespacesByLabels() {
        let labels = ["team": "web", "env": "prod"]
        // No accessFrom: no other namespace may use the repository.
        #expect(!ImageRepositoryAccess.allows(nil, labels: labels))
        #expect(ImageRepositoryAccess.allows(AccessFrom(namespaceSelectors: [Selector(matchLabels: ["team": "web"])]), labels: labels))
        // Every label of a selector must match; any one selector is enough.
        #expect(!ImageRepositoryAccess.allows(AccessFrom(namespaceSelectors: [Selector(matchLabels: ["team": "web", "env": "dev"])]),
                                              labels: labels))
        #expect(ImageRepositoryAccess.allows(AccessFrom(namespaceSelectors: [Selector(matchLabels: ["env": "dev"]),
                                                                               Selector(matchLabels: ["env": "prod"])]), labels: labels))
        // An empty selector matches every namespace.
        #expect(ImageRepositoryAccess.allows(AccessFrom(namespaceSelectors: [Selector(matchLabels: [:])]), labels: [:]))
        #expect(!ImageRepositoryAccess.allows(AccessFrom(namespaceSelectors: []), labels: labels))
    }
}
