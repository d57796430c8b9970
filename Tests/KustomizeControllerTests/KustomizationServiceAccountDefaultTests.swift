import FerryAPI
import KubernetesClient
import Testing
@testable import KustomizeController

/// `--default-service-account` confines every Kustomization that names no account — and an
/// empty `serviceAccountName` names none: it must not mean "act as the controller".
@Suite struct KustomizationServiceAccountDefaultTests {
    static func settings(_ account: String?, default fallback: String?) -> KustomizationSettings {
        var spec = KustomizationSpec(sourceRef: CrossNamespaceSourceReference(name: "repo"))
        spec.serviceAccountName = account
        let kustomization = Kustomization(metadata: ObjectMetadata(name: "apps", namespace: "team-a"), spec: spec)
        return KustomizationSettings(kustomization, defaultServiceAccount: fallback)
    }

    @Test("who a Kustomization acts as", arguments: [
        (String?.none, String?.none, String?.none),
        ("", nil, nil),
        (nil, "restricted", "system:serviceaccount:team-a:restricted"),
        ("", "restricted", "system:serviceaccount:team-a:restricted"),
        ("deployer", "restricted", "system:serviceaccount:team-a:deployer"),
        ("", "", nil),
    ])
    func impersonation(account: String?, fallback: String?, user: String?) {
        #expect(Self.settings(account, default: fallback).impersonation?.user == user)
    }
}
