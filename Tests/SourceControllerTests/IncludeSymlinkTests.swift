import Archive
import FerryAPI
import Foundation
import Testing
@testable import SourceController

/// `include[].toPath` and `fromPath` never follow a symlink: a repository with `evil -> /outside`
/// and `toPath: evil/…` fails the reconcile naming the include and the path, and nothing outside
/// the working tree is removed or written.
@Suite struct IncludeSymlinkTests {
    let fx: GitFixture
    let storage: ArtifactStorage

    init() throws {
        fx = try GitFixture()
        storage = ArtifactStorage(root: fx.root + "/storage", advertisedAddress: "localhost:9090")
    }

    func reconciler(artifacts: [String: Artifact?] = [:]) -> GitRepositoryReconciler {
        GitRepositoryReconciler(storage: storage, driver: GitDriver(allowFileProtocol: true, temporaryDirectory: fx.root),
                                verifier: SignatureVerifier(temporaryDirectory: fx.root), secrets: InMemorySecrets(),
                                includes: InMemoryArtifacts(artifacts: artifacts), workDirectory: fx.root + "/work")
    }

    func object(_ spec: GitRepositorySpec, name: String) -> GitRepository {
        GitRepository(metadata: ObjectMetadata(name: name, namespace: "default", generation: 1), spec: spec)
    }

    /// A stored artifact of a repository holding `files` (and `links`: path → target).
    func includedArtifact(files: [String: String], links: [String: String] = [:]) async throws -> Artifact {
        let base = try await fx.makeRepository("base")
        for (path, text) in files { try await fx.write(base.work + "/" + path, text) }
        for (path, target) in links { try FileManager.default.createSymbolicLink(atPath: base.work + "/" + path, withDestinationPath: target) }
        try await fx.commit(base.work, "base")
        try await fx.push(base.work)
        let result = await reconciler().reconcile(object(GitRepositorySpec(url: base.url), name: "base"))
        return try #require(result.status.artifact)
    }

    @Test func toPathThroughASymlinkOfTheCheckoutIsRefused() async throws {
        try FileManager.default.createDirectory(atPath: fx.root + "/work", withIntermediateDirectories: true)
        let outside = fx.root + "/outside"
        try await fx.write(outside + "/etc/keep.txt", "precious\n")
        let baseArtifact = try await includedArtifact(files: ["passwd": "owned\n"])
        let app = try await fx.makeRepository("app")
        try await fx.write(app.work + "/deploy/app.yaml", "v: 1\n")
        try FileManager.default.createSymbolicLink(atPath: app.work + "/evil", withDestinationPath: outside)
        try await fx.commit(app.work, "evil")
        try await fx.push(app.work)

        for toPath in ["evil/etc", "evil/etc/new", "evil"] {
            let include = GitRepositoryInclude(repository: LocalObjectReference(name: "base"), toPath: toPath)
            let result = await reconciler(artifacts: ["default/base": baseArtifact])
                .reconcile(object(GitRepositorySpec(url: app.url, include: [include]), name: "app"))
            guard case .failed(let error) = result.outcome else { Issue.record("\(toPath): \(result.outcome)"); continue }
            #expect(error.reason == SourceReason.illegalPath)
            let expected = toPath == "evil" ? "path 'evil' is a symlink" : "path '\(toPath)' passes through symlink 'evil'"
            #expect(error.message == "failed to copy 'base' include from '' to '\(toPath)': \(expected)")
            #expect(result.status.condition("StorageOperationFailed")?.reason == SourceReason.illegalPath)
            #expect(result.status.condition("Ready")?.status == "False")
            #expect(result.status.artifact == nil)
        }
        // Nothing outside was removed or written.
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside) == ["etc"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside + "/etc") == ["keep.txt"])
        #expect(try String(contentsOfFile: outside + "/etc/keep.txt", encoding: .utf8) == "precious\n")
    }

    @Test func fromPathThroughASymlinkOfTheIncludedArtifactIsRefused() async throws {
        let baseArtifact = try await includedArtifact(files: ["real/sub/a.yaml": "a\n"], links: ["link": "real"])
        let app = try await fx.makeRepository("app")
        try await fx.write(app.work + "/app.yaml", "v: 1\n")
        try await fx.commit(app.work, "app")
        try await fx.push(app.work)
        let include = GitRepositoryInclude(repository: LocalObjectReference(name: "base"), fromPath: "link/sub", toPath: "vendor")
        let result = await reconciler(artifacts: ["default/base": baseArtifact])
            .reconcile(object(GitRepositorySpec(url: app.url, include: [include]), name: "app"))
        guard case .failed(let error) = result.outcome else { Issue.record("\(result.outcome)"); return }
        #expect(error.reason == SourceReason.illegalPath)
        #expect(error.message == "failed to copy 'base' include from 'link/sub' to 'vendor': path 'link/sub' passes through symlink 'link' of the included artifact")
    }

    @Test func linksOfAnIncludedArtifactArrivePointingWhereTheyDid() async throws {
        let baseArtifact = try await includedArtifact(files: ["real/a.yaml": "a\n"], links: ["alias": "real"])
        let app = try await fx.makeRepository("app")
        try await fx.write(app.work + "/app.yaml", "v: 1\n")
        try await fx.commit(app.work, "app")
        try await fx.push(app.work)
        let include = GitRepositoryInclude(repository: LocalObjectReference(name: "base"), toPath: "vendor/base")
        let result = await reconciler(artifacts: ["default/base": baseArtifact])
            .reconcile(object(GitRepositorySpec(url: app.url, include: [include]), name: "app"))
        let artifact = try #require(result.status.artifact)
        let entries = try TarReader.entries(Gunzip.decompress([UInt8](FileManager.default.contents(atPath: storage.localPath(artifact.path))!)))
        #expect(entries.map(\.path) == ["app.yaml", "vendor/base/alias", "vendor/base/real/a.yaml"])
        #expect(entries.first { $0.path == "vendor/base/alias" }?.linkTarget == "real")
    }

    @Test func thePlanRefusesEntriesThatLeaveTheArtifact() {
        let mapping = IncludeMapping(GitRepositoryInclude(repository: LocalObjectReference(name: "x")))
        #expect(throws: SafePath.Violation(path: "../escape", why: "leaves the included artifact")) {
            try IncludePlan(mapping: mapping, entries: [TarEntry(path: "../escape", kind: .file, mode: 0o644)])
        }
    }
}
