import ArgumentParser
import ChildProcess
import Foundation
import KubernetesClient
import Manifests
import ResourceManager

/// What `ferry diff kustomization|helmrelease` share: flux's exit codes (0 no difference, 1 a
/// difference, 2 an error, printed with ✗) and the report of each object the apply would
/// create or change.
enum DiffReport {
    /// Runs `diff` with a client and exits as `flux diff` does.
    static func exit(_ cluster: ClusterOptions, _ diff: (KubernetesClient) async throws -> Bool) async throws {
        let differs: Bool
        do {
            differs = try await withClient(cluster) { kube in try await diff(kube) }
        } catch {
            FileHandle.standardError.write(Data("✗ \(error)\n".utf8))
            throw ExitCode(2)
        }
        if differs { throw ExitCode(1) }
    }

    /// Prints `► Kind/ns/name created` or `drifted` (with its unified diff) for each entry that
    /// would change; returns whether any would.
    /// `decrypted`: objects that were SOPS documents, masked like Secrets in the diff.
    static func print(_ entries: [DiffEntry], decrypted: Set<ObjectID> = []) async throws -> Bool {
        var differs = false
        for entry in entries {
            switch entry.action {
            case .created:
                Swift.print("► \(entry.subject) created")
                differs = true
            case .configured:
                Swift.print("► \(entry.subject) drifted")
                Swift.print(try await unifiedDiff(entry, decrypted: decrypted))
                differs = true
            default:
                continue
            }
        }
        return differs
    }

    /// `diff -u` of the live object and the dry-run result, as YAML without server bookkeeping.
    static func unifiedDiff(_ entry: DiffEntry, decrypted: Set<ObjectID> = []) async throws -> String {
        func clean(_ object: JSONValue?) -> String {
            guard var object else { return "" }
            for field in ["managedFields", "resourceVersion", "generation", "creationTimestamp", "uid", "selfLink"] {
                object[path: "metadata", field] = nil
            }
            object["status"] = nil
            return YAML.string(LocalKustomizationBuild.mask(object, decrypted: decrypted))
        }
        let dir = NSTemporaryDirectory() + "ferry-diff-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try clean(entry.live).write(toFile: dir + "/live", atomically: true, encoding: .utf8)
        try clean(entry.merged).write(toFile: dir + "/merged", atomically: true, encoding: .utf8)
        let out = try await ChildProcess.run("diff", ["-u", "--label", "live", "--label", "merged", "live", "merged"], directory: dir)
        return out.stdoutText.trimmingCharacters(in: .newlines)
    }
}
