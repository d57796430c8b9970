import FerryAPI
import SourceController

struct NotFound: Error, CustomStringConvertible {
    var what: String
    var description: String { "\(what) not found" }
}

/// Secrets held in memory, as the runtime would read them from the API server.
struct InMemorySecrets: SecretReader {
    var secrets: [String: [String: [UInt8]]]

    init(_ secrets: [String: [String: String]] = [:]) {
        self.secrets = secrets.mapValues { $0.mapValues { Array($0.utf8) } }
    }

    func secretData(namespace: String, name: String) async throws -> [String: [UInt8]] {
        guard let data = secrets["\(namespace)/\(name)"] else { throw NotFound(what: "secrets \"\(name)\"") }
        return data
    }
}

/// Other GitRepositories' artifacts, for includes.
struct InMemoryArtifacts: GitRepositoryArtifactReader {
    var artifacts: [String: Artifact?]

    func artifact(ofGitRepository name: String, namespace: String) async throws -> Artifact? {
        guard let artifact = artifacts["\(namespace)/\(name)"] else { throw NotFound(what: "gitrepositories \"\(name)\"") }
        return artifact
    }
}

/// HelmRepositories and GitRepository artifacts held in memory, for the HelmChart reconciler.
struct InMemoryHelmSources: HelmChartSourceReader {
    var repositories: [String: HelmRepository] = [:]
    var gitArtifacts: [String: Artifact?] = [:]

    func helmRepository(name: String, namespace: String) async throws -> HelmRepository {
        guard let repository = repositories["\(namespace)/\(name)"] else { throw NotFound(what: "helmrepositories \"\(name)\"") }
        return repository
    }

    func gitRepositoryArtifact(name: String, namespace: String) async throws -> Artifact? {
        guard let artifact = gitArtifacts["\(namespace)/\(name)"] else { throw NotFound(what: "gitrepositories \"\(name)\"") }
        return artifact
    }

    func helmRepositories(namespace: String) async throws -> [HelmRepository] {
        repositories.filter { $0.key.hasPrefix(namespace + "/") }.sorted { $0.key < $1.key }.map(\.value)
    }
}
