import Foundation
import Testing
@testable import SourceController

/// `.sourceignore` files are read from regular files only, of bounded size, never through a
/// symlink out of the checkout: a FIFO cannot hang the reconcile, a link cannot read host files.
@Suite struct SourceIgnoreFileTests {
    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let fx = try GitFixture()
        let dir = fx.root + "/tree"
        try FileManager.default.createDirectory(atPath: dir + "/deploy", withIntermediateDirectories: true)
        #expect(mkfifo(dir + "/deploy/.sourceignore", 0o644) == 0)
        #expect(throws: SafePath.Violation(path: "deploy/.sourceignore", why: "is not a regular file")) {
            try SourceIgnore.loadPatterns(root: dir)
        }
    }

    @Test func aLinkOutOfTheCheckoutIsRefusedAndOneInsideIsRead() async throws {
        let fx = try GitFixture()
        let dir = fx.root + "/tree"
        try await fx.write(fx.root + "/host-file", "*.secret\n")
        try await fx.write(dir + "/shared/ignore-rules", "*.tmp\n")
        try FileManager.default.createSymbolicLink(atPath: dir + "/.sourceignore", withDestinationPath: fx.root + "/host-file")
        #expect(throws: SafePath.Violation(path: ".sourceignore", why: "is a symlink out of the repository")) {
            try SourceIgnore.loadPatterns(root: dir)
        }
        try FileManager.default.removeItem(atPath: dir + "/.sourceignore")
        try FileManager.default.createSymbolicLink(atPath: dir + "/.sourceignore", withDestinationPath: "shared/ignore-rules")
        let matcher = IgnoreMatcher(patterns: try SourceIgnore.loadPatterns(root: dir))
        #expect(matcher.isExcluded(["a.tmp"], isDirectory: false))
    }

    @Test func aFileOverTheLimitIsRefused() async throws {
        let fx = try GitFixture()
        let dir = fx.root + "/tree"
        try await fx.write(dir + "/.sourceignore", String(repeating: "#", count: SourceIgnore.maxFileSize + 1))
        #expect(throws: SafePath.Violation(path: ".sourceignore",
                                           why: "is \(SourceIgnore.maxFileSize + 1) bytes, more than the limit of \(SourceIgnore.maxFileSize) bytes")) {
            try SourceIgnore.loadPatterns(root: dir)
        }
    }

    @Test func linkedDirectoriesAreNotEntered() async throws {
        let fx = try GitFixture()
        let dir = fx.root + "/tree"
        try await fx.write(fx.root + "/elsewhere/.sourceignore", "*.yaml\n")
        try await fx.write(dir + "/a/.sourceignore", "*.md\n")
        try FileManager.default.createSymbolicLink(atPath: dir + "/a/loop", withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: dir + "/out", withDestinationPath: fx.root + "/elsewhere")
        let patterns = try SourceIgnore.loadPatterns(root: dir)
        let matcher = IgnoreMatcher(patterns: patterns)
        #expect(matcher.isExcluded(["a", "x.md"], isDirectory: false))
        #expect(!matcher.isExcluded(["out", "x.yaml"], isDirectory: false))
        #expect(patterns.count == 1)
    }
}
