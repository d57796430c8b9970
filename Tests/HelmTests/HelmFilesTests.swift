import GoTemplate
import Testing
@testable import Helm

/// `.Files` and its methods, `--show-only`'s path patterns.
@Suite struct HelmFilesTests {
    static let files: [(name: String, data: [UInt8])] = [
        ("config/a.conf", Array("alpha\n".utf8)),
        ("config/b.conf", Array("beta".utf8)),
        ("config/nested/c.txt", Array("one\ntwo\n".utf8)),
        ("README.md", Array("# hi".utf8)),
    ]

    func call(_ method: String, _ args: [GoValue] = [], on value: GoValue = HelmFiles.object(files)) throws -> GoValue {
        let map = try #require(value.mapValue)
        let fn = try #require(map.methods[method])
        return try fn.body(args)
    }

    @Test func getReturnsTextAndEmptyForMissingFiles() throws {
        #expect(try call("Get", [.string("config/a.conf")]).stringValue == "alpha\n")
        #expect(try call("Get", [.string("nope")]).stringValue == "")
    }

    @Test func globStarStopsAtSlashesAndDoubleStarDoesNot() throws {
        let one = try call("Glob", [.string("config/*")]).mapValue?.sortedKeys
        #expect(one == ["config/a.conf", "config/b.conf"])
        let all = try call("Glob", [.string("config/**")]).mapValue?.sortedKeys
        #expect(all == ["config/a.conf", "config/b.conf", "config/nested/c.txt"])
        let alternatives = try call("Glob", [.string("{README.md,config/?.conf}")]).mapValue?.sortedKeys
        #expect(alternatives == ["README.md", "config/a.conf", "config/b.conf"])
    }

    @Test func linesDropOneTrailingNewline() throws {
        let lines = try call("Lines", [.string("config/nested/c.txt")]).listValue?.items.compactMap(\.stringValue)
        #expect(lines == ["one", "two"])
    }

    @Test func asConfigAndAsSecretsKeyByBaseName() throws {
        let globbed = try call("Glob", [.string("config/*.conf")])
        #expect(try call("AsConfig", on: globbed).stringValue == "a.conf: |\n  alpha\nb.conf: beta")
        #expect(try call("AsSecrets", on: globbed).stringValue == "a.conf: YWxwaGEK\nb.conf: YmV0YQ==")
    }

    @Test func showOnlyPatternsMatchLikeFilepathMatch() {
        #expect(PathMatch.matches(pattern: "templates/*.yaml", name: "templates/a.yaml"))
        #expect(!PathMatch.matches(pattern: "templates/*", name: "templates/sub/a.yaml"))
        #expect(PathMatch.matches(pattern: "templates/sub/[a-c]?.yaml", name: "templates/sub/b1.yaml"))
        #expect(!PathMatch.matches(pattern: "templates/[^a]*", name: "templates/a.yaml"))
        #expect(!PathMatch.matches(pattern: "templates/[", name: "templates/["))
    }
}
