import ArgumentParser
import KubernetesClient

/// Where and as whom to talk to Kubernetes: kubectl's flags.
public struct ClusterOptions: ParsableArguments {
    @Option(name: .long, help: "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, or in-cluster).")
    public var kubeconfig: String?

    @Option(name: .long, help: "The kubeconfig context to use.")
    public var context: String?

    @Option(name: [.short, .long], help: "The namespace scope for this operation.")
    public var namespace: String?

    @Option(name: .long, help: "Timeout for each API request, in seconds.")
    public var requestTimeout: Int = 30

    public init() {}

    public func clientConfig() throws -> ClientConfig {
        var config = try ClientConfig.load(kubeconfig: kubeconfig, context: context)
        if let namespace { config.namespace = namespace }
        config.requestTimeout = .seconds(requestTimeout)
        return config
    }

    /// Connects; the caller must `shutdown()` the client.
    public func client() throws -> KubernetesClient {
        try KubernetesClient(config: clientConfig())
    }
}

/// Runs `body` with a connected client and always shuts the client down.
func withClient<T>(_ options: ClusterOptions, _ body: (KubernetesClient) async throws -> T) async throws -> T {
    let client = try options.client()
    do {
        let result = try await body(client)
        try? await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}
