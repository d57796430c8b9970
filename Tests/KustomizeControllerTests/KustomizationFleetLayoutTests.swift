import ChildProcess
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// A repository shaped like Flux's public examples (`examples/fleet`: clusters/local with an
/// infrastructure Kustomization and an apps Kustomization that depends on it; bases and
/// overlays) reconciles to exactly the live state `kubectl kustomize | kubectl apply
/// --server-side` gives. The example's Helm release (a HelmRepository and a HelmRelease in the
/// infrastructure layer) is left out here — no Helm controller runs in this suite; the quick
/// start and the HelmRelease tests reconcile it.
@Suite struct KustomizationFleetLayoutTests {
    @Test func theExampleFleetMatchesKubectl() async throws {
        try await KustomizationEnv.with("ks-fleet") { env in
            // The example, with its namespaces made unique to this run.
            let appNS = "podinfo-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
            let greetingNS = "greeting-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
            let helmFiles: Set<String> = ["infrastructure/helm-repositories.yaml", "infrastructure/greeting.yaml"]
            let root = LocalControlPlane.packageRoot + "/examples/fleet"
            var files: [String: String] = [:]
            let walker = FileManager.default.enumerator(atPath: root)
            while let path = walker?.nextObject() as? String {
                guard path.hasSuffix(".yaml"), !helmFiles.contains(path) else { continue }
                var text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
                    .replacingOccurrences(of: "ferry-system", with: env.namespace)
                    .replacingOccurrences(of: "namespace: podinfo\n", with: "namespace: \(appNS)\n")
                if path.hasSuffix("namespaces.yaml") {
                    text = text.replacingOccurrences(of: "name: podinfo\n", with: "name: \(appNS)\n")
                        .replacingOccurrences(of: "name: greeting\n", with: "name: \(greetingNS)\n")
                }
                for helm in helmFiles { text = text.replacingOccurrences(of: "- \((helm as NSString).lastPathComponent)\n", with: "") }
                files[path] = text
            }
            let commit = try await env.push(files)
            // The source and the cluster's own Kustomization are named after the namespace, as bootstrap names them.
            // The variables the quick start provides (postBuild.substituteFrom).
            _ = try await env.client.apply(["apiVersion": "v1", "kind": "ConfigMap",
                                            "metadata": ["name": "cluster-vars", "namespace": .string(env.namespace)],
                                            "data": ["CHARTS_URL": "http://127.0.0.1:9/charts"]], fieldManager: "test", force: true)
            try await env.createSource(env.namespace)
            try await env.applyKustomization("cluster", ["path": "./clusters/local", "sourceRef": ["kind": "GitRepository", "name": .string(env.namespace)]])
            try await env.waitReady("cluster", revision: commit)
            try await env.waitReady("infrastructure", revision: commit)
            try await env.waitReady("apps", revision: commit, timeout: .seconds(90))

            // What kubectl makes of the same directories, against the same live objects.
            let checkout = NSTemporaryDirectory() + "fleet-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: checkout) }
            for (path, text) in files {
                let file = checkout + "/" + path
                try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try text.write(toFile: file, atomically: true, encoding: .utf8)
            }
            var compared = 0
            for layer in ["infrastructure", "apps/local"] {
                let built = try await ChildProcess.run("/usr/bin/kubectl", ["kustomize", checkout + "/" + layer])
                #expect(built.status == 0, "\(built.stderrText)")
                let stdin = checkout + "/\(layer.replacingOccurrences(of: "/", with: "-")).yaml"
                try built.stdoutText.write(toFile: stdin, atomically: true, encoding: .utf8)
                let applied = try await ChildProcess.run("/usr/bin/kubectl", [
                    "--kubeconfig", env.plane.adminKubeconfig, "apply", "--server-side", "--dry-run=server",
                    "--field-manager=kustomize-controller", "--force-conflicts", "-o", "json", "-f", stdin])
                #expect(applied.status == 0, "\(applied.stderrText)")
                let result = try JSONValue(jsonBytes: applied.stdout)
                let items = result["items"]?.arrayValue ?? [result]
                for expected in items {
                    guard let id = expected.objectID, let gvk = expected.groupVersionKind else { continue }
                    let live = try await env.client.get(gvk, name: id.name, namespace: id.namespace.isEmpty ? nil : id.namespace)
                    #expect(comparable(live) == comparable(expected), "\(id) differs from kubectl's result")
                    #expect(live[path: "metadata", "labels", "kustomize.toolkit.fluxcd.io/name"]?.stringValue == layer.split(separator: "/").first.map(String.init))
                    compared += 1
                }
            }
            #expect(compared == 5, "two Namespaces, ConfigMap, Service, Deployment")
            // The overlay's values won.
            let deployment = try #require(await env.get(KustomizationEnv.deployment, "podinfo", namespace: appNS))
            #expect(deployment[path: "spec", "replicas"]?.intValue == 2)
        }
    }

    /// The object minus what only the server or the owner labels account for: a dry-run apply by
    /// kubectl over the live object must equal the live object in everything else.
    func comparable(_ object: JSONValue) -> JSONValue {
        var copy = object
        for field in ["managedFields", "resourceVersion", "generation", "creationTimestamp", "uid", "selfLink"] {
            copy[path: "metadata", field] = nil
        }
        copy["status"] = nil
        // kubectl's apply (same field manager, without the labels) drops the owner labels.
        copy[path: "metadata", "labels", "kustomize.toolkit.fluxcd.io/name"] = nil
        copy[path: "metadata", "labels", "kustomize.toolkit.fluxcd.io/namespace"] = nil
        if copy[path: "metadata", "labels"]?.objectValue?.isEmpty == true { copy[path: "metadata", "labels"] = nil }
        return sortedKeys(copy)
    }

    /// The same value with every object's keys in order: equality regardless of key order.
    func sortedKeys(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o):
            var sorted = JSONObject()
            for key in o.keys.sorted() { sorted[key] = sortedKeys(o[key]!) }
            return .object(sorted)
        case .array(let a): return .array(a.map(sortedKeys))
        default: return value
        }
    }
}
