import Foundation
import Testing
@testable import Helm

/// Ferry's own `helm template` cases for what the corpus does not cover, laid out as the corpus
/// is (`Fixtures/CASE/case.json`, `chart/`, `expected.yaml` or `expected-error.txt`). Their
/// expectations were derived by hand from Helm's documentation and Go's text/template and
/// Sprig specifications, not from Ferry's own output; every case must agree.
@Suite struct HelmFixtureTests {
    static var fixturesDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    @Test func everyFixtureAgrees() throws {
        let outcome = try HelmCorpusTests.run(Self.fixturesDirectory,
                                              only: ProcessInfo.processInfo.environment["FERRY_HELM_ONLY"])
        #expect(outcome.total > 0, "no fixtures found under \(Self.fixturesDirectory.path)")
        for failure in outcome.failures { Issue.record("\(failure)") }
        #expect(outcome.agree == outcome.total)
    }
}
