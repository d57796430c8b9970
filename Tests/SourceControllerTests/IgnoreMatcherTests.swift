import Testing
@testable import SourceController

@Suite struct IgnoreMatcherTests {
    static let defaults = SourceIgnore.matcher(sourceIgnorePatterns: [], specIgnore: nil)

    @Test(arguments: [
        (".git/config", false, true), (".gitignore", false, true), ("sub/.gitmodules", false, true),
        ("logo.png", false, true), ("img/a/b.JPG", false, false), ("dist/app.tar.gz", false, true),
        (".github/workflows/ci.yaml", false, true), (".github", true, true), (".travis.yml", false, true),
        ("deploy/.sops.yaml", false, true), ("deploy/app.yaml", false, false), ("kustomization.yaml", false, false),
        ("docs/.flux.yaml", false, true), (".circleci", true, true), ("github/x", false, false),
    ])
    func defaultExclusions(path: String, isDirectory: Bool, excluded: Bool) {
        #expect(Self.defaults.isExcluded(path, isDirectory: isDirectory) == excluded, "\(path)")
    }

    /// The example from Flux's docs: exclude all, re-include /deploy, then drop docs in it.
    static let specExample = SourceIgnore.matcher(sourceIgnorePatterns: [], specIgnore: """
        # exclude all
        /*
        # include deploy dir
        !/deploy
        # exclude file extensions from deploy dir
        /deploy/**/*.md
        /deploy/**/*.txt
        """)

    @Test(arguments: [
        ("README.md", false, true), ("src/main.go", false, true), ("deploy", true, false), ("deploy/app.yaml", false, false),
        ("deploy/base/README.md", false, true), ("deploy/notes.txt", false, true), ("deploy/x/y/z.yaml", false, false),
        (".git/HEAD", false, true),
    ])
    func specIgnoreReplacesDefaults(path: String, isDirectory: Bool, excluded: Bool) {
        #expect(Self.specExample.isExcluded(path, isDirectory: isDirectory) == excluded, "\(path)")
    }

    @Test func userPatternsReplaceTheDefaultsButNotVCS() {
        let m = SourceIgnore.matcher(sourceIgnorePatterns: IgnoreMatcher.parse("*.txt"), specIgnore: nil)
        #expect(m.isExcluded("logo.png", isDirectory: false) == false)
        #expect(m.isExcluded("a.txt", isDirectory: false))
        #expect(m.isExcluded(".git/HEAD", isDirectory: false))
    }

    @Test func sourceIgnoreInASubdirectoryIsScopedToIt() {
        let nested = IgnoreMatcher.parse("*.yaml\n!keep.yaml\n/local.json", domain: ["apps"])
        let m = SourceIgnore.matcher(sourceIgnorePatterns: nested, specIgnore: nil)
        #expect(m.isExcluded("apps/a.yaml", isDirectory: false))
        #expect(m.isExcluded("apps/deep/a.yaml", isDirectory: false))
        #expect(!m.isExcluded("apps/keep.yaml", isDirectory: false))
        #expect(!m.isExcluded("b.yaml", isDirectory: false))
        #expect(m.isExcluded("apps/local.json", isDirectory: false))
        #expect(!m.isExcluded("apps/deep/local.json", isDirectory: false))
    }

    @Test(arguments: [
        ("build/", "build", true, true), ("build/", "build", false, false), ("build/", "a/build/x", false, true),
        ("/root.txt", "root.txt", false, true), ("/root.txt", "a/root.txt", false, false),
        ("a/**/z", "a/z", false, true), ("a/**/z", "a/b/c/z", false, true), ("**/foo", "x/y/foo", false, true),
        ("a/**", "a/b/c", false, true), ("doc/*.md", "doc/x.md", false, true), ("doc/*.md", "doc/sub/x.md", false, false),
        ("\\#hash", "#hash", false, true), ("file?.txt", "file1.txt", false, true), ("[ab].txt", "b.txt", false, true),
        ("# comment", "# comment", false, false),
    ])
    func patternSemantics(pattern: String, path: String, isDirectory: Bool, excluded: Bool) {
        let m = IgnoreMatcher(patterns: IgnoreMatcher.parse(pattern))
        #expect(m.isExcluded(path, isDirectory: isDirectory) == excluded, "\(pattern) vs \(path)")
    }
}
