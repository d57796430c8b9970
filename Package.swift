// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Ferry",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ferry", targets: ["ferry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
    ],
    targets: [
        // The Flux API types (GitRepository, Kustomization, conditions). Foundation only.
        .target(name: "FerryAPI"),
        // JSON value type, multi-document YAML, object identity and ordering.
        .target(name: "Manifests", dependencies: [
            .product(name: "Yams", package: "Yams"),
            .product(name: "Collections", package: "swift-collections"),
        ]),
        // `kustomize build`, natively.
        .target(name: "Kustomize", dependencies: ["Manifests"]),
        // kubeconfig, REST over AsyncHTTPClient, discovery, SSA, watch, typed errors.
        .target(name: "KubernetesClient", dependencies: [
            "Manifests",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "FerryCommands", dependencies: [
            "FerryAPI", "Manifests", "Kustomize", "KubernetesClient",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "ferry", dependencies: ["FerryCommands"]),
        // Benchmarks against the peers, run by scripts/bench (never by the test suite).
        .executableTarget(name: "ferry-bench", dependencies: ["KubernetesClient", "Manifests"], path: "Benchmarks/ferry-bench"),
        // Test helpers: the local control plane, fixtures.
        .target(name: "FerryTesting", dependencies: ["KubernetesClient", "Manifests"]),
        .testTarget(name: "ManifestsTests", dependencies: ["Manifests"]),
        .testTarget(name: "KustomizeTests", dependencies: ["Kustomize", "Manifests", "FerryTesting"], exclude: ["Fixtures"]),
        .testTarget(name: "KubernetesClientTests", dependencies: ["KubernetesClient", "Manifests", "FerryTesting"]),
        .testTarget(name: "FerryCommandsTests", dependencies: ["FerryCommands", "FerryTesting", "KubernetesClient"]),
    ]
)
