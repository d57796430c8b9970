import FerryTesting
import Testing
@testable import FerryCommands

/// Boolean flags take Flux's (pflag's) `--flag=true|false` as well as the bare `--flag`, so
/// commands copied from Flux's documentation run unchanged.
@Suite struct BooleanFlagSyntaxTests {
    static let create = ["create", "kustomization", "apps", "--source=repo"]

    @Test(arguments: [
        (["--prune=true", "--export"], ["--prune", "--export"]),
        (["--prune=false", "--wait=1", "--export=T"], ["--wait", "--export"]),
        (["--prune", "--export"], ["--prune", "--export"]),
        // Not a Boolean: left for the parser to refuse with its own message.
        (["--prune=maybe", "--export"], ["--prune=maybe", "--export"]),
        // Options with a value are never touched, whatever the value looks like.
        (["--path=true", "--export"], ["--path=true", "--export"]),
    ])
    func flagsWrittenWithAValue(_ given: [String], _ expected: [String]) {
        #expect(BooleanFlagSyntax.normalize(Self.create + given, for: FerryCommand.self) == Self.create + expected)
    }

    @Test func anOptionWithABooleanValueKeepsIt() {
        let arguments = ["controllers", "run", "--no-cross-namespace-refs=true"]
        #expect(BooleanFlagSyntax.normalize(arguments, for: FerryCommand.self) == arguments)
    }

    @Test func fluxsGettingStartedCommandRuns() async throws {
        // As in Flux's getting-started guide (with --export instead of applying).
        let result = try await FerryCLI.run(["create", "kustomization", "podinfo", "--target-namespace=default", "--source=podinfo",
                                             "--path=./kustomize", "--prune=true", "--wait=true", "--interval=30m",
                                             "--retry-interval=2m", "--health-check-timeout=3m", "--export"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("  prune: true\n"), "\(result.stdout)")
        #expect(result.stdout.contains("  wait: true\n"), "\(result.stdout)")
        let off = try await FerryCLI.run(["create", "kustomization", "podinfo", "--source=podinfo", "--prune=false", "--export"])
        #expect(off.stdout.contains("  prune: false\n"), "\(off.stdout)")
    }
}
