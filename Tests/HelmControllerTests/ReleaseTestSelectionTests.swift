import FerryAPI
@testable import HelmController
import Helm
import Manifests
import Testing

/// Which test hooks `test.filters` select (Helm's `ReleaseTesting`: excluded names first, then
/// included ones) and whose setting decides whether a failed test fails the release (Flux's
/// `MustIgnoreTestFailures`).
@Suite struct ReleaseTestSelectionTests {
    static let hooks = ["a", "b", "c"].map { ReleaseHook(name: $0, kind: "Pod", events: [HookEvent.test]) }

    @Test(arguments: [
        ([], ["a", "b", "c"]),
        ([HelmTestFilter(name: "b", exclude: true)], ["a", "c"]),
        ([HelmTestFilter(name: "b")], ["b"]),
        ([HelmTestFilter(name: "a"), HelmTestFilter(name: "c"), HelmTestFilter(name: "c", exclude: true)], ["a"]),
    ] as [([HelmTestFilter], [String])])
    func testFiltersExcludeThenInclude(filters: [HelmTestFilter], expected: [String]) {
        #expect(HelmReleaseReconciler.selectedTests(Self.hooks, filters: filters).map(\.name) == expected)
    }

    static func spec(_ object: JSONObject) throws -> HelmReleaseSpec {
        try HelmReleaseSettingsTests.release(object).spec
    }

    @Test func testFailuresAreIgnoredByTheActionsRemediationFirst() throws {
        let spec = try Self.spec(["test": ["enable": true, "ignoreFailures": true],
                                  "upgrade": ["remediation": ["ignoreTestFailures": false]]])
        #expect(HelmReleaseSettings.ignoresTestFailures(spec, isUpgrade: false), "install falls back to test.ignoreFailures")
        #expect(!HelmReleaseSettings.ignoresTestFailures(spec, isUpgrade: true), "upgrade's own setting wins")
        #expect(!HelmReleaseSettings.ignoresTestFailures(try Self.spec(["test": ["enable": true]]), isUpgrade: false))
    }
}
