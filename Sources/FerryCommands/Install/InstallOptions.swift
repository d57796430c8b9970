import ArgumentParser
import Logging

/// The flags that decide what Ferry's components are (``InstallSpec``), shared by `ferry install`
/// and `ferry bootstrap git` so that both build the same manifests from the same flags.
struct InstallOptions: ParsableArguments {
    @Option(help: "The controllers' container image (built by scripts/ferry-image).")
    var image = InstallSpec.defaultImage

    @Option(help: "Controllers to run, comma-separated (Flux's names).")
    var components = InstallComponent.allCases.map(\.rawValue).joined(separator: ",")

    @Option(name: .customLong("components-extra"), help: "More controllers to run, added to --components.")
    var componentsExtra = ""

    @Option(name: .customLong("watch-all-namespaces"), help: "Watch every namespace; false: only the install namespace (true|false).")
    var watchAllNamespaces = true

    @Option(name: .customLong("network-policy"), help: "Install Flux's NetworkPolicies for the controllers (true|false).")
    var networkPolicy = true

    @Option(name: .customLong("log-level"), help: "The controllers' log level: trace, debug, info, warning or error.")
    var logLevel = "info"

    @Option(name: .customLong("cluster-domain"), help: "The cluster's DNS domain, in the artifact server's address.")
    var clusterDomain = "cluster.local"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level must be trace, debug, info, warning or error") }
        _ = try spec(namespace: defaultFerryNamespace)
    }

    /// The components these flags ask for, in `namespace`.
    func spec(namespace: String) throws -> InstallSpec {
        let chosen = try InstallComponent.parse(components, flag: "--components")
            .union(InstallComponent.parse(componentsExtra, flag: "--components-extra"))
        guard !chosen.isEmpty else { throw ValidationError("--components: name at least one controller") }
        guard !image.isEmpty, !image.contains(where: \.isWhitespace) else { throw ValidationError("--image '\(image)' is not an image reference") }
        return InstallSpec(namespace: namespace, image: image, components: chosen, watchAllNamespaces: watchAllNamespaces,
                           networkPolicy: networkPolicy, logLevel: logLevel, clusterDomain: clusterDomain)
    }
}
