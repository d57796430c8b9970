import Testing

@testable import SourceController

/// Picking the tag of a semver ref from a registry's tag list, as Flux does: tags that are not
/// versions are skipped, `semverFilter` narrows the list first (a match anywhere in the tag),
/// the highest version in range wins, pre-releases only when the range names one.
@Suite struct OCIRepositorySemverTests {
    static let tags = ["latest", "1.0.0", "1.2.0", "v1.3.0", "2.0.0", "1.4.0-rc.1", "main-abc123", "1.1.0-dev", "0.9.0"]

    static let cases: [(range: String, filter: String?, expected: String?)] = [
        (">=1.0.0 <2.0.0", nil, "v1.3.0"),
        ("*", nil, "2.0.0"),
        ("1.x", #"^\d"#, "1.2.0"),
        (">=1.4.0-0 <2.0.0", nil, "1.4.0-rc.1"),
        ("~0.9", nil, "0.9.0"),
        (">=3.0.0", nil, nil),
        ("*", ".*-dev$", nil),
        (">=1.0.0-0", ".*-dev$", "1.1.0-dev"),
    ]

    @Test(arguments: cases.indices)
    func theHighestTagInRangeIsPicked(_ index: Int) throws {
        let c = Self.cases[index]
        #expect(try OCIRepositoryReconciler.highestTag(Self.tags, range: c.range, filter: c.filter) == c.expected)
    }
}
