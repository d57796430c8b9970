import ChildProcess
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// An object a hostile-input test aims at the controllers.
enum HostileObject: CustomStringConvertible {
    case kustomization(String)
    case gitRepository(String)

    var gvk: GroupVersionKind {
        switch self {
        case .kustomization: KustomizationEnv.kustomization
        case .gitRepository: KustomizationEnv.gitRepository
        }
    }

    var name: String {
        switch self {
        case .kustomization(let name), .gitRepository(let name): name
        }
    }

    var kind: String { gvk.kind }
    var description: String { "\(kind)/\(name)" }
}

/// What a hostile object must end with: Ready=False saying what is wrong, or — for an input
/// whose result is legitimately fine once it is bounded — either that or Ready=True.
enum HostileOutcome {
    /// Ready=False whose message contains every one of these.
    case fails(saying: [String])
    /// Ready=True: the input is legitimate once it is bounded.
    case succeeds
    /// Ready=False saying all of these, or Ready=True.
    case failsOrSucceeds(saying: [String])
}

extension KustomizationEnv {
    /// Starts an env for hostile input: one worker per controller, so an object that held its
    /// worker would also stop the neighbour from reconciling (and the test would see it).
    static func hostile(_ name: String, arguments: [String] = []) async throws -> KustomizationEnv {
        try await start(name, arguments: ["--concurrent", "1"] + arguments)
    }

    /// Whether the controllers process is alive: not exited (nor a zombie) and answering `/healthz`.
    func controllersAreRunning() async -> Bool {
        guard processExists() else { return false }
        return (try? await controllers.get(port: controllers.healthPort, path: "/healthz"))?.status == 0
    }

    /// Whether the controllers process has not exited (an exited one not yet waited for is a zombie).
    func processExists() -> Bool {
        let pid = controllers.process.pid
        guard kill(pid, 0) == 0,
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
        return state != "Z" && state != "X"
    }

    /// Stops the controllers with `signal` (a no-op on a process that has already exited) and
    /// returns their exit status.
    @discardableResult
    func stop(signal: Int32) async -> Int32 {
        let status = await controllers.stop(signal: signal)
        try? await client.shutdown()
        return status
    }

    // MARK: The well-behaved neighbour

    /// The source `repo` and the Kustomization `neighbour` (`./neighbour`, one ConfigMap), Ready.
    func startNeighbour() async throws {
        let commit = try await push(["neighbour/cm.yaml": configMapYAML("neighbour", ["v": "0"])])
        try await createSource()
        try await applyKustomization("neighbour", ["path": "./neighbour"])
        try await waitReady("neighbour", revision: commit, timeout: .seconds(120))
    }

    /// Pushes a change of the neighbour's ConfigMap and waits until the neighbour has applied
    /// exactly that revision: proof that both controllers still take new work.
    func expectNeighbourReconciles() async throws {
        let value = UUID().uuidString
        let commit = try await push(["neighbour/cm.yaml": configMapYAML("neighbour", ["v": value])], message: "neighbour \(value)")
        try await waitReady("neighbour", revision: commit, timeout: .seconds(120))
        #expect(await get(Self.configMap, "neighbour")?[path: "data", "v"]?.stringValue == value)
    }

    /// Pushes `files` to the test repository and waits until the source `repo` has stored that
    /// commit, so a Kustomization created next builds exactly it.
    @discardableResult
    func pushStored(_ files: [String: String], delete: [String] = [], symlinks: [String: String] = [:]) async throws -> String {
        let commit: String
        if symlinks.isEmpty {
            commit = try await push(files, delete: delete)
        } else {
            commit = try await repo.commit(files: files.mapValues { $0.replacingOccurrences(of: "${NS}", with: namespace) },
                                           symlinks: symlinks, deleting: delete, message: "change")
            try await repo.push()
            try await requestReconcile(Self.gitRepository, "repo")
        }
        let stored = await eventually(timeout: .seconds(120), every: .milliseconds(200)) {
            let source = try? await client.get(Self.gitRepository, name: "repo", namespace: namespace)
            return source?[path: "status", "artifact", "revision"]?.stringValue?.hasSuffix(commit) == true
        }
        if !stored { throw HostileTestError.setup("GitRepository/repo never stored \(commit)") }
        return commit
    }

    // MARK: Objects of any kind

    func object(_ target: HostileObject) async -> JSONValue? {
        try? await client.get(target.gvk, name: target.name, namespace: namespace)
    }

    /// The Ready condition. Hostile objects are created once and never edited, so it is about
    /// their only generation (a failure that will be retried leaves `observedGeneration` unset,
    /// as in Flux, so it cannot be the test).
    func currentReady(_ target: HostileObject) async -> JSONValue? {
        await object(target).flatMap(readyCondition)
    }

    /// Events recorded for `target`, as "Type Reason: message".
    func events(for target: HostileObject) async throws -> [String] {
        let list = try await client.list(GroupVersionKind(group: "", version: "v1", kind: "Event"), namespace: namespace,
                                         options: ListOptions(fieldSelector: "involvedObject.name=\(target.name),involvedObject.kind=\(target.kind)"))
        return list.items.map { "\($0["type"]?.stringValue ?? "") \($0["reason"]?.stringValue ?? ""): \($0["message"]?.stringValue ?? "")" }
    }

    // MARK: Sources

    /// Creates the GitRepository `name` (interval 10m, branch main unless `spec` says otherwise).
    func createGitRepository(_ name: String, url: String, _ spec: JSONValue = [:]) async throws {
        var full: JSONValue = ["url": .string(url), "interval": "10m", "ref": ["branch": "main"]]
        for (key, value) in spec.objectValue ?? [:] { full[key] = value }
        _ = try await client.apply([
            "apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "GitRepository",
            "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": full,
        ], fieldManager: "test", force: true)
    }

    /// A second repository on the same Git server, for input that spoils a whole checkout.
    func hostileRepository(_ name: String) async throws -> GitRepoFixture {
        try await GitRepoFixture.create(name, on: git)
    }

    /// The paths in `gitRepository`'s current artifact (downloaded from the storage server).
    func artifactPaths(_ gitRepository: String) async throws -> [String] {
        let source = try await client.get(Self.gitRepository, name: gitRepository, namespace: namespace)
        guard let url = source[path: "status", "artifact", "url"]?.stringValue else { return [] }
        let file = NSTemporaryDirectory() + "hostile-artifact-" + UUID().uuidString + ".tar.gz"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try await LocalControlPlane.run("/usr/bin/curl", ["-fsS", "--max-time", "30", "-o", file, url])
        return try await LocalControlPlane.run("/usr/bin/tar", ["-tzf", file]).split(separator: "\n").map(String.init)
    }
}

/// A directory of the test's own outside every checkout (a target for hostile symlinks and host
/// files), with a record of what it held, to show that nothing in it was written or deleted.
struct HostDirectory {
    let path: String

    init(_ label: String) throws {
        path = NSTemporaryDirectory() + "ferry-hostile-\(label)-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String, mode: Int = 0o644) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        return file
    }

    /// Every file below the directory with its contents.
    func snapshot() -> [String: Data] {
        var result: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: path) else { return result }
        for case let relative as String in walker {
            result[relative] = FileManager.default.contents(atPath: path + "/" + relative) ?? Data()
        }
        return result
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A TCP port on loopback that accepts connections and never answers: whatever the controllers
/// ask it waits forever. `connected` turns true once the first client is in.
final class SilentServer: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var clients: [Int32] = []
    private var stopped = false

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard fd >= 0, bound, listen(fd, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            if fd >= 0 { close(fd) }
            throw HostileTestError.setup("cannot listen on a loopback port: \(reason)")
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var connected: Bool { lock.withLock { !clients.isEmpty } }

    private func acceptLoop() {
        while true {
            let client = accept(fd, nil, nil)
            let done = lock.withLock { () -> Bool in
                if client >= 0 { clients.append(client) }
                return stopped
            }
            if done || client < 0 { return }
        }
    }

    func stop() {
        lock.withLock {
            stopped = true
            clients.forEach { _ = close($0) }
            clients = []
        }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}
