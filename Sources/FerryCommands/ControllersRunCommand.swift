import ArgumentParser
import ControllerRuntime
import FerryAPI
import Foundation
import HelmController
import ImageController
import KubernetesClient
import KustomizeController
import Logging
import ServiceLifecycle
import SourceController

struct ControllersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "controllers", abstract: "Run Ferry's controllers.", subcommands: [ControllersRunCommand.self])
}

/// `ferry controllers run`: every enabled controller in one process, as one ServiceGroup that
/// stops gracefully on SIGTERM/SIGINT.
struct ControllersRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the controllers in this process until SIGTERM or SIGINT.")

    @OptionGroup var cluster: ClusterOptions

    @Option(name: .customLong("enable-source-controller"), help: "Run the source controllers: GitRepository, HelmRepository, HelmChart, OCIRepository (true|false).")
    var enableSourceController = true

    @Option(name: .customLong("enable-kustomize-controller"), help: "Run the Kustomization controller (true|false).")
    var enableKustomizeController = true

    @Option(name: .customLong("enable-helm-controller"), help: "Run the HelmRelease controller (true|false).")
    var enableHelmController = true

    @Option(name: .customLong("enable-image-automation-controller"), help: "Run the ImageUpdateAutomation controller (true|false).")
    var enableImageAutomationController = true

    @Option(name: .customLong("requeue-dependency"), help: "How often a Kustomization or HelmRelease waiting for a dependency or a source checks again.")
    var requeueDependency = "30s"

    @Option(name: .customLong("default-service-account"), help: "Service account Kustomizations and HelmReleases that name none act as.")
    var defaultServiceAccount: String?

    @Option(name: .customLong("no-cross-namespace-refs"), help: "Refuse sources and dependencies in other namespaces (true|false).")
    var noCrossNamespaceRefs = false

    @Option(name: .customLong("no-remote-bases"), help: "Refuse remote kustomize bases and components (true|false).")
    var noRemoteBases = false

    @Flag(name: .customLong("insecure-kubeconfig-exec"),
          help: "Let kubeconfigs from spec.kubeConfig Secrets run exec credential plugins on this host (Flux's flag; off by default).")
    var insecureKubeConfigExec = false

    @Flag(name: .customLong("insecure-kubeconfig-tls"),
          help: "Honour insecure-skip-tls-verify in kubeconfigs from spec.kubeConfig Secrets (Flux's flag; off by default).")
    var insecureKubeConfigTLS = false

    @Option(name: .customLong("concurrent-ssa"), help: "Server-side applies and dry-runs in flight at once per Kustomization (Flux: 4).")
    var concurrentSSA = 16

    @Option(name: .customLong("health-check-interval"), help: "How often health checks poll (Flux: 5s).")
    var healthCheckInterval = "2s"

    @Option(help: "Objects reconciled in parallel, per controller.")
    var concurrent = 4

    @Option(name: .customLong("metrics-addr"), help: "Where to serve Prometheus metrics (/metrics); :8080 means every interface.")
    var metricsAddr = "127.0.0.1:8080"

    @Option(name: .customLong("health-addr"), help: "Where to serve /healthz and /readyz; :9440 means every interface.")
    var healthAddr = "127.0.0.1:9440"

    @Option(name: .customLong("storage-path"), help: "Where artifacts are stored.")
    var storagePath = NSHomeDirectory() + "/.local/share/ferry/artifacts"

    @Option(name: .customLong("storage-addr"), help: "Where artifacts are served over HTTP; :9090 means every interface.")
    var storageAddr = "127.0.0.1:9090"

    @Option(name: .customLong("storage-adv-addr"), help: "host:port put in artifact URLs (default: the storage address on localhost).")
    var storageAdvAddr: String?

    @Option(name: .customLong("enable-image-reflector-controller"), help: "Run the ImageRepository and ImagePolicy controllers (true|false).")
    var enableImageReflectorController = true

    @Option(name: .customLong("image-storage-path"), help: "Where ImageRepositories keep the tags they scanned (default: image-tags beside --storage-path).")
    var imageStoragePath: String?

    @Option(name: .customLong("leader-elect"), help: "Elect a leader through a Lease so only one instance reconciles (true|false).")
    var leaderElect = false

    @Option(name: .customLong("leader-election-namespace"), help: "Namespace of the leader-election Lease.")
    var leaderElectionNamespace = "ferry-system"

    @Option(name: .customLong("leader-election-lease-duration"), help: "How long a lease lasts without renewal (Flux: 35s).")
    var leaseDuration = "35s"

    @Option(name: .customLong("leader-election-renew-deadline"), help: "How long the leader keeps trying to renew (Flux: 30s).")
    var renewDeadline = "30s"

    @Option(name: .customLong("leader-election-retry-period"), help: "How often to try to acquire or renew (Flux: 5s).")
    var retryPeriod = "5s"

    @Option(name: .customLong("watch-namespace"), help: "Only watch this namespace (default: all).")
    var watchNamespace: String?

    @Option(name: .customLong("watch-label-selector"),
            help: "Only reconcile objects whose labels match this selector, for sharding: '!sharding.fluxcd.io/key' (the main instance), 'sharding.fluxcd.io/key=shard1' (a shard). The leader-election lease is then per shard.")
    var watchLabelSelector: String?

    @Option(name: .customLong("kube-api-qps"), help: "Client-side rate limit to the API server.")
    var qps: Double = 50

    @Option(name: .customLong("kube-api-burst"), help: "Burst of the client-side rate limit.")
    var burst = 300

    @Option(name: .customLong("graceful-shutdown-timeout"),
            help: "On SIGTERM/SIGINT, how long in-flight reconciles may finish before they are abandoned and the process exits.")
    var gracefulShutdownTimeout = "30s"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, warning or error.")
    var logLevel = "info"

    @Option(name: .customLong("log-encoding"), help: "json or console.")
    var logEncoding = "json"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level must be trace, debug, info, warning or error") }
        guard ["json", "console"].contains(logEncoding) else { throw ValidationError("--log-encoding must be json or console") }
        guard concurrent > 0 else { throw ValidationError("--concurrent must be at least 1") }
        try validateWatchLabelSelector()
        for (flag, value) in [("leader-election-lease-duration", leaseDuration), ("leader-election-renew-deadline", renewDeadline),
                              ("leader-election-retry-period", retryPeriod), ("requeue-dependency", requeueDependency),
                              ("health-check-interval", healthCheckInterval), ("graceful-shutdown-timeout", gracefulShutdownTimeout)] {
            guard let seconds = GoDuration.parse(value), seconds.isFinite, seconds <= Self.maximumFlagSeconds else {
                throw ValidationError("--\(flag) \(value) is not a duration such as 15s (at most 2562047h)")
            }
        }
    }

    /// A loopback port nobody listens on right now.
    static func freePort() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    /// Go's longest duration, in seconds: flags beyond it are refused, never trapped on.
    static let maximumFlagSeconds = 9_223_372_036.0

    /// A validated duration flag.
    static func duration(_ text: String) -> Duration {
        guard let seconds = GoDuration.parse(text), seconds.isFinite, seconds <= maximumFlagSeconds else { return .zero }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    func run() async throws {
        LogSetup.bootstrap(level: Logger.Level(rawValue: logLevel) ?? .info, encoding: logEncoding)
        let logger = Logger(label: "ferry.controllers")
        try await CLIError.reporting {
            var config = try cluster.clientConfig()
            config.qps = qps
            config.burst = burst
            config.userAgent = "ferry-controllers/\(FerryVersion.current)"
            let client = try KubernetesClient(config: config)
            defer { Task { try? await client.shutdown() } }
            _ = try await client.serverVersion()  // fail fast, with one sentence, when the API is unreachable

            let grace = Self.duration(gracefulShutdownTimeout)
            let metrics = ControllerMetrics()
            let health = HealthChecks()
            var services: [any Service] = []
            let elector = leaderElect
                ? LeaderElector(client: client, config: LeaderElectionConfig(
                    namespace: leaderElectionNamespace, name: leaseName,
                    leaseDuration: Self.duration(leaseDuration), renewDeadline: Self.duration(renewDeadline), retryPeriod: Self.duration(retryPeriod)))
                : nil
            if let elector {
                services.append(elector)
                health.addLiveness("leader-election") { elector.isHealthy }
            }
            // The source controllers' storage, read directly by the Kustomization and HelmRelease
            // controllers of this process (LocalArtifacts) instead of through its advertised address.
            var localArtifacts: LocalArtifacts?
            if enableSourceController {
                // Port 0 means "any free port": pick it now, since artifact URLs must name it.
                var storageAddr = self.storageAddr
                if storageAddr.hasSuffix(":0"), let port = Self.freePort() { storageAddr = String(storageAddr.dropLast()) + "\(port)" }
                let advertised = storageAdvAddr ?? "localhost:\(storageAddr.split(separator: ":").last ?? "9090")"
                let storage = ArtifactStorage(root: storagePath, advertisedAddress: advertised)
                localArtifacts = LocalArtifacts(advertisedAddress: advertised, root: storage.root)
                try FileManager.default.createDirectory(atPath: storagePath, withIntermediateDirectories: true)
                let events = EventRecorder(client: client, component: "source-controller")
                let reconciler = GitRepositoryReconciler(storage: storage, secrets: KubernetesSecretReader(client: client),
                                                         includes: KubernetesGitRepositoryReader(client: client))
                let controller = Controller(client: client, kind: GitRepositoryReconciler.kind, namespace: watchNamespace,
                                            reconciler: reconciler.runtime(client: client, events: events),
                                            options: controllerOptions("gitrepository", shutdownTimeout: grace),
                                            metrics: metrics, events: events, leader: elector)
                health.addReadiness("gitrepository") { controller.hasSynced }
                services.append(controller)
                let helm = HelmSourceControllers(
                    client: client, storage: storage, namespace: watchNamespace, requeueDependency: Self.duration(requeueDependency),
                    controllerOptions: { controllerOptions($0, shutdownTimeout: grace) },
                    metrics: metrics, events: events, leader: elector)
                health.addReadiness("helmrepository") { helm.repositories.hasSynced }
                health.addReadiness("helmchart") { helm.charts.hasSynced }
                services += helm.services
                let oci = OCIRepositoryController(client: client, storage: storage, namespace: watchNamespace,
                                                  options: controllerOptions("ocirepository", shutdownTimeout: grace),
                                                  metrics: metrics, events: events, leader: elector)
                health.addReadiness("ocirepository") { oci.controller.hasSynced }
                services += oci.services
                let generators = ArtifactGeneratorController(
                    client: client, storage: storage, namespace: watchNamespace, requeueDependency: Self.duration(requeueDependency),
                    controllerOptions: controllerOptions("artifactgenerator", shutdownTimeout: grace),
                    metrics: metrics, events: EventRecorder(client: client, component: "source-watcher"), leader: elector)
                health.addReadiness("artifactgenerator") { generators.controller.hasSynced }
                services += generators.services
                // Served by the leader only, as Flux's source-controller does (LeaderGatedService).
                let server = try HTTPServer(address: storageAddr, routes: storage.routes)
                services.append(elector.map { LeaderGatedService(server, elector: $0) } ?? server)
            }
            if enableKustomizeController {
                var options = KustomizationReconciler.Options()
                options.requeueDependency = Self.duration(requeueDependency)
                options.healthPollInterval = Self.duration(healthCheckInterval)
                options.applyConcurrency = max(1, concurrentSSA)
                options.defaultServiceAccount = defaultServiceAccount
                options.noCrossNamespaceRefs = noCrossNamespaceRefs
                options.noRemoteBases = noRemoteBases
                options.kubeConfigAllowances = KubeConfigAllowances(exec: insecureKubeConfigExec, insecureTLS: insecureKubeConfigTLS)
                let events = EventRecorder(client: client, component: "kustomize-controller")
                let kustomizations = KustomizationController(
                    client: client, namespace: watchNamespace, options: options,
                    controllerOptions: controllerOptions("kustomization", shutdownTimeout: grace),
                    metrics: metrics, events: events, leader: elector, localArtifacts: localArtifacts)
                health.addReadiness("kustomization") { kustomizations.controller.hasSynced }
                services += kustomizations.services
            }
            if enableImageReflectorController {
                let root = imageStoragePath ?? ((storagePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("image-tags")
                try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
                let images = ImageReflectorControllers(
                    client: client, store: TagStore(root: root), namespace: watchNamespace, requeueDependency: Self.duration(requeueDependency),
                    noCrossNamespaceRefs: noCrossNamespaceRefs,
                    controllerOptions: { controllerOptions($0, shutdownTimeout: grace) },
                    metrics: metrics, events: EventRecorder(client: client, component: "image-reflector-controller"), leader: elector)
                health.addReadiness("imagerepository") { images.repositories.hasSynced }
                health.addReadiness("imagepolicy") { images.policies.hasSynced }
                services += images.services
            }
            if enableHelmController {
                let events = EventRecorder(client: client, component: "helm-controller")
                let releases = HelmReleaseController(
                    client: client, namespace: watchNamespace, requeueDependency: Self.duration(requeueDependency),
                    defaultServiceAccount: defaultServiceAccount, noCrossNamespaceRefs: noCrossNamespaceRefs,
                    kubeConfigAllowances: KubeConfigAllowances(exec: insecureKubeConfigExec, insecureTLS: insecureKubeConfigTLS),
                    controllerOptions: controllerOptions("helmrelease", shutdownTimeout: grace),
                    metrics: metrics, events: events, leader: elector, localArtifacts: localArtifacts)
                health.addReadiness("helmrelease") { releases.controller.hasSynced }
                services += releases.services
            }
            if enableImageAutomationController {
                let automations = ImageUpdateAutomationController(
                    client: client, namespace: watchNamespace, noCrossNamespaceRefs: noCrossNamespaceRefs,
                    options: controllerOptions("imageupdateautomation", shutdownTimeout: grace),
                    metrics: metrics, events: EventRecorder(client: client, component: "image-automation-controller"), leader: elector)
                health.addReadiness("imageupdateautomation") { automations.controller.hasSynced }
                services += automations.services
            }
            services.append(try HTTPServer(address: metricsAddr, routes: [.metrics(metrics)]))
            services.append(try HTTPServer(address: healthAddr, routes: health.routes))
            // Last, so it is the first told of a shutdown: the backstop if anything ignores it.
            services.append(ShutdownWatchdog(limit: grace + ShutdownWatchdog.slack, logger: logger))
            logger.info("starting controllers", metadata: [
                "source-controller": "\(enableSourceController)", "kustomize-controller": "\(enableKustomizeController)",
                "helm-controller": "\(enableHelmController)",
                "leader-elect": "\(leaderElect)",
                "watch-label-selector": "\(watchSelector ?? "")", "lease": "\(leaderElect ? leaseName : "")",
            ])
            var configuration = ServiceGroupConfiguration(services: services.map { .init(service: $0) },
                                                          gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            // Services stop one after another; the grace period is the whole shutdown's, after
            // which every service is cancelled at once (the controllers then abandon what runs).
            configuration.maximumGracefulShutdownDuration = grace
            let group = ServiceGroup(configuration: configuration)
            try await group.run()
        }
    }
}
