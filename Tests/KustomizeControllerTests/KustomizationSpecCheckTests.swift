@testable import KustomizeController
import ControllerRuntime
import FerryAPI
import Manifests
import Testing

/// Spec values Ferry cannot use stall the Kustomization with InvalidSpec and a message naming
/// the field, before anything is fetched or applied (no cluster: ``FakeKustomizationCluster``).
@Suite struct KustomizationSpecCheckTests {
    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        var setup: @Sendable (inout JSONValue) -> Void
        /// Ready's whole message.
        var message: String
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "interval not a duration", setup: { $0[path: "spec", "interval"] = "ten minutes" },
                message: "spec.interval 'ten minutes' is not a duration such as 5m or 1h30m"),
        Refusal(name: "retryInterval not a duration", setup: { $0[path: "spec", "retryInterval"] = "5 m" },
                message: "spec.retryInterval '5 m' is not a duration such as 5m or 1h30m"),
        Refusal(name: "timeout out of range", setup: { $0[path: "spec", "timeout"] = "9999999999999999h" },
                message: "spec.timeout '9999999999999999h' is out of range (at most 2562047h47m16s)"),
        Refusal(name: "unknown deletionPolicy", setup: { $0[path: "spec", "deletionPolicy"] = "Sometimes" },
                message: "spec.deletionPolicy 'Sometimes' is not one of MirrorPrune, Delete, WaitForTermination, Orphan"),
        Refusal(name: "unknown postBuild.substituteStrategy", setup: { $0[path: "spec", "postBuild"] = ["substituteStrategy": "Sometimes"] },
                message: "spec.postBuild.substituteStrategy 'Sometimes' is not one of WithVariables, Always"),
        Refusal(name: "decryption through a cloud identity", setup: {
                    $0[path: "spec", "decryption"] = ["provider": "sops", "serviceAccountName": "kms-reader"] },
                message: "spec.decryption.serviceAccountName is not supported by Ferry yet: cloud KMS (AWS, GCP, Azure, Vault) through a workload identity is not available; put age (*.agekey) or OpenPGP (*.asc) keys in spec.decryption.secretRef"),
        Refusal(name: "decryption provider not sops", setup: { $0[path: "spec", "decryption"] = ["provider": "vault"] },
                message: "spec.decryption.provider 'vault' is not supported: the only provider is 'sops'"),
        Refusal(name: "kubeConfig.configMapRef set", setup: { $0[path: "spec", "kubeConfig"] = ["configMapRef": ["name": "fleet-member"]] },
                message: "spec.kubeConfig.configMapRef is not supported by Ferry yet: secret-less (workload identity) access to remote clusters is not available; use spec.kubeConfig.secretRef"),
    ]

    @Test(arguments: refusals)
    func invalidSpecStalls(_ refusal: Refusal) async throws {
        var scenario = StepScenario()
        refusal.setup(&scenario.object)
        let outcome = try await scenario.run()
        try Self.expectStalled(outcome, message: refusal.message)
        #expect(outcome.status?.observedGeneration == 1, "the refused generation is observed, so a fix shows as new")
    }

    /// CEL that does not parse stalls with Flux's InvalidCELExpression, naming the field and the
    /// expression (the parser's own words follow).
    static let celRefusals: [Refusal] = [
        Refusal(name: "healthCheckExprs current does not parse",
                setup: { $0[path: "spec", "healthCheckExprs"] = [["apiVersion": "example.com/v1", "kind": "Widget", "current": "status.ready =="]] },
                message: "spec.healthCheckExprs[0].current 'status.ready ==': "),
        Refusal(name: "dependsOn readyExpr does not parse",
                setup: { $0[path: "spec", "dependsOn"] = [["name": "infra"], ["name": "db", "readyExpr": "dep.status.(ready"]] },
                message: "spec.dependsOn[1].readyExpr 'dep.status.(ready': "),
    ]

    @Test(arguments: celRefusals)
    func unparsableCELStalls(_ refusal: Refusal) async throws {
        var scenario = StepScenario()
        refusal.setup(&scenario.object)
        let outcome = try await scenario.run()
        let error = try #require(outcome.report.error)
        #expect(error.kind == .stalled)
        #expect(error.reason == ConditionReason.invalidCELExpression)
        #expect(error.message.hasPrefix(refusal.message), "\(error.message)")
        #expect(outcome.report.condition(ConditionType.stalled)?.reason == ConditionReason.invalidCELExpression)
        #expect(outcome.fetcher.fetched.isEmpty)
    }

    /// An object the typed API cannot read at all (written without the CRD's validation).
    struct Undecodable: Sendable, CustomTestStringConvertible {
        var name: String
        var setup: @Sendable (inout JSONValue) -> Void
        /// Part of the message after "invalid Kustomization: ".
        var names: String
        var testDescription: String { name }
    }

    static let undecodables: [Undecodable] = [
        Undecodable(name: "prune is a string", setup: { $0[path: "spec", "prune"] = "yes" }, names: "prune"),
        Undecodable(name: "sourceRef missing", setup: { $0[path: "spec", "sourceRef"] = nil }, names: "sourceRef"),
        Undecodable(name: "interval is a number", setup: { $0[path: "spec", "interval"] = 600 }, names: "interval"),
    ]

    @Test(arguments: undecodables)
    func undecodableObjectStalls(_ case: Undecodable) async throws {
        var scenario = StepScenario()
        `case`.setup(&scenario.object)
        let outcome = try await scenario.run()
        let error = try #require(outcome.report.error)
        #expect(error.kind == .stalled)
        #expect(error.reason == ConditionReason.invalidSpec)
        #expect(error.message.hasPrefix("invalid Kustomization: "), "\(error.message)")
        #expect(error.message.contains(`case`.names), "the message names the field: \(error.message)")
        try Self.expectStalled(outcome, message: error.message)
    }

    @Test func theFirstBadFieldIsNamedWhenThereAreSeveral() async throws {
        var scenario = StepScenario()
        scenario.object[path: "spec", "timeout"] = "forever"
        scenario.object[path: "spec", "deletionPolicy"] = "Never"
        scenario.object[path: "spec", "decryption"] = ["provider": "sops"]
        let error = try #require(try await scenario.run().report.error)
        #expect(error.message == "spec.timeout 'forever' is not a duration such as 5m or 1h30m")
    }

    @Test func suspendedRunsNothingAndWritesNoStatus() async throws {
        var scenario = StepScenario()
        scenario.object[path: "spec", "suspend"] = true
        scenario.object[path: "spec", "decryption"] = ["provider": "sops"]
        let outcome = try await scenario.run()
        #expect(outcome.report.status == nil)
        #expect(outcome.report.error == nil)
        #expect(outcome.fetcher.fetched.isEmpty)
        #expect(outcome.progress.isEmpty)
    }

    /// Stalled=True and Ready=False with InvalidSpec and `message`, no Reconciling, nothing
    /// fetched, applied or shown as in progress.
    static func expectStalled(_ outcome: StepScenario.Outcome, message: String) throws {
        let error = try #require(outcome.report.error)
        #expect(error.kind == .stalled)
        #expect(error.reason == ConditionReason.invalidSpec)
        #expect(error.message == message)
        for type in [ConditionType.ready, ConditionType.stalled] {
            let condition = try #require(outcome.report.condition(type))
            #expect(condition.status == (type == ConditionType.ready ? "False" : "True"))
            #expect(condition.reason == ConditionReason.invalidSpec)
            #expect(condition.message == message)
        }
        #expect(outcome.report.condition(ConditionType.reconciling) == nil)
        #expect(outcome.fetcher.fetched.isEmpty)
        #expect(outcome.target.record.applied.isEmpty)
        #expect(outcome.progress.isEmpty)
    }
}
