import Foundation

/// A control plane with a real node — `scripts/local-cluster up --node`: containerd, kubelet,
/// kube-proxy and kube-scheduler beside etcd, kube-apiserver and kube-controller-manager — so
/// Pods are scheduled, really run, and are reachable from this machine at their Pod IPs
/// (10.244.0.0/24, a bridge) and Service IPs (kube-proxy's iptables rules).
///
/// The node needs root, cgroups and containerd, and there is one per machine. A test of the
/// node tier calls ``sharedNode()`` and fails — never skips — when there is none to be had.
extension LocalControlPlane {
    /// The image `up --node` imports into the node (`scripts/workload-image`): busybox httpd on
    /// port 8080 serving "$MESSAGE from <pod name>" (MESSAGE defaults to "ferry workload").
    /// Pods run it with `imagePullPolicy: Never`.
    public static let workloadImage = "ferry.local/workload:1"

    /// The node cluster of this test process: the one `scripts/test` started (named by
    /// `FERRY_TEST_NODE_CLUSTER_DIR`), or else one started now and stopped when the process
    /// exits. Throws with the script's reason when this machine cannot run a node, or another
    /// node cluster already runs on it.
    public static func sharedNode() async throws -> LocalControlPlane {
        try await SharedNodeCluster.instance.get()
    }

    /// The node's name (`ferry-node`); nil for a control plane without a node.
    public var nodeName: String? { nodeEnvironment["NODE_NAME"] }
    /// The machine address the node registered with (its InternalIP).
    public var nodeIP: String? { nodeEnvironment["NODE_IP"] }

    private var nodeEnvironment: [String: String] {
        let text = (try? String(contentsOfFile: directory + "/node.env", encoding: .utf8)) ?? ""
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            values[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return values
    }

    /// Imports an OCI or docker archive into the node's containerd (`scripts/local-cluster load-image`).
    public func loadImage(archive: String) async throws {
        try await Self.runScript(["load-image", directory, archive])
    }
}

/// Why the node tier could not get a node cluster.
public struct NodeClusterUnavailable: Error, CustomStringConvertible {
    public var reason: String
    public var description: String {
        "the node tier needs a node cluster (scripts/local-cluster up --node, or FERRY_TEST_NODE_CLUSTER_DIR naming one): \(reason)"
    }
}

private actor SharedNodeCluster {
    static let instance = SharedNodeCluster()
    private var task: Task<LocalControlPlane, any Error>?

    func get() async throws -> LocalControlPlane {
        if let task { return try await task.value }
        let task = Task<LocalControlPlane, any Error> {
            let given = ProcessInfo.processInfo.environment["FERRY_TEST_NODE_CLUSTER_DIR"] ?? ""
            let dir = given.isEmpty ? NSTemporaryDirectory() + "ferry-test-node-\(ProcessInfo.processInfo.processIdentifier)" : given
            if given.isEmpty { ExitCleanup.register(controlPlane: dir) }
            do {
                // A no-op when the cluster in `dir` already runs with its node.
                try await LocalControlPlane.runScript(["up", "--node", dir])
            } catch let failed as CommandFailed {
                if given.isEmpty { try? await LocalControlPlane.runScript(["down", dir]) }
                throw NodeClusterUnavailable(reason: failed.output.split(separator: "\n").suffix(10).joined(separator: "\n"))
            }
            let plane = LocalControlPlane(directory: dir)
            guard plane.nodeName != nil else {
                throw NodeClusterUnavailable(reason: "\(dir) holds a control plane without a node (no node.env)")
            }
            return plane
        }
        self.task = task
        return try await task.value
    }
}
