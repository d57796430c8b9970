import Foundation
import Testing
@testable import SourceController

@Suite struct ArtifactStorageTests {
    @Test func layoutAndURL() {
        let storage = ArtifactStorage(root: "/data/", advertisedAddress: "source-controller.flux-system.svc.cluster.local.")
        let path = ArtifactStorage.artifactPath(kind: "GitRepository", namespace: "default", name: "podinfo", fileName: "abc.tar.gz")
        #expect(path == "gitrepository/default/podinfo/abc.tar.gz")
        #expect(storage.url(forPath: path) == "http://source-controller.flux-system.svc.cluster.local./gitrepository/default/podinfo/abc.tar.gz")
        #expect(storage.localPath(path) == "/data/gitrepository/default/podinfo/abc.tar.gz")
    }

    static let now = Date(timeIntervalSince1970: 10_000)
    static func file(_ name: String, age: Double) -> (path: String, modified: Date) {
        ("d/\(name)", now.addingTimeInterval(-age))
    }

    @Test func garbageCollectionKeepsRecordsWithinTTL() {
        let plan = ArtifactStorage.collectionPlan(
            candidates: [Self.file("new.tgz", age: 5), Self.file("older.tgz", age: 10), Self.file("old.tgz", age: 120),
                         Self.file(".tmp-x", age: 1), Self.file(".tmp-y", age: 600)],
            keepCurrent: true, retentionRecords: 2, ttl: .seconds(60), now: Self.now)
        // Current + 1 record; "older" is beyond the count, "old" beyond the TTL; a fresh temp file may be in use.
        #expect(plan == ["d/.tmp-y", "d/old.tgz", "d/older.tgz"])
    }

    @Test func garbageCollectionOnDisk() throws {
        let fx = try GitFixture()
        let storage = ArtifactStorage(root: fx.root + "/storage", advertisedAddress: "localhost:9090", retentionRecords: 2,
                                      retentionTTL: .seconds(60))
        let dir = "gitrepository/ns/repo"
        for name in ["a", "b", "c"] {
            let tmp = try storage.temporaryPath(for: dir + "/\(name).tar.gz")
            _ = FileManager.default.createFile(atPath: tmp, contents: Data(name.utf8))
            try storage.commit(temporaryPath: tmp, to: dir + "/\(name).tar.gz")
        }
        let removed = try storage.garbageCollect(directory: dir, keep: dir + "/c.tar.gz", now: Date())
        #expect(removed.count == 1)
        #expect(storage.exists(dir + "/c.tar.gz"))
        let later = try storage.garbageCollect(directory: dir, keep: dir + "/c.tar.gz", now: Date().addingTimeInterval(120))
        #expect(later.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: storage.localPath(dir)) == ["c.tar.gz"])
        try storage.removeAll(directory: dir)
        #expect(!FileManager.default.fileExists(atPath: storage.localPath(dir)))
    }

    @Test func requestPathsResolveOnlyToStoredFiles() async throws {
        let fx = try GitFixture()
        let storage = ArtifactStorage(root: fx.root + "/storage", advertisedAddress: "localhost")
        let path = "gitrepository/ns/repo/abc.tar.gz"
        let tmp = try storage.temporaryPath(for: path)
        _ = FileManager.default.createFile(atPath: tmp, contents: Data("x".utf8))
        #expect(storage.fileForRequest(path: "/gitrepository/ns/repo/" + (tmp as NSString).lastPathComponent) == nil)
        try storage.commit(temporaryPath: tmp, to: path)
        try await fx.write(fx.root + "/outside.txt", "secret")
        try FileManager.default.createSymbolicLink(atPath: storage.localPath("gitrepository/ns/repo/link.tar.gz"),
                                                   withDestinationPath: fx.root + "/outside.txt")
        #expect(storage.fileForRequest(path: "/" + path)?.hasSuffix(path) == true)
        #expect(storage.fileForRequest(path: "/" + path + "?x=1")?.hasSuffix(path) == true)
        for bad in ["/../outside.txt", "/gitrepository/../../outside.txt", "/gitrepository/ns/repo", "/", "",
                    "/gitrepository/ns/repo/%2e%2e/x", "/gitrepository/ns/repo/link.tar.gz", "/gitrepository/ns/./repo/abc.tar.gz"] {
            #expect(storage.fileForRequest(path: bad) == nil, "\(bad)")
        }
    }
}
