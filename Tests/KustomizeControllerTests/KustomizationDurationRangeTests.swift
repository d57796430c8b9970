import FerryAPI
import Testing
@testable import KustomizeController

/// Durations in a Kustomization's spec are range-checked: the CRD's pattern takes any number
/// of digits, and an absurd one must stall the object (naming the field), never trap.
@Suite struct KustomizationDurationRangeTests {
    static func settings(interval: String = "10m", retryInterval: String? = nil, timeout: String? = nil) -> KustomizationSettings {
        var spec = KustomizationSpec(sourceRef: CrossNamespaceSourceReference(name: "repo"), interval: interval)
        spec.retryInterval = retryInterval
        spec.timeout = timeout
        return KustomizationSettings(Kustomization(metadata: ObjectMetadata(name: "apps", namespace: "ns"), spec: spec))
    }

    @Test("an out-of-range duration stalls, naming the field", arguments: [
        (settings(interval: "9999999999999999h"), "spec.interval '9999999999999999h' is out of range (at most 2562047h47m16s)"),
        (settings(retryInterval: "2562048h"), "spec.retryInterval '2562048h' is out of range (at most 2562047h47m16s)"),
        (settings(timeout: "1" + String(repeating: "0", count: 400) + "s"), "spec.timeout '1\(String(repeating: "0", count: 400))s' is out of range (at most 2562047h47m16s)"),
        (settings(timeout: "soon"), "spec.timeout 'soon' is not a duration such as 5m or 1h30m"),
    ])
    func outOfRange(settings: KustomizationSettings, message: String) {
        let error = settings.durationError
        #expect(error?.kind == .stalled)
        #expect(error?.reason == ConditionReason.invalidSpec)
        #expect(error?.message == message)
        // Reading the values anyway must not trap.
        _ = (settings.interval, settings.retryInterval, settings.timeout)
    }

    @Test func theLongestGoDurationIsAccepted() {
        let settings = Self.settings(interval: "2562047h")
        #expect(settings.durationError == nil)
        #expect(settings.interval == .seconds(2_562_047 * 3600))
    }

    @Test("intervals have a floor of one second", arguments: [("0s", 1000), ("1ms", 1000), ("2s", 2000)])
    func floor(interval: String, milliseconds: Int64) {
        let settings = Self.settings(interval: interval, retryInterval: interval)
        #expect(settings.interval == .milliseconds(milliseconds))
        #expect(settings.retryInterval == .milliseconds(milliseconds))
    }

    @Test func timeoutDefaultsAsFlux() {
        let timeout = Self.settings(interval: "10m", timeout: "1m").timeout
        #expect(timeout == .seconds(60))
        #expect(Self.settings(interval: "10m").timeout == .seconds(570), "interval − 30 s, as Flux's GetTimeout")
    }
}
