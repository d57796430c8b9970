import Manifests
import Testing

@testable import Kustomize

/// Patch `target` selectors are RE2 patterns matched whole (the engine: `RE2PatternTests` in ManifestsTests);
/// a pattern it refuses fails the build naming the kustomization field.
@Suite struct KustomizeTargetRegexTests {
    @Test func aBadTargetFailsTheBuildNamingTheField() throws {
        let target: JSONValue = ["name": "(a)\\1"]
        #expect {
            try Patches.select(target, in: [], kfile: "kustomization.yaml", field: "patches")
        } throws: { error in
            "\(error)" == "kustomization.yaml: field \"patches.target.name\": invalid regular expression '(a)\\1': backreferences are not supported (RE2 syntax)"
        }
    }
}
