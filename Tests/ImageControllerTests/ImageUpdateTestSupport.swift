import ControllerRuntime
import FerryAPI
import FerryTesting
import Foundation
import ImageController
import Manifests
import SourceController

/// GitRepositories and ImagePolicies held in memory, as the runtime reads them from the API server.
struct InMemoryImageSources: ImageAutomationSources {
    var repositories: [String: GitRepository] = [:]
    var policies: [JSONValue] = []

    func gitRepository(namespace: String, name: String) async throws -> GitRepository? {
        repositories["\(namespace)/\(name)"]
    }

    func imagePolicies(namespace: String, labelSelector: String?) async throws -> [JSONValue] {
        let selector = try labelSelector.map { try LabelSelector($0) }
        return policies.filter { policy in
            guard policy[path: "metadata", "namespace"]?.stringValue == namespace else { return false }
            let labels = (policy[path: "metadata", "labels"]?.objectValue ?? [:]).compactMapValues { $0.stringValue }
            return selector?.matches(Dictionary(uniqueKeysWithValues: labels.map { ($0.key, $0.value) })) ?? true
        }
    }
}

struct UpdateTestSecrets: SecretReader {
    var secrets: [String: [String: [UInt8]]]

    func secretData(namespace: String, name: String) async throws -> [String: [UInt8]] {
        guard let data = secrets["\(namespace)/\(name)"] else {
            throw ImageUpdateTestFailure(description: "secrets \"\(name)\" not found")
        }
        return data
    }
}

struct ImageUpdateTestFailure: Error, CustomStringConvertible {
    var description: String
}

/// An ImagePolicy object as the image-reflector writes it: `status.latestRef` set.
func imagePolicy(_ name: String, namespace: String = "apps", image: String, tag: String, digest: String? = nil,
                 labels: [String: String] = [:]) -> JSONValue {
    var ref: JSONObject = ["name": .string(image), "tag": .string(tag)]
    if let digest { ref["digest"] = .string(digest) }
    var metadata: JSONObject = ["name": .string(name), "namespace": .string(namespace)]
    if !labels.isEmpty {
        var object = JSONObject()
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) { object[key] = .string(value) }
        metadata["labels"] = .object(object)
    }
    return .object(["apiVersion": "image.toolkit.fluxcd.io/v1", "kind": "ImagePolicy", "metadata": .object(metadata),
                    "status": .object(["latestRef": .object(ref)])])
}

/// One Git repository on the local server, a GitRepository pointing at it (basic auth, push
/// allowed), and reconciles of automations against it.
struct ImageUpdateEnv {
    let fixture: GitRepoFixture
    let server: GitServer
    var secrets: [String: [String: [UInt8]]]
    var sources: InMemoryImageSources
    var pushRetry = ImageUpdateAutomationReconciler.PushRetry(maxAttempts: 3, baseDelay: .milliseconds(50))

    static func make(_ name: String, files: [String: String], ref: GitRepositoryRef? = GitRepositoryRef(branch: "main")) async throws -> ImageUpdateEnv {
        let server = try await GitServer.shared()
        let fixture = try await GitRepoFixture.create(name, on: server)
        try await fixture.commit(files: files, message: "initial manifests")
        try await fixture.push()
        var secret: [String: [UInt8]] = [:]
        for (key, value) in try server.fluxSecretData(.httpAuth) { secret[key] = Array(value.utf8) }
        var repository = GitRepository(metadata: ObjectMetadata(name: "repo", namespace: "apps"),
                                       spec: GitRepositorySpec(url: fixture.url(.httpAuth), interval: "1m"))
        repository.spec.secretRef = LocalObjectReference(name: "git-creds")
        repository.spec.ref = ref
        return ImageUpdateEnv(fixture: fixture, server: server, secrets: ["apps/git-creds": secret],
                              sources: InMemoryImageSources(repositories: ["apps/repo": repository]))
    }

    static func automation(_ name: String = "auto", git: ImageUpdateGitSpec, path: String? = nil,
                           selector: ImagePolicySelector? = nil, kind: String = "GitRepository",
                           strategy: String? = ImageUpdateAutomation.strategySetters) -> ImageUpdateAutomation {
        ImageUpdateAutomation(metadata: ObjectMetadata(name: name, namespace: "apps", generation: 1),
                              spec: ImageUpdateAutomationSpec(sourceRef: CrossNamespaceSourceReference(kind: kind, name: "repo"),
                                                              git: git, interval: "5m", policySelector: selector,
                                                              update: ImageUpdateStrategy(strategy: strategy, path: path)))
    }

    /// One reconcile; returns the status to be written (the previous one when none) and the report.
    func reconcile(_ automation: ImageUpdateAutomation, status: ImageUpdateAutomationStatus? = nil,
                   beforePush: (@Sendable (Int) async -> Void)? = nil) async throws -> (ImageUpdateAutomationStatus, ReconcileReport) {
        var reconciler = ImageUpdateAutomationReconciler(sources: sources, secrets: UpdateTestSecrets(secrets: secrets))
        reconciler.pushRetry = pushRetry
        reconciler.beforePush = beforePush
        var automation = automation
        automation.status = status
        var object = APIConversion.encode(automation)
        object["apiVersion"] = .string(ImageUpdateAutomation.apiVersion)
        object["kind"] = .string(ImageUpdateAutomation.kind)
        let report = try await reconciler.report(for: object)
        let written = try report.status.map { try APIConversion.decode(ImageUpdateAutomationStatus.self, from: $0) }
            ?? status ?? ImageUpdateAutomationStatus()
        return (written, report)
    }

    /// `git` in the server's bare repository (what a clone would see).
    func remote(_ args: [String]) async throws -> String {
        try await fixture.git(args, in: fixture.bareRepository).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func remoteFile(_ path: String, at ref: String = "main") async throws -> String {
        try await fixture.git(["show", "\(ref):\(path)"], in: fixture.bareRepository)
    }
}
