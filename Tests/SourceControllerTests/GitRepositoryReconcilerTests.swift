import ControllerRuntime
import Archive
import FerryAPI
import Foundation
import Manifests
import Testing
@testable import SourceController

/// The whole reconcile against local repositories, storage in a scratch directory, secrets in memory.
@Suite struct GitRepositoryReconcilerTests {
    let fx: GitFixture
    let repo: (work: String, bare: String, url: String)
    let storage: ArtifactStorage

    init() async throws {
        fx = try GitFixture()
        repo = try await fx.makeRepository("app")
        storage = ArtifactStorage(root: fx.root + "/storage", advertisedAddress: "localhost:9090")
        try await fx.write(repo.work + "/deploy/app.yaml", "v: 1\n")
        try await fx.write(repo.work + "/logo.png", "png\n")
        try await fx.commit(repo.work, "first")
        try await fx.push(repo.work)
    }

    func reconciler(secrets: [String: [String: String]] = [:], artifacts: [String: Artifact?] = [:],
                    maxFileSize: Int64 = Archiver.defaultMaxFileSize) -> GitRepositoryReconciler {
        GitRepositoryReconciler(storage: storage, driver: GitDriver(allowFileProtocol: true, temporaryDirectory: fx.root),
                                verifier: SignatureVerifier(temporaryDirectory: fx.root), secrets: InMemorySecrets(secrets),
                                includes: InMemoryArtifacts(artifacts: artifacts), workDirectory: fx.root, maxFileSize: maxFileSize)
    }

    func object(_ spec: GitRepositorySpec, status: GitRepositoryStatus? = nil, name: String = "app", generation: Int = 1) -> GitRepository {
        GitRepository(metadata: ObjectMetadata(name: name, namespace: "default", generation: generation), spec: spec, status: status)
    }

    func head() async throws -> String { try await fx.git(["rev-parse", "HEAD"], in: repo.work) }

    func entries(_ artifact: Artifact) throws -> [String] {
        let bytes = [UInt8](FileManager.default.contents(atPath: storage.localPath(artifact.path))!)
        return try TarReader.entries(Gunzip.decompress(bytes)).map(\.path)
    }

    @Test func storesThenShortCircuitsThenFollowsTheBranch() async throws {
        let r = reconciler()
        let spec = GitRepositorySpec(url: repo.url, interval: "5m")
        let first = await r.reconcile(object(spec))
        guard case .stored(let after) = first.outcome else { Issue.record("\(first.outcome)"); return }
        #expect(after == .seconds(300))
        let artifact = try #require(first.status.artifact)
        let commit = try await head()
        #expect(artifact.revision == "master@sha1:\(commit)")
        #expect(artifact.path == "gitrepository/default/app/\(commit).tar.gz")
        #expect(artifact.url == "http://localhost:9090/gitrepository/default/app/\(commit).tar.gz")
        #expect(artifact.digest == (try Archiver.digest(ofFile: storage.localPath(artifact.path))))
        #expect(artifact.size ?? 0 > 0)
        #expect(try entries(artifact) == ["deploy/app.yaml"])   // logo.png: default exclusion
        #expect(first.status.condition("Ready")?.status == "True")
        #expect(first.status.condition("Ready")?.message == "stored artifact for revision 'master@sha1:\(commit)'")
        #expect(first.status.condition("ArtifactInStorage")?.status == "True")
        #expect(first.status.observedGeneration == 1)
        #expect(first.events.map(\.reason) == ["NewArtifact"])
        #expect(first.events.first?.message == "stored artifact for commit 'first'")

        // Nothing changed upstream: no fetch, same artifact, no events.
        let second = await r.reconcile(object(spec, status: first.status))
        guard case .upToDate = second.outcome else { Issue.record("\(second.outcome)"); return }
        #expect(second.status.artifact == artifact)
        #expect(second.events.isEmpty)
        #expect(second.status.condition("Ready")?.lastTransitionTime == first.status.condition("Ready")?.lastTransitionTime)

        // A new commit on the branch is a new artifact; the old one is kept by the retention policy.
        try await fx.write(repo.work + "/deploy/app.yaml", "v: 2\n")
        let next = try await fx.commit(repo.work, "second")
        try await fx.push(repo.work)
        let third = await r.reconcile(object(spec, status: second.status))
        #expect(third.status.artifact?.revision == "master@sha1:\(next)")
        #expect(third.status.artifact?.digest != artifact.digest)
        #expect(storage.exists(artifact.path))
        #expect(third.status.condition("ArtifactOutdated") == nil)
    }

    @Test func sameTreeSameDigestAcrossObjects() async throws {
        let r = reconciler()
        let a = await r.reconcile(object(GitRepositorySpec(url: repo.url), name: "one"))
        let b = await r.reconcile(object(GitRepositorySpec(url: repo.url), name: "two"))
        #expect(a.status.artifact?.digest != nil)
        #expect(a.status.artifact?.digest == b.status.artifact?.digest)
    }

    @Test func failuresKeepTheLastGoodArtifact() async throws {
        let r = reconciler()
        let good = await r.reconcile(object(GitRepositorySpec(url: repo.url)))
        let artifact = try #require(good.status.artifact)

        let missing = await r.reconcile(object(GitRepositorySpec(url: repo.url, ref: GitRepositoryRef(branch: "nope")),
                                               status: good.status, generation: 2))
        guard case .failed(let error) = missing.outcome else { Issue.record("\(missing.outcome)"); return }
        #expect(error.kind == .transient)
        #expect(missing.status.artifact == artifact)
        #expect(missing.status.condition("FetchFailed")?.reason == SourceReason.gitOperationFailed)
        #expect(missing.status.condition("Ready")?.status == "False")
        #expect(missing.status.condition("Reconciling")?.reason == ConditionReason.progressingWithRetry)
        #expect(missing.status.observedGeneration == 1)
        #expect(missing.events.isEmpty)   // the runtime records the failure's event from the outcome
        #expect(storage.exists(artifact.path))

        // Fixing the spec clears the failure.
        let fixed = await r.reconcile(object(GitRepositorySpec(url: repo.url), status: missing.status, generation: 3))
        #expect(fixed.status.condition("FetchFailed") == nil)
        #expect(fixed.status.condition("Reconciling") == nil)
        #expect(fixed.status.condition("Ready")?.status == "True")
        #expect(fixed.status.observedGeneration == 3)
    }

    @Test func malformedURLStalls() async throws {
        let result = await reconciler().reconcile(object(GitRepositorySpec(url: "git@github.com:org/repo.git")))
        guard case .failed(let error) = result.outcome else { Issue.record("\(result.outcome)"); return }
        #expect(error.kind == .stalled)
        #expect(result.status.condition("Stalled")?.status == "True")
        #expect(result.status.condition("FetchFailed")?.reason == SourceReason.urlInvalid)
        #expect(result.status.condition("Reconciling") == nil)
    }

    @Test func missingSecretIsAnAuthenticationFailure() async throws {
        let spec = GitRepositorySpec(url: repo.url, secretRef: LocalObjectReference(name: "creds"))
        let result = await reconciler().reconcile(object(spec))
        #expect(result.status.condition("FetchFailed")?.reason == SourceReason.authenticationFailed)
        #expect(result.status.condition("FetchFailed")?.message.contains("default/creds") == true)
    }

    @Test func credentialsNeverReachConditionsOrEvents() async throws {
        let spec = GitRepositorySpec(url: "http://bob:UrlPassw0rd@127.0.0.1:9/r.git", secretRef: LocalObjectReference(name: "creds"))
        let r = reconciler(secrets: ["default/creds": ["username": "bob", "password": "SecretPassw0rd"]])
        let result = await r.reconcile(object(spec))
        guard case .failed(let error) = result.outcome else { Issue.record("\(result.outcome)"); return }
        let everything = result.status.json.jsonString() + result.events.map(\.message).joined() + error.message
        #expect(result.status.condition("FetchFailed") != nil)
        #expect(!everything.contains("SecretPassw0rd"))
        #expect(!everything.contains("UrlPassw0rd"))
    }

    @Test func symlinkOutOfTheRepositoryIsRefusedAndTheOldArtifactStays() async throws {
        let r = reconciler()
        let good = await r.reconcile(object(GitRepositorySpec(url: repo.url)))
        try FileManager.default.createSymbolicLink(atPath: repo.work + "/deploy/passwd", withDestinationPath: "/etc/passwd")
        try await fx.commit(repo.work, "leak")
        try await fx.push(repo.work)
        let bad = await r.reconcile(object(GitRepositorySpec(url: repo.url), status: good.status))
        #expect(bad.status.condition("StorageOperationFailed")?.reason == "ArchiveOperationFailed")
        #expect(bad.status.condition("StorageOperationFailed")?.message.contains("deploy/passwd") == true)
        #expect(bad.status.artifact == good.status.artifact)
        #expect(bad.status.condition("ArtifactOutdated")?.reason == "NewRevision")

        // The branch is moved back to the good commit: up to date again, the failure forgotten.
        try await fx.git(["push", "-q", "-f", "origin", "HEAD~1:master"], in: repo.work)
        let back = await r.reconcile(object(GitRepositorySpec(url: repo.url), status: bad.status))
        guard case .upToDate = back.outcome else { Issue.record("\(back.outcome)"); return }
        #expect(back.status.condition("StorageOperationFailed") == nil)
        #expect(back.status.condition("ArtifactOutdated") == nil)
        #expect(back.status.condition("Ready")?.status == "True")
    }

    @Test func hugeFileIsRefused() async throws {
        try await fx.write(repo.work + "/deploy/big.yaml", String(repeating: "x", count: 5000))
        try await fx.commit(repo.work, "big")
        try await fx.push(repo.work)
        let result = await reconciler(maxFileSize: 4096).reconcile(object(GitRepositorySpec(url: repo.url)))
        #expect(result.status.condition("StorageOperationFailed")?.message.contains("deploy/big.yaml") == true)
        #expect(result.status.artifact == nil)
    }

    @Test func ignoreChangesRebuildTheSameRevision() async throws {
        let r = reconciler()
        let first = await r.reconcile(object(GitRepositorySpec(url: repo.url)))
        let spec = GitRepositorySpec(url: repo.url, ignore: "/*\n!/deploy\n")
        let second = await r.reconcile(object(spec, status: first.status, generation: 2))
        guard case .stored = second.outcome else { Issue.record("\(second.outcome)"); return }
        #expect(second.status.observedIgnore == "/*\n!/deploy\n")
        let third = await r.reconcile(object(spec, status: second.status, generation: 2))
        guard case .upToDate = third.outcome else { Issue.record("\(third.outcome)"); return }
        #expect(try entries(try #require(second.status.artifact)) == ["deploy/app.yaml"])
    }

    @Test func sourceIgnoreFilesAreHonoured() async throws {
        try await fx.write(repo.work + "/.sourceignore", "*.md\n")
        try await fx.write(repo.work + "/deploy/.sourceignore", "secret.yaml\n")
        try await fx.write(repo.work + "/deploy/secret.yaml", "s\n")
        try await fx.write(repo.work + "/README.md", "r\n")
        try await fx.commit(repo.work, "ignores")
        try await fx.push(repo.work)
        let result = await reconciler().reconcile(object(GitRepositorySpec(url: repo.url)))
        // A .sourceignore replaces the default exclusions: logo.png is back in.
        #expect(try entries(try #require(result.status.artifact)) == [".sourceignore", "deploy/.sourceignore", "deploy/app.yaml", "logo.png"])
    }

    @Test func includesAreCopiedAndWaitedFor() async throws {
        let other = try await fx.makeRepository("base")
        try await fx.write(other.work + "/k8s/base/kustomization.yaml", "resources: []\n")
        try await fx.write(other.work + "/other.txt", "o\n")
        try await fx.commit(other.work, "base")
        try await fx.push(other.work)
        let base = await reconciler().reconcile(object(GitRepositorySpec(url: other.url), name: "base"))
        let baseArtifact = try #require(base.status.artifact)

        let include = GitRepositoryInclude(repository: LocalObjectReference(name: "base"), fromPath: "k8s", toPath: "vendor/base")
        let spec = GitRepositorySpec(url: repo.url, include: [include])
        let waiting = await reconciler(artifacts: ["default/base": nil]).reconcile(object(spec))
        guard case .failed(let error) = waiting.outcome, case .waiting = error.kind else { Issue.record("\(waiting.outcome)"); return }
        #expect(waiting.status.condition("IncludeUnavailable")?.reason == "NoArtifact")

        let r = reconciler(artifacts: ["default/base": baseArtifact])
        let result = await r.reconcile(object(spec))
        let artifact = try #require(result.status.artifact)
        #expect(try entries(artifact) == ["deploy/app.yaml", "vendor/base/base/kustomization.yaml"])
        #expect(result.status.includedArtifacts == [baseArtifact])
        #expect(result.status.observedInclude == [include])
        let again = await r.reconcile(object(spec, status: result.status))
        guard case .upToDate = again.outcome else { Issue.record("\(again.outcome)"); return }
    }

    @Test func suspendedDoesNothing() async throws {
        let spec = GitRepositorySpec(url: repo.url, suspend: true)
        let result = await reconciler().reconcile(object(spec))
        #expect(result.outcome == .suspended)
        #expect(result.status.artifact == nil)
    }

    @Test func decodesObjectsFromJSONAndHonoursRequestedAt() async throws {
        let json = try JSONValue(json: """
            {"apiVersion":"source.toolkit.fluxcd.io/v1","kind":"GitRepository",
             "metadata":{"name":"app","namespace":"default","generation":4,
                         "annotations":{"reconcile.fluxcd.io/requestedAt":"2024-05-01T00:00:00Z"}},
             "spec":{"url":"\(repo.url)","interval":"1m","ref":{"branch":"master"},"timeout":"30s"}}
            """)
        let result = await reconciler().reconcile(object: json)
        #expect(result.status.lastHandledReconcileAt == "2024-05-01T00:00:00Z")
        #expect(result.status.observedGeneration == 4)
        let encoded = result.status.json
        #expect(encoded["artifact"]?["revision"]?.stringValue == "master@sha1:\(try await head())")
        #expect(try GitRepositoryStatus(json: encoded) == result.status)

        let broken = await reconciler().reconcile(object: ["metadata": ["name": "x"], "spec": ["interval": "1m"]])
        guard case .failed(let error) = broken.outcome else { Issue.record("\(broken.outcome)"); return }
        #expect(error.kind == .stalled)
        #expect(error.message.contains("url"))
    }

    /// The no-op path asks the remote for the ref's commit and nothing else.
    @Test func upToDateRunsOnlyLsRemote() async throws {
        let log = fx.root + "/git.log"
        let wrapper = fx.root + "/logging-git"
        try await fx.write(wrapper, "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in -*|/*|file:*) ;; *) echo \"$a\" >> '\(log)'; break;; esac; done\nexec git \"$@\"\n",
                     executable: true)
        let r = GitRepositoryReconciler(storage: storage, driver: GitDriver(git: wrapper, allowFileProtocol: true, temporaryDirectory: fx.root),
                                        secrets: InMemorySecrets(), includes: InMemoryArtifacts(artifacts: [:]), workDirectory: fx.root)
        let spec = GitRepositorySpec(url: repo.url)
        let first = await r.reconcile(object(spec))
        #expect(first.status.artifact != nil)
        try FileManager.default.removeItem(atPath: log)
        let second = await r.reconcile(object(spec, status: first.status))
        guard case .upToDate = second.outcome else { Issue.record("\(second.outcome)"); return }
        let commands = String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self)
        #expect(commands == "ls-remote\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: fx.root).filter { $0.hasPrefix("gitrepository-") }.isEmpty)
    }

    /// An artifact that vanished from storage is rebuilt even though the revision did not move.
    @Test func vanishedArtifactIsRebuilt() async throws {
        let r = reconciler()
        let first = await r.reconcile(object(GitRepositorySpec(url: repo.url)))
        let artifact = try #require(first.status.artifact)
        try FileManager.default.removeItem(atPath: storage.localPath(artifact.path))
        let second = await r.reconcile(object(GitRepositorySpec(url: repo.url), status: first.status))
        guard case .stored = second.outcome else { Issue.record("\(second.outcome)"); return }
        #expect(storage.exists(artifact.path))
        #expect(second.status.artifact?.digest == artifact.digest)
    }

    @Test func unsupportedProviderStalls() async throws {
        let result = await reconciler().reconcile(object(GitRepositorySpec(url: repo.url, provider: "azure")))
        guard case .failed(let error) = result.outcome else { Issue.record("\(result.outcome)"); return }
        #expect(error.kind == .stalled)
        #expect(result.status.condition("FetchFailed")?.reason == SourceReason.invalidProviderConfiguration)
    }

    @Test func deletionRemovesEveryArtifact() async throws {
        let r = reconciler()
        let result = await r.reconcile(object(GitRepositorySpec(url: repo.url)))
        let artifact = try #require(result.status.artifact)
        try r.delete(namespace: "default", name: "app")
        #expect(!storage.exists(artifact.path))

        // The same through reconcile, for an object with a deletion timestamp.
        let again = await r.reconcile(object(GitRepositorySpec(url: repo.url)))
        var deleting = object(GitRepositorySpec(url: repo.url), status: again.status)
        deleting.metadata.deletionTimestamp = "2024-01-01T00:00:00Z"
        deleting.metadata.finalizers = ["finalizers.fluxcd.io"]
        let gone = await r.reconcile(deleting)
        #expect(gone.outcome == .deleted)
        #expect(!storage.exists(try #require(again.status.artifact).path))
    }

    @Test func progressIsReportedBeforeBuildingOnly() async throws {
        actor Seen { var statuses: [GitRepositoryStatus] = []; func add(_ s: GitRepositoryStatus) { statuses.append(s) } }
        let seen = Seen()
        let r = reconciler()
        let sink = ProgressSink { status in await seen.add(try GitRepositoryStatus(json: status)) }
        let first = await r.reconcile(object(GitRepositorySpec(url: repo.url)), progress: sink)
        _ = await r.reconcile(object(GitRepositorySpec(url: repo.url), status: first.status), progress: sink)
        let statuses = await seen.statuses
        #expect(statuses.count == 1)
        #expect(statuses.first?.condition("Reconciling")?.reason == "Progressing")
        #expect(statuses.first?.condition("Ready")?.status == "Unknown")
        #expect(statuses.first?.condition("Ready")?.message.hasPrefix("building artifact: new upstream revision 'master@sha1:") == true)
    }
}
