import FerryAPI
import Testing
@testable import SourceController

@Suite struct IncludeMappingTests {
    static func mapping(_ from: String?, _ to: String?, name: String = "other") -> IncludeMapping {
        IncludeMapping(GitRepositoryInclude(repository: LocalObjectReference(name: name), fromPath: from, toPath: to))
    }

    @Test(arguments: [
        (nil as String?, nil as String?, "deploy/app.yaml", "other/deploy/app.yaml" as String?),
        ("deploy", "base/app", "deploy/app.yaml", "base/app/app.yaml"),
        ("deploy", "base/app", "src/main.go", nil),
        ("./deploy/", "./x", "deploy/a/b.yaml", "x/a/b.yaml"),
        ("deploy", "../../etc", "deploy/passwd", "etc/passwd"),         // clamped at the root, like securejoin
        ("", "", "a.yaml", "other/a.yaml"),
        ("deploy", "./", "deploy/a.yaml", "a.yaml"),                   // explicit root
        ("deploy", "base", "deployment.yaml", nil),                    // a prefix of a name is not a directory
    ])
    func destinations(from: String?, to: String?, entry: String, expected: String?) {
        #expect(Self.mapping(from, to).destination(of: entry) == expected)
    }

    @Test func toPathDefaultsToTheRepositoryName() {
        #expect(Self.mapping(nil, nil, name: "podinfo").destinationRoot == "podinfo")
    }
}
