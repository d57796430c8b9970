import ArgumentParser
import KubernetesClient

struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print the client version and the Kubernetes API server's version.")

    @OptionGroup var cluster: ClusterOptions

    @Flag(name: .long, help: "Print the client version only, without contacting the cluster.")
    var client = false

    func run() async throws {
        print("ferry: v\(FerryVersion.current)")
        if client { return }
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let v = try await kube.serverVersion()
                print("kubernetes: \(v.gitVersion) (\(kube.config.server))")
            }
        }
    }
}
