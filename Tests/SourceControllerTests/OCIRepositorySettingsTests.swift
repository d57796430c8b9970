import FerryAPI
import Testing

@testable import SourceController

/// What an OCIRepository spec is read as before anything runs: Flux's ref precedence and
/// defaults, and the fields Ferry refuses (Stalled, InvalidSpec, "… is not supported by Ferry
/// yet") instead of dropping them.
@Suite struct OCIRepositorySettingsTests {
    static let url = "oci://registry.example:5000/team/manifests"

    static func settings(_ change: (inout OCIRepositorySpec) -> Void = { _ in }) throws(SourceError) -> OCIRepositorySettings {
        var spec = OCIRepositorySpec(url: url, interval: "5m")
        change(&spec)
        return try OCIRepositorySettings(spec: spec)
    }

    static func failure(_ change: (inout OCIRepositorySpec) -> Void) -> SourceError? {
        do { _ = try settings(change); return nil } catch { return error }
    }

    @Test func defaultsAreFluxs() throws {
        let settings = try Self.settings()
        #expect(settings.registry == "registry.example:5000")
        #expect(settings.repository == "team/manifests")
        #expect(settings.target == .tag("latest"))
        #expect(settings.timeout == .seconds(60))
        #expect(settings.interval == .seconds(300))
        #expect(settings.operation == "extract")
        #expect(settings.mediaType == nil)
    }

    @Test func digestWinsOverSemverWhichWinsOverTag() throws {
        let digest = "sha256:" + String(repeating: "a", count: 64)
        #expect(try Self.settings { $0.ref = OCIRepositoryRef(tag: "v1", semver: ">=1.0.0", digest: digest) }.target == .digest(digest))
        #expect(try Self.settings { $0.ref = OCIRepositoryRef(tag: "v1", semver: ">=1.0.0", semverFilter: "^v") }.target
                == .semver(">=1.0.0", filter: "^v"))
        #expect(try Self.settings { $0.ref = OCIRepositoryRef(tag: "v1") }.target == .tag("v1"))
    }

    static let refused: [(String, @Sendable (inout OCIRepositorySpec) -> Void, String)] = [
        ("aws", { $0.provider = "aws" }, "spec.provider 'aws' is not supported by Ferry yet"),
        ("azure", { $0.provider = "azure" }, "spec.provider 'azure' is not supported by Ferry yet"),
        ("gcp", { $0.provider = "gcp" }, "spec.provider 'gcp' is not supported by Ferry yet"),
        ("verify", { $0.verify = OCIRepositoryVerification(provider: "cosign") }, "spec.verify is not supported by Ferry yet"),
        ("serviceAccountName", { $0.serviceAccountName = "puller" }, "spec.serviceAccountName is not supported by Ferry yet"),
        ("operation", { $0.layerSelector = OCILayerSelector(operation: "unpack") }, "invalid spec.layerSelector.operation 'unpack'"),
        ("digest", { $0.ref = OCIRepositoryRef(digest: "sha256:abc") }, "invalid spec.ref.digest 'sha256:abc'"),
        ("semver", { $0.ref = OCIRepositoryRef(semver: ">=x.y") }, "invalid spec.ref.semver '>=x.y'"),
        ("semverFilter", { $0.ref = OCIRepositoryRef(semver: "*", semverFilter: "(") }, "invalid spec.ref.semverFilter '('"),
        ("tag", { $0.ref = OCIRepositoryRef(tag: "-bad") }, "invalid spec.ref.tag '-bad'"),
        ("timeout", { $0.timeout = "soon" }, "invalid spec.timeout 'soon'"),
        ("provider", { $0.provider = "oracle" }, "invalid spec.provider 'oracle'"),
    ]

    @Test(arguments: refused.indices)
    func refusedFieldsStallNamingTheField(_ index: Int) {
        let (_, change, message) = Self.refused[index]
        let error = Self.failure(change)
        #expect(error?.disposition == .stalled)
        #expect(error?.conditionType == SourceCondition.fetchFailed)
        #expect(error?.reason == ConditionReason.invalidSpec)
        #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "no error")")
    }

    @Test(arguments: ["https://registry.example/repo", "oci://registry.example", "oci://registry.example/Upper",
                      "oci://registry.example/repo:v1", "oci://registry.example/repo@sha256:" + String(repeating: "b", count: 64)])
    func urlsThatAreNotARepositoryStallWithURLInvalid(_ url: String) {
        let error = Self.failure { $0.url = url }
        #expect(error?.disposition == .stalled)
        #expect(error?.reason == SourceReason.urlInvalid)
        #expect(error?.message.hasPrefix("invalid OCI repository URL '\(url)'") == true, "\(error?.message ?? "no error")")
    }

    @Test func theGenericProviderAndEmptyFieldsAreAccepted() throws {
        let settings = try Self.settings {
            $0.provider = "generic"
            $0.layerSelector = OCILayerSelector(mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip", operation: "copy")
            $0.ref = OCIRepositoryRef(tag: "", semver: "", digest: "")
        }
        #expect(settings.operation == "copy")
        #expect(!settings.extracts)
        #expect(settings.target == .tag("latest"))
    }
}
