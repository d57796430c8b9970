// Benchmarks Ferry's Kubernetes client against the peer, driven by scripts/bench-apply.
//
//   ferry-bench generate N            print N ConfigMaps as one YAML stream (the shared input)
//   ferry-bench apply FILE NAMESPACE  server-side apply every object of FILE into NAMESPACE,
//                                     concurrently, and print "seconds peak_rss_kib"
//   ferry-bench applier FILE NAMESPACE  ResourceApplier (scripts/bench-applier): cold staged apply,
//                                     unchanged re-apply with the drift memory, and unchanged
//                                     re-apply without it (Flux's dry-run per object); prints
//                                     "cold unchanged_memory unchanged_dryrun peak_rss_kib"
import Foundation
import KubernetesClient
import Manifests
import ResourceManager

func peakRSSKiB() -> Int {
    var usage = rusage()
    getrusage(0, &usage)  // RUSAGE_SELF
    return usage.ru_maxrss
}

func configMaps(_ n: Int) -> [JSONValue] {
    (0..<n).map { i in
        [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": .string("bench-\(i)"), "labels": ["app.kubernetes.io/part-of": "bench", "index": .string(String(i))]],
            "data": ["index": .string(String(i)), "payload": .string(String(repeating: "x", count: 256)),
                     "config.yaml": .string("replicas: \(i % 5)\nimage: nginx:1.\(i % 20)\n")],
        ]
    }
}

func apply(file: String, namespace: String, kubeconfig: String?, qps: Double, burst: Int, concurrency: Int) async throws {
    let (objects, client) = try load(file: file, namespace: namespace, kubeconfig: kubeconfig, qps: qps, burst: burst)
    let start = ContinuousClock.now
    _ = try await client.restMapping()
    try await withThrowingTaskGroup(of: Void.self) { group in
        var next = 0
        func launch() {
            let object = objects[next]
            next += 1
            group.addTask { _ = try await client.apply(object, fieldManager: "ferry-bench", force: true) }
        }
        while next < min(concurrency, objects.count) { launch() }
        while try await group.next() != nil {
            if next < objects.count { launch() }
        }
    }
    let elapsed = start.duration(to: .now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    try await client.shutdown()
    print(String(format: "%.3f %d", seconds, peakRSSKiB()))
}

/// The objects of `file` moved into `namespace`, and a client with the given rate limit.
func load(file: String, namespace: String, kubeconfig: String?, qps: Double, burst: Int) throws -> ([JSONValue], KubernetesClient) {
    let text = try String(contentsOfFile: file, encoding: .utf8)
    var objects = try YAML.documents(text, source: file)
    for i in objects.indices { objects[i][path: "metadata", "namespace"] = .string(namespace) }
    var config = try ClientConfig.load(kubeconfig: kubeconfig)
    config.qps = qps
    config.burst = burst
    return (objects, try KubernetesClient(config: config))
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

func applier(file: String, namespace: String, kubeconfig: String?, qps: Double, burst: Int, concurrency: Int) async throws {
    let (objects, client) = try load(file: file, namespace: namespace, kubeconfig: kubeconfig, qps: qps, burst: burst)
    let owner = KustomizationOwner(name: "bench", namespace: "flux-system")
    let memory = AppliedStateMemory()
    let withMemory = ResourceApplier(client: client, owner: owner, concurrency: concurrency, memory: memory)
    let withoutMemory = ResourceApplier(client: client, owner: owner, concurrency: concurrency)
    let clock = ContinuousClock()
    // Discovery is part of the cold apply, as it is for kubectl.
    let cold = try await clock.measure {
        let changes = try await withMemory.apply(objects)
        precondition(changes.entries.allSatisfy { $0.action == .created }, "cold apply expected every object created")
    }
    let unchanged = try await clock.measure {
        let changes = try await withMemory.apply(objects)
        precondition(changes.entries.allSatisfy { $0.action == .unchanged }, "re-apply expected every object unchanged")
    }
    let dryRun = try await clock.measure {
        let changes = try await withoutMemory.apply(objects)
        precondition(changes.entries.allSatisfy { $0.action == .unchanged }, "re-apply expected every object unchanged")
    }
    try await client.shutdown()
    print(String(format: "%.3f %.3f %.3f %d", seconds(cold), seconds(unchanged), seconds(dryRun), peakRSSKiB()))
}

let args = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
switch args.first {
case "generate":
    let n = Int(args.dropFirst().first ?? "1000") ?? 1000
    print(YAML.string(documents: configMaps(n)), terminator: "")
case "apply":
    guard args.count >= 3 else { fatalError("usage: ferry-bench apply FILE NAMESPACE [--kubeconfig K] [--qps Q] [--burst B] [--concurrency C]") }
    try await apply(file: args[1], namespace: args[2], kubeconfig: option("--kubeconfig"),
                    qps: Double(option("--qps") ?? "1000") ?? 1000, burst: Int(option("--burst") ?? "1000") ?? 1000,
                    concurrency: Int(option("--concurrency") ?? "64") ?? 64)
case "applier":
    guard args.count >= 3 else { fatalError("usage: ferry-bench applier FILE NAMESPACE [--kubeconfig K] [--qps Q] [--burst B] [--concurrency C]") }
    try await applier(file: args[1], namespace: args[2], kubeconfig: option("--kubeconfig"),
                      qps: Double(option("--qps") ?? "1000") ?? 1000, burst: Int(option("--burst") ?? "1000") ?? 1000,
                      concurrency: Int(option("--concurrency") ?? "8") ?? 8)
default:
    FileHandle.standardError.write(Data("usage: ferry-bench generate N | apply FILE NAMESPACE | applier FILE NAMESPACE\n".utf8))
    exit(2)
}
