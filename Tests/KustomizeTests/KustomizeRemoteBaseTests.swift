import Dispatch
import FerryTesting
import Foundation
import Testing
@testable import Kustomize

/// Remote bases and components over a real Git transport (the project's HTTP git server),
/// compared with `kubectl kustomize` of the same tree.
@Suite struct KustomizeRemoteBaseTests {
    /// A repository with a base, a component and a base that tries to leave the repository,
    /// tagged `v1.0.0`, then changed on main (so building the tag shows the tag's content).
    static func repository() async throws -> GitRepoFixture {
        let repo = try await GitRepoFixture.create("kustomize-remote", on: try await GitServer.shared())
        try await repo.commit(files: [
            "deploy/base/kustomization.yaml": "resources:\n- configmap.yaml\n- ../shared\n",
            "deploy/base/configmap.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-settings\ndata:\n  release: tagged\n",
            "deploy/shared/kustomization.yaml": "resources:\n- account.yaml\n",
            "deploy/shared/account.yaml": "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n",
            "deploy/extra/kustomization.yaml": """
                apiVersion: kustomize.config.k8s.io/v1alpha1
                kind: Component
                patches:
                - patch: |-
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: app-settings
                    data:
                      extra: "on"

                """,
            "deploy/escape/kustomization.yaml": "resources:\n- ../../../outside\n",
        ], message: "v1")
        try await repo.tag("v1.0.0")
        try await repo.commit(files: ["deploy/base/configmap.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-settings\ndata:\n  release: main\n"],
                              message: "later")
        try await repo.push()
        return repo
    }

    static func overlay(_ kustomization: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-remote-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try kustomization.write(toFile: dir + "/kustomization.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    /// The build runs git synchronously: keep it off the cooperative pool.
    static func build(_ dir: String, options: Kustomize.Options = .init()) async -> Result<String, any Error> {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { try Kustomize.buildYAML(directory: dir, options: options) })
            }
        }
    }

    @Test func remoteBaseAtATagBuildsAsKubectlKustomize() async throws {
        let repo = try await Self.repository()
        let url = repo.url(.http)
        let dir = try Self.overlay("""
            namePrefix: team-
            resources:
            - \(url)//deploy/base?ref=v1.0.0
            components:
            - \(url)//deploy/extra?ref=v1.0.0

            """)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let mine = try await Self.build(dir).get()
        let theirs = try await LocalControlPlane.run("/usr/bin/kubectl", ["kustomize", dir])
        #expect(mine == theirs)
        #expect(mine.contains("release: tagged"))
        #expect(mine.contains("extra: \"on\""))
        #expect(mine.contains("name: team-app\n"))
    }

    @Test func disabledRemoteBasesNameTheReference() async throws {
        let dir = try Self.overlay("resources:\n- https://git.example.net/team/app.git//deploy?ref=v1\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = Kustomize.Options()
        options.allowRemoteBases = false
        let result = await Self.build(dir, options: options)
        guard case .failure(let error as KustomizeError) = result, case .remote(_, "resources", let url, let reason) = error else {
            Issue.record("expected a remote error, got \(result)"); return
        }
        #expect(url == "https://git.example.net/team/app.git//deploy?ref=v1")
        #expect(reason.contains("remote bases are disabled"))
        #expect("\(error)".contains("remote resources are not allowed"))
    }

    @Test func unreachableRemoteNamesTheURLWithoutCredentials() async throws {
        let dir = try Self.overlay("resources:\n- http://deployer:s3cret-t0ken@127.0.0.1:1/git/missing.git//deploy?ref=v1&timeout=10\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = await Self.build(dir)
        guard case .failure(let error) = result else { Issue.record("expected a failure"); return }
        let message = "\(error)"
        #expect(message.contains("127.0.0.1:1/git/missing.git//deploy"))
        #expect(!message.contains("s3cret-t0ken"))
    }

    @Test func aRemoteBaseCannotReadOutsideItsRepository() async throws {
        let repo = try await Self.repository()
        let dir = try Self.overlay("resources:\n- \(repo.url(.http))//deploy/escape?ref=v1.0.0\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A directory the escaping path would reach next to the clone, were it not confined.
        let result = await Self.build(dir)
        guard case .failure(let error as KustomizeError) = result else { Issue.record("expected a failure, got \(result)"); return }
        guard case .loadRestriction = error else { Issue.record("expected a load restriction, got \(error)"); return }
    }

    @Test func aMissingRefFailsNamingTheRef() async throws {
        let repo = try await Self.repository()
        let dir = try Self.overlay("resources:\n- \(repo.url(.http))//deploy/base?ref=v9.9.9\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = await Self.build(dir)
        guard case .failure(let error) = result else { Issue.record("expected a failure"); return }
        #expect("\(error)".contains("v9.9.9"))
    }
}
