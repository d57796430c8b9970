import Archive
import Foundation
import Testing
@testable import SourceController

/// Symbolic links in a checkout are archived as links, never followed: linked directories cannot
/// make the walk loop, and no link may lead out of the tree.
@Suite struct ArchiverSymlinkTests {
    static func entries(_ path: String) throws -> [TarEntry] {
        try TarReader.entries(Gunzip.decompress([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))))
    }

    @Test func linksInsideTheTreeAreStoredAsLinks() async throws {
        let fx = try GitFixture()
        let dir = fx.root + "/tree"
        try await fx.write(dir + "/real/app.yaml", "app\n")
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.yaml", withDestinationPath: "real/app.yaml")
        try FileManager.default.createSymbolicLink(atPath: dir + "/alias", withDestinationPath: "real")
        try FileManager.default.createSymbolicLink(atPath: dir + "/broken", withDestinationPath: "nowhere")
        let out = fx.root + "/out.tgz"
        let result = try Archiver.archive(directory: dir, to: out, matcher: IgnoreMatcher(patterns: []))
        let entries = try Self.entries(out)
        #expect(entries.map(\.path) == ["alias", "link.yaml", "real/app.yaml"])   // the broken link is left out
        #expect(entries.first { $0.path == "alias" } == TarEntry(path: "alias", kind: .symlink, mode: 0o777, linkTarget: "real"))
        #expect(entries.first { $0.path == "link.yaml" } == TarEntry(path: "link.yaml", kind: .symlink, mode: 0o777, linkTarget: "real/app.yaml"))
        #expect(result.files == 3)
    }

    @Test func mutuallyLinkedDirectoriesAreArchivedOnce() async throws {
        let fx = try GitFixture()
        let dir = fx.root + "/tree"
        try await fx.write(dir + "/a/x.yaml", "x\n")
        try await fx.write(dir + "/b/y.yaml", "y\n")
        try FileManager.default.createSymbolicLink(atPath: dir + "/a/l", withDestinationPath: "../b")
        try FileManager.default.createSymbolicLink(atPath: dir + "/b/l", withDestinationPath: "../a")
        try FileManager.default.createSymbolicLink(atPath: dir + "/a/up", withDestinationPath: "..")
        let out = fx.root + "/out.tgz"
        _ = try Archiver.archive(directory: dir, to: out, matcher: IgnoreMatcher(patterns: []))
        let entries = try Self.entries(out)
        #expect(entries.map(\.path) == ["a/l", "a/up", "a/x.yaml", "b/l", "b/y.yaml"])
        #expect(entries.filter { $0.kind == .symlink }.map(\.linkTarget) == ["../b", "..", "../a"])
    }

    @Test func aLoopOfLinksIsLeftOut() async throws {
        let fx = try GitFixture()
        let dir = fx.root + "/tree"
        try await fx.write(dir + "/ok.yaml", "ok\n")
        try FileManager.default.createSymbolicLink(atPath: dir + "/p", withDestinationPath: "q")
        try FileManager.default.createSymbolicLink(atPath: dir + "/q", withDestinationPath: "p")
        let out = fx.root + "/out.tgz"
        _ = try Archiver.archive(directory: dir, to: out, matcher: IgnoreMatcher(patterns: []))
        #expect(try Self.entries(out).map(\.path) == ["ok.yaml"])
    }

    @Test func linksOutOfTheTreeAreRefusedAndNamed() async throws {
        let fx = try GitFixture()
        let dir = fx.root + "/tree"
        try await fx.write(dir + "/ok.yaml", "ok\n")
        try await fx.write(fx.root + "/secret.txt", "s3cr3t\n")
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        let out = fx.root + "/o.tgz"
        for (link, target) in [("sub/leak", "../../secret.txt"), ("etc", "/etc"), ("sub/dangling", "../../nowhere")] {
            try FileManager.default.createSymbolicLink(atPath: dir + "/" + link, withDestinationPath: target)
            #expect(throws: ArchiveError.symlinkOutsideTree(path: link, target: target)) {
                try Archiver.archive(directory: dir, to: out, matcher: IgnoreMatcher(patterns: []))
            }
            try FileManager.default.removeItem(atPath: dir + "/" + link)
        }
        // Inside when read lexically, outside when followed: `dot -> .` makes `dot/..` the parent.
        try FileManager.default.createSymbolicLink(atPath: dir + "/dot", withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: dir + "/sneak", withDestinationPath: "dot/..")
        #expect(throws: ArchiveError.symlinkOutsideTree(path: "sneak", target: "dot/..")) {
            try Archiver.archive(directory: dir, to: out, matcher: IgnoreMatcher(patterns: []))
        }
    }

    @Test func directoriesNestedBeyondTheLimitAreRefused() throws {
        let fx = try GitFixture()
        let dir = fx.root + "/tree"
        // Made one level at a time (relative), as the whole path would exceed PATH_MAX for some calls.
        var path = dir
        for _ in 0...Archiver.maxDepth { path += "/d" }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let deepest = Array(repeating: "d", count: Archiver.maxDepth + 1).joined(separator: "/")
        #expect(throws: ArchiveError.tooDeep(path: deepest, limit: Archiver.maxDepth)) {
            try Archiver.archive(directory: dir, to: fx.root + "/o.tgz", matcher: IgnoreMatcher(patterns: []))
        }
    }
}
