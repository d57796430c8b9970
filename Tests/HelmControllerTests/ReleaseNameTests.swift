import HelmController
import Testing

/// Release names as Flux makes them, so a HelmRelease moved from Flux keeps its release.
@Suite struct ReleaseNameTests {
    @Test func explicitThenTargetNamespaceThenName() {
        #expect(ReleaseName.make(name: "web", releaseName: "site", targetNamespace: "prod") == "site")
        #expect(ReleaseName.make(name: "web", releaseName: nil, targetNamespace: "prod") == "prod-web")
        #expect(ReleaseName.make(name: "web", releaseName: "", targetNamespace: "") == "web")
    }

    @Test func longNamesAreShortenedToHelmsLimitAndStayDistinct() {
        let a = ReleaseName.make(name: String(repeating: "a", count: 60), releaseName: nil, targetNamespace: nil)
        let b = ReleaseName.make(name: String(repeating: "a", count: 59) + "b", releaseName: nil, targetNamespace: nil)
        #expect(a.count == 53)
        #expect(a.hasPrefix(String(repeating: "a", count: 40) + "-"))
        #expect(a.dropFirst(41).allSatisfy { $0.isHexDigit })
        #expect(a != b)
        let exactly = String(repeating: "x", count: 53)
        #expect(ReleaseName.shorten(exactly) == exactly)
    }
}
