import Crypto

extension LeaderElectionConfig {
    /// The lease name of one shard: `base` alone without a watch label selector, else `base`,
    /// `-` and the first 8 hex digits of the SHA-256 of the selector as typed.
    ///
    /// Flux's `leaderelection.GenerateID(id, watchOptions.LabelSelector)`, used by every Flux
    /// controller when `--watch-label-selector` is set: instances with different selectors
    /// (shards) elect their leaders on different Leases, so each shard has a leader of its own,
    /// while replicas of one shard (the same selector) compete for one Lease. The selector is
    /// hashed as written, so replicas of a shard must be given the very same string.
    public static func leaseName(_ base: String, labelSelector: String?) -> String {
        guard !base.isEmpty, let selector = labelSelector, !selector.isEmpty else { return base }
        let digest = SHA256.hash(data: Array(selector.utf8))
        let hex = digest.prefix(4).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
        return base + "-" + hex
    }
}
