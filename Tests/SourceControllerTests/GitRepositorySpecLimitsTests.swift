import ControllerRuntime
import FerryAPI
import Foundation
import Testing
@testable import SourceController

/// Numbers and ranges of a GitRepository spec are range-checked: a value out of range stalls the
/// object with a message naming the field, never a trap; the interval has a floor.
@Suite struct GitRepositorySpecLimitsTests {
    static func settings(interval: String = "1m", timeout: String? = nil, semver: String? = nil) throws(SourceError) -> GitRepositorySettings {
        try GitRepositorySettings(spec: GitRepositorySpec(url: "https://example.com/x.git", interval: interval, timeout: timeout,
                                                          ref: semver.map { GitRepositoryRef(semver: $0) }))
    }

    @Test(arguments: [
        ("9999999999999999h", nil as String?, "invalid spec.interval '9999999999999999h': larger than the largest duration, 2562047h47m16s"),
        ("2562048h", nil, "invalid spec.interval '2562048h': larger than the largest duration, 2562047h47m16s"),
        ("1m", "9999999999999999h", "invalid spec.timeout '9999999999999999h': larger than the largest duration, 2562047h47m16s"),
        ("soon", nil, "invalid spec.interval 'soon': not a duration such as 1m or 30s"),
        ("1m", "", "invalid spec.timeout '': not a duration such as 1m or 30s"),
    ])
    func durationsOutOfRangeNameTheField(interval: String, timeout: String?, message: String) {
        #expect(throws: SourceError(.stalled, SourceCondition.fetchFailed, reason: ConditionReason.invalidSpec, message: message)) {
            try Self.settings(interval: interval, timeout: timeout)
        }
    }

    @Test func aSemverRangeThatCannotBeReadNamesTheField() {
        #expect {
            try Self.settings(semver: "~9223372036854775807")
        } throws: { error in
            guard let error = error as? SourceError else { return false }
            return error.disposition == .stalled && error.reason == ConditionReason.invalidSpec
                && error.message.hasPrefix("invalid spec.ref.semver '~9223372036854775807': ")
        }
    }

    @Test func theWholeReconcileIsBoundedByTwiceTheTimeout() throws {
        #expect(try Self.settings().reconcileDeadline == ReconcileDeadline(.seconds(150), origin: "2 × spec.timeout 1m0s + 30s"))
        #expect(try Self.settings(timeout: "5s").reconcileDeadline.duration == .seconds(40))
    }

    @Test func theIntervalHasAFloorAndTheTimeoutADefault() throws {
        #expect(try Self.settings(interval: "1ns").interval == .seconds(1))
        #expect(try Self.settings(interval: "0s").interval == .seconds(1))
        #expect(try Self.settings(interval: "2562047h").interval == .seconds(2_562_047 * 3600))
        #expect(try Self.settings(interval: "5m").timeout == .seconds(60))
        #expect(try Self.settings(timeout: "1m30s").timeout == .seconds(90))
        #expect(try Self.settings(semver: ">=1.0.0 <2.0.0").interval == .seconds(60))
    }

    @Test func anObjectWithAnIntervalOutOfRangeIsStalled() async throws {
        let fx = try GitFixture()
        let reconciler = GitRepositoryReconciler(storage: ArtifactStorage(root: fx.root + "/storage", advertisedAddress: "localhost:9090"),
                                                 driver: GitDriver(allowFileProtocol: true, temporaryDirectory: fx.root),
                                                 secrets: InMemorySecrets(), includes: InMemoryArtifacts(artifacts: [:]), workDirectory: fx.root)
        let object = GitRepository(metadata: ObjectMetadata(name: "huge", namespace: "default", generation: 3),
                                   spec: GitRepositorySpec(url: "file:///nowhere.git", interval: "9999999999999999h"))
        let result = await reconciler.reconcile(object)
        guard case .failed(let error) = result.outcome else { Issue.record("\(result.outcome)"); return }
        #expect(error.kind == .stalled)
        let message = "invalid spec.interval '9999999999999999h': larger than the largest duration, 2562047h47m16s"
        #expect(result.status.condition("Ready")?.status == "False")
        #expect(result.status.condition("Ready")?.reason == ConditionReason.invalidSpec)
        #expect(result.status.condition("Ready")?.message == message)
        #expect(result.status.condition("Stalled")?.status == "True")
        #expect(result.status.condition("Stalled")?.reason == ConditionReason.invalidSpec)
        #expect(result.status.observedGeneration == 3)
    }

    @Test(arguments: [(Duration.seconds(60), "1m0s"), (.milliseconds(1500), "1.5s"), (.seconds(7200), "2h0m0s"),
                      (.milliseconds(250), "250ms"), (.nanoseconds(Int64.max), "2562047h47m16.854s")])
    func durationsAreWrittenAsGoWritesThem(duration: Duration, text: String) {
        #expect(duration.goText == text)
    }
}
