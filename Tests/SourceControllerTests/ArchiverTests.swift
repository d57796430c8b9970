import Archive
import Foundation
import Testing
@testable import SourceController

@Suite struct ArchiverTests {
    static func entries(_ path: String) throws -> [TarEntry] {
        try TarReader.entries(Gunzip.decompress([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))))
    }

    @Test func archiveIsSortedNormalisedAndRoundTrips() async throws {
        let fx = try GitFixture()
        let dir = fx.root + "/tree"
        try await fx.write(dir + "/b.yaml", "b: 1\n")
        try await fx.write(dir + "/a/z.yaml", "z: 1\n")
        try await fx.write(dir + "/a/run.sh", "#!/bin/sh\n", executable: true)
        try await fx.write(dir + "/logo.png", "png")
        try await fx.write(dir + "/.git/HEAD", "ref: x\n")
        try await fx.write(dir + "/a/.git", "gitdir: ../.git/modules/a\n")   // a submodule's gitlink file
        let long = String(repeating: "d", count: 60) + "/" + String(repeating: "e", count: 60) + "/" + String(repeating: "f", count: 120) + ".yaml"
        try await fx.write(dir + "/" + long, "long: true\n")
        let out = fx.root + "/out.tar.gz"
        let result = try Archiver.archive(directory: dir, to: out, matcher: SourceIgnore.matcher(sourceIgnorePatterns: [], specIgnore: nil))
        let entries = try Self.entries(out)
        #expect(entries.map(\.path) == ["a/run.sh", "a/z.yaml", "b.yaml", long])
        #expect(entries.first { $0.path == "a/run.sh" }?.mode == 0o755)
        #expect(entries.first { $0.path == "b.yaml" }?.mode == 0o644)
        #expect(entries.first { $0.path == "b.yaml" }?.contents == Array("b: 1\n".utf8))
        #expect(entries.first { $0.path == long }?.contents == Array("long: true\n".utf8))
        #expect(result.files == 4)
        #expect(result.digest == (try Archiver.digest(ofFile: out)))
        #expect(result.size == Int64((try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? -1))
        // The system tar reads it too.
        let listing = try await fx.run("tar", ["-tzf", out])
        #expect(listing.split(separator: "\n").contains("a/run.sh"))
        #expect(listing.contains(long))
    }

    @Test func sameTreeSameDigestRegardlessOfTimesAndOwnershipNoise() async throws {
        let fx = try GitFixture()
        for name in ["one", "two"] {
            try await fx.write(fx.root + "/\(name)/x/y.yaml", "y\n")
            try await fx.write(fx.root + "/\(name)/a.yaml", "a\n")
        }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1000)], ofItemAtPath: fx.root + "/two/a.yaml")
        let m = SourceIgnore.matcher(sourceIgnorePatterns: [], specIgnore: nil)
        let one = try Archiver.archive(directory: fx.root + "/one", to: fx.root + "/1.tgz", matcher: m)
        let two = try Archiver.archive(directory: fx.root + "/two", to: fx.root + "/2.tgz", matcher: m)
        #expect(one.digest == two.digest)
        try await fx.write(fx.root + "/two/a.yaml", "changed\n")
        let three = try Archiver.archive(directory: fx.root + "/two", to: fx.root + "/3.tgz", matcher: m)
        #expect(three.digest != one.digest)
    }

    @Test func twoClonesOfTheSameCommitGiveTheSameArtifact() async throws {
        let fx = try GitFixture()
        let repo = try await fx.makeRepository("r")
        try await fx.write(repo.work + "/deploy/app.yaml", "kind: ConfigMap\n")
        try await fx.write(repo.work + "/README.md", "hello\n")
        try await fx.commit(repo.work, "first")
        try await fx.push(repo.work)
        let m = SourceIgnore.matcher(sourceIgnorePatterns: [], specIgnore: nil)
        var digests: [String] = []
        for clone in ["c1", "c2"] {
            try await fx.run("git", ["clone", "-q", repo.url, fx.root + "/" + clone])
            // Different checkout times must not matter.
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: Double(digests.count * 5000))],
                                                  ofItemAtPath: fx.root + "/\(clone)/README.md")
            digests.append(try Archiver.archive(directory: fx.root + "/" + clone, to: fx.root + "/\(clone).tgz", matcher: m).digest)
        }
        #expect(digests[0] == digests[1])
    }

    @Test func fileOverTheLimitIsRefusedAndNamed() async throws {
        let fx = try GitFixture()
        let dir = fx.root + "/tree"
        try await fx.write(dir + "/small.yaml", "x\n")
        try await fx.write(dir + "/big/blob.bin", String(repeating: "x", count: 2048))
        #expect(throws: ArchiveError.fileTooLarge(path: "big/blob.bin", size: 2048, limit: 1024)) {
            try Archiver.archive(directory: dir, to: fx.root + "/o.tgz", matcher: IgnoreMatcher(patterns: []), maxFileSize: 1024)
        }
        // Excluded files do not count.
        let m = IgnoreMatcher(patterns: IgnoreMatcher.parse("*.bin"))
        _ = try Archiver.archive(directory: dir, to: fx.root + "/o.tgz", matcher: m, maxFileSize: 1024)
    }

    @Test func gzipOfLargeInputRoundTrips() throws {
        var produced: [UInt8] = []
        let gzip = try GzipWriter { produced += $0 }
        var input: [UInt8] = []
        for i in 0..<300_000 { input.append(UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 13)) }
        try gzip.write(input)
        try gzip.write(Array("tail".utf8))
        try gzip.finish()
        #expect(Array(produced.prefix(10)) == GzipWriter.header)
        #expect(try Gunzip.decompress(produced) == input + Array("tail".utf8))
        #expect(throws: (any Error).self) { try Gunzip.decompress(Array(produced.dropLast(100))) }
        var flipped = produced
        flipped[flipped.count - 9] ^= 0xff
        #expect(throws: (any Error).self) { try Gunzip.decompress(flipped) }
    }
}
