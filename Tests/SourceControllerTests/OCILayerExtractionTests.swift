import Archive
import Foundation
import Testing

@testable import SourceController

/// A layer's entries are written by whoever pushed the artifact: every way out of the working
/// directory, and every way to make it huge, is refused naming the entry before anything is written.
@Suite struct OCILayerExtractionTests {
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        final class Sink: @unchecked Sendable { var bytes: [UInt8] = [] }
        let sink = Sink()
        let writer = try GzipWriter { sink.bytes += $0 }
        try writer.write(bytes)
        try writer.finish()
        return sink.bytes
    }

    static func layer(_ entries: [[UInt8]]) throws -> [UInt8] { try gzip(entries.flatMap { $0 } + Tar.trailer) }

    static let hostile: [(String, [[UInt8]], String)] = [
        ("climbs out", [Tar.file(path: "../../etc/evil", contents: Array("x".utf8))], "illegal path '../../etc/evil'"),
        ("absolute", [Tar.file(path: "/etc/evil", contents: Array("x".utf8))], "illegal path '/etc/evil'"),
        ("climbs out below", [Tar.file(path: "a/../../evil", contents: Array("x".utf8))], "illegal path 'a/../../evil'"),
        ("symlink out", [Tar.header(path: "link", type: .symlink, mode: 0o777, size: 0, linkTarget: "../../etc")],
         "illegal symlink 'link' -> '../../etc'"),
        ("absolute symlink", [Tar.header(path: "link", type: .symlink, mode: 0o777, size: 0, linkTarget: "/etc/passwd")],
         "illegal symlink 'link' -> '/etc/passwd'"),
        ("hard link", [Tar.header(path: "hard", type: .hardLink, mode: 0o644, size: 0, linkTarget: "/etc/passwd")],
         "entry 'hard' is a hard link"),
    ]

    @Test(arguments: hostile.indices)
    func hostileEntriesAreRefusedNamingThem(_ index: Int) throws {
        let (_, entries, message) = Self.hostile[index]
        #expect {
            _ = try OCILayerExtraction.plan(try Self.layer(entries))
        } throws: { error in
            (error as? OCILayerExtraction.Failure)?.description.hasPrefix(message) == true
        }
    }

    @Test func aDecompressionBombStopsAtTheLimit() throws {
        // 8 MiB of zeros compress to a few KiB; the limit is 1 MiB.
        let bomb = try Self.layer([Tar.file(path: "zeros", contents: [UInt8](repeating: 0, count: 8 << 20))])
        #expect(bomb.count < 64 << 10)
        #expect {
            _ = try OCILayerExtraction.plan(bomb, maxSize: 1 << 20)
        } throws: { error in
            (error as? OCILayerExtraction.Failure)?.description == "layer exceeds the maximum extracted size of 1048576 bytes"
        }
    }

    @Test func notATarballIsRefused() throws {
        #expect(throws: OCILayerExtraction.Failure.self) { _ = try OCILayerExtraction.plan(Array("plain text".utf8)) }
    }

    @Test func aWriteThroughAnEarlierSymlinkIsRefused() throws {
        // The symlink is made last, so `dir/file` is written into a real directory `dir`; a
        // layer whose link and file share a name fails instead of writing through the link.
        let steps = try OCILayerExtraction.plan(try Self.layer([
            Tar.header(path: "dir", type: .symlink, mode: 0o777, size: 0, linkTarget: "."),
            Tar.file(path: "dir/file", contents: Array("x".utf8)),
        ]))
        let root = NSTemporaryDirectory() + "oci-extract-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(throws: OCILayerExtraction.Failure.self) { try OCILayerExtraction.apply(steps, into: root) }
        #expect(FileManager.default.fileExists(atPath: root + "/dir/file"))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: root + "/dir")) == nil)
    }

    @Test func aGoodLayerIsUnpacked() throws {
        let steps = try OCILayerExtraction.plan(try Self.layer([
            Tar.header(path: "deploy", type: .directory, mode: 0o755, size: 0),
            Tar.file(path: "deploy/app.yaml", contents: Array("app\n".utf8)),
            Tar.file(path: "./run.sh", contents: Array("#!/bin/sh\n".utf8), mode: 0o755),
            Tar.header(path: "current", type: .symlink, mode: 0o777, size: 0, linkTarget: "deploy"),
        ]))
        let root = NSTemporaryDirectory() + "oci-extract-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try OCILayerExtraction.apply(steps, into: root)
        #expect(FileManager.default.contents(atPath: root + "/deploy/app.yaml") == Data("app\n".utf8))
        #expect(FileManager.default.isExecutableFile(atPath: root + "/run.sh"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/current") == "deploy")
    }
}
