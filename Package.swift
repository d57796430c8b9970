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
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // The Flux API types (GitRepository, Kustomization, conditions). Foundation only.
        .target(name: "FerryAPI"),
        // JSON value type, multi-document YAML, object identity and ordering.
        .target(name: "Manifests", dependencies: [
            .product(name: "Yams", package: "Yams"),
            .product(name: "Collections", package: "swift-collections"),
        ]),
        // `kustomize build`, natively (remote bases are cloned with the git CLI).
        .target(name: "Kustomize", dependencies: ["Manifests", "ChildProcess"]),
        // A Common Expression Language evaluator: the subset Kubernetes and Flux expressions use
        // (health check expressions, dependency readyExpr). Pure: no IO.
        .target(name: "CEL", dependencies: ["Manifests"]),
        // tar and gzip for artifacts: the writer the source controller archives with, and the
        // reader the kustomize controller extracts with. No Foundation, no file system access.
        .target(name: "Archive", dependencies: [
            .product(name: "CompressNIO", package: "compress-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        // Running programs (git, gpg, exec credential plugins) without Foundation.Process.
        .target(name: "ChildProcess"),
        // kubeconfig, REST over AsyncHTTPClient, discovery, SSA, watch, typed errors.
        .target(name: "KubernetesClient", dependencies: [
            "Manifests", "ChildProcess",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Work queue, watches, requeue/backoff, leader election, events, metrics, health, status.
        .target(name: "ControllerRuntime", dependencies: [
            "KubernetesClient", "FerryAPI", "Manifests", "CEL",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // The OCI distribution API: references, manifests, blobs, tags, pushes, registry auth.
        .target(name: "OCI", dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),
        // GitRepository (later OCI/Helm/Bucket): git driver, refs, verification, artifacts.
        .target(name: "SourceController", dependencies: [
            "ControllerRuntime", "OCI", "KubernetesClient", "FerryAPI", "Manifests", "ChildProcess", "Archive", "Helm", "Sprig",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // postBuild variable substitution (`${var:=default}`), a pure text transform: no IO.
        .target(name: "PostBuild", dependencies: ["Manifests"]),
        // Staged apply, drift, inventory, prune, kstatus health: usable without a controller.
        .target(name: "ResourceManager", dependencies: [
            "KubernetesClient", "Manifests", "CEL",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),
        // Go's text/template, natively: lexer, parser, executor, builtins and fmt's verbs. Pure.
        .target(name: "GoTemplate"),
        // Sprig v3's template functions (as Helm exposes them) over GoTemplate's values.
        .target(name: "Sprig", dependencies: [
            "GoTemplate", "Manifests",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        // Helm charts rendered natively: loading, values, schema, engine, sorting, output.
        .target(name: "Helm", dependencies: [
            "GoTemplate", "Sprig", "Manifests", "Archive",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The Kustomization reconciler: fetch, build, substitute, apply, prune, wait.
        // HelmRelease (helm.toolkit.fluxcd.io/v2): releases in Helm's storage format, applied with ResourceManager.
        .target(name: "HelmController", dependencies: [
            "ControllerRuntime", "KubernetesClient", "FerryAPI", "Manifests", "Helm", "GoTemplate", "Sprig", "ResourceManager", "CEL", "Kustomize",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .target(name: "KustomizeController", dependencies: [
            "ControllerRuntime", "ResourceManager", "PostBuild", "Kustomize", "CEL", "KubernetesClient", "FerryAPI", "Manifests", "Archive", "SOPS",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // SOPS decryption (Flux's spec.decryption): age natively, OpenPGP through gpg, the data key's
        // AES-256-GCM values and MAC, output as `sops -d` prints it. Pure apart from gpg.
        .target(name: "SOPS", dependencies: [
            "Manifests", "ChildProcess",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "Yams", package: "Yams"),
        ]),
        .testTarget(name: "SOPSTests", dependencies: ["SOPS", "FerryTesting", "ChildProcess"]),
        // Image automation (image.toolkit.fluxcd.io/v1): registry scans, tag policies, and new
        // tags written back to Git.
        .target(name: "ImageController", dependencies: [
            "ControllerRuntime", "KubernetesClient", "FerryAPI", "Manifests", "OCI", "SourceController", "GoTemplate", "Sprig", "ChildProcess",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .target(name: "FerryCommands", dependencies: [
            "FerryAPI", "Manifests", "Kustomize", "KubernetesClient", "ControllerRuntime", "SourceController",
            "ResourceManager", "PostBuild", "KustomizeController", "ChildProcess", "Helm", "HelmController", "ImageController", "OCI", "Archive",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // A short command is mostly process start (`ferry helm template` against `helm template`,
        // docs/benchmarks.md): the executable exports no dynamic symbols (exports.map). The
        // static release build is also linked position-dependent (`-Xlinker -no-pie`, in
        // scripts/ferry-image: not here, since with the shared Swift runtime of a debug build
        // the loader then warns on stderr about protected symbols).
        .executableTarget(name: "ferry", dependencies: ["FerryCommands"], exclude: ["exports.map"],
                          linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=\(Context.packageDirectory)/Sources/ferry/exports.map"])]),
        // Benchmarks against the peers, run by scripts/bench (never by the test suite).
        .executableTarget(name: "ferry-bench", dependencies: ["KubernetesClient", "Manifests", "ResourceManager"], path: "Benchmarks/ferry-bench"),
        // The chart renderer's benchmark, run by scripts/bench-helm.
        .executableTarget(name: "ferry-helm-bench", dependencies: ["Helm"], path: "Benchmarks/ferry-helm-bench"),
        // Test helpers: the local control plane, fixtures.
        .target(name: "FerryTesting", dependencies: ["KubernetesClient", "Manifests", "ChildProcess", "Helm", "OCI", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "ManifestsTests", dependencies: ["Manifests"]),
        .testTarget(name: "FerryAPITests", dependencies: ["FerryAPI"]),
        .testTarget(name: "OCITests", dependencies: ["OCI", "FerryTesting", "ChildProcess"]),
        .testTarget(name: "GoTemplateTests", dependencies: ["GoTemplate"]),
        .testTarget(name: "SprigTests", dependencies: ["Sprig", "GoTemplate"]),
        .testTarget(name: "HelmTests", dependencies: ["Helm", "GoTemplate", "Sprig", "Manifests", "Archive"], exclude: ["Fixtures"]),
        .testTarget(name: "CELTests", dependencies: ["CEL", "Manifests"]),
        .testTarget(name: "KustomizeTests", dependencies: ["Kustomize", "Manifests", "FerryTesting"], exclude: ["Fixtures"]),
        .testTarget(name: "KubernetesClientTests", dependencies: ["KubernetesClient", "Manifests", "FerryTesting"]),
        .testTarget(name: "ControllerRuntimeTests", dependencies: ["ControllerRuntime", "FerryTesting", "KubernetesClient"]),
        .testTarget(name: "SourceControllerTests", dependencies: [
            "SourceController", "ControllerRuntime", "Archive", "FerryTesting", "KubernetesClient", "FerryAPI", "Manifests", "Helm", "GoTemplate",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .testTarget(name: "PostBuildTests", dependencies: ["PostBuild", "Manifests"]),
        .testTarget(name: "ImageControllerTests", dependencies: [
            "ImageController", "SourceController", "ControllerRuntime", "FerryTesting", "KubernetesClient", "FerryAPI", "Manifests",
        ]),
        .testTarget(name: "ResourceManagerTests", dependencies: ["ResourceManager", "Manifests", "FerryTesting", "KubernetesClient"]),
        .testTarget(name: "KustomizeControllerTests", dependencies: [
            "ferry", "KustomizeController", "Archive", "Kustomize", "ControllerRuntime", "FerryTesting", "KubernetesClient", "Manifests",
            "FerryAPI", "ChildProcess", "CEL", "ResourceManager", "HelmController",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "HelmControllerTests", dependencies: ["HelmController", "FerryAPI", "Manifests", "Helm", "GoTemplate", "Sprig", "ControllerRuntime", "ResourceManager"]),
        .testTarget(name: "FerryCommandsTests", dependencies: [
            "ferry", "FerryTesting", "KubernetesClient", "ChildProcess", "FerryAPI", "OCI", "Archive", .product(name: "Crypto", package: "swift-crypto"),
        ]),
    ]
)

// The fuzz targets (docs/testing.md, "Fuzzing"): declared only when scripts/fuzz builds with
// FERRY_FUZZ=1 into .build-fuzz (instrumented for libFuzzer and AddressSanitizer), so a normal
// build never sees them or their unsafe flag. One binary for all targets, chosen by
// FERRY_FUZZ_TARGET: the four modules share their dependencies, so one link instead of five.
// It depends on the pure modules only, never on the Kubernetes client or AsyncHTTPClient.
// `-parse-as-library`: no top-level code, `main` is libFuzzer's.
if Context.environment["FERRY_FUZZ"] == "1" {
    package.targets.append(.executableTarget(
        name: "ferry-fuzz", dependencies: ["Manifests", "Kustomize", "Archive", "PostBuild", "GoTemplate", "Sprig", "Helm"],
        path: "Fuzz/Sources",
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
}
