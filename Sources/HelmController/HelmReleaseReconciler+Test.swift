import ControllerRuntime
import FerryAPI
import Foundation
import Helm
import Manifests

/// The failure counters as they stood before an install or upgrade reset them: a test that
/// fails after the release counts against them (Flux counts test failures with the action's).
struct FailureCounts: Sendable {
    var failures: Int?
    var install: Int?
    var upgrade: Int?

    init(_ status: HelmReleaseStatus) {
        failures = status.failures
        install = status.installFailures
        upgrade = status.upgradeFailures
    }
}

extension HelmReleaseReconciler {
    /// **test** — Helm's `test` action (Flux's `Test` reconciler), run only with
    /// `spec.test.enable`, right after a successful install or upgrade, or on an up-to-date
    /// release not tested yet.
    ///
    /// The release's `test` hooks, narrowed by `spec.test.filters` (Helm's: excluded names
    /// dropped first, then, when any filter includes, only the included names kept), run in
    /// weight order within `spec.test.timeout` (default `spec.timeout`) until one fails; a test
    /// Pod passes when it reaches phase Succeeded and fails at Failed. Each hook's `last_run`
    /// (start, completion, phase) is written to the release record, as `helm test` writes it,
    /// and the history's newest snapshot lists them (`testHooks`).
    ///
    /// - All passed: TestSuccess=True/TestSucceeded "Helm test succeeded for release
    ///   <ns>/<name>.v<N> with chart <chart>@<version>: <n> test hook(s) completed successfully"
    ///   (or "no test hooks"), a Normal event.
    /// - One failed: TestSuccess=False/TestFailed "Helm test failed for release … : <cause>",
    ///   a Warning event, `status.failures` counted. Unless failures are ignored
    ///   (``HelmReleaseSettings/ignoresTestFailures(_:isUpgrade:)``) the release counts as a
    ///   failed install or upgrade: the action's failures counted, remediated as a failed action
    ///   is (``remediate(_:isUpgrade:failed:previous:history:store:executor:)``), and the step
    ///   stops with Ready=False/TestFailed.
    func runTests(_ s: inout HelmReleaseRun, record: Release, isUpgrade: Bool, history: [Release], store: ReleaseStore,
                  prior: FailureCounts) async throws {
        guard let settings = s.settings else { return }
        let timeout = (try? HelmReleaseSettings.testTimeout(s.spec, default: settings.timeout)) ?? settings.timeout
        let executor = ReleaseExecutor(client: settings.client(client), objects: releaseObjects(s, settings))
        let chosen = Set(Self.selectedTests(record.hooks, filters: s.spec.test?.filters ?? []).map(\.name))
        let ordered = ReleaseExecutor.hooks(record.hooks, of: HookEvent.test.rawValue).filter { chosen.contains($0.name) }
        try await s.reportProgress("Running 'test' action with timeout of \(GoDuration.format(seconds: timeout / .seconds(1)))")

        var tested = record
        var failure: String?
        var passed = 0
        for hook in ordered {
            guard let index = tested.hooks.firstIndex(where: { $0.name == hook.name && $0.kind == hook.kind }) else { continue }
            tested.hooks[index].lastRun = HookExecution(startedAt: ReleaseTime(now()), phase: .running)
            do {
                try await executor.runHook(hook, event: HookEvent.test.rawValue, timeout: timeout)
                tested.hooks[index].lastRun.phase = .succeeded
                tested.hooks[index].lastRun.completedAt = ReleaseTime(now())
                passed += 1
            } catch {
                tested.hooks[index].lastRun.phase = .failed
                tested.hooks[index].lastRun.completedAt = ReleaseTime(now())
                failure = "\(error)"
                break
            }
        }
        let subject = "release \(record.namespace)/\(record.name).v\(record.version) with chart "
            + "\(record.chart?.metadata?.name ?? "")@\(record.chart?.metadata?.version ?? "")"
        do {
            try await store.update(tested)
            s.status.history = Self.snapshots(try await store.history(record.name))
        } catch {
            throw ReconcileError.transient(reason: HelmReleaseReason.testFailed, "Helm test failed for \(subject): failed to record the test results: \(error)")
        }
        if s.status.history?.first?.testHooks == nil, s.status.history?.first?.version == record.version {
            s.status.history?[0].testHooks = [:]
        }

        guard let failure else {
            let hooks = passed == 0 ? "no test hooks" : "\(passed) test \(passed == 1 ? "hook" : "hooks") completed successfully"
            let message = "Helm test succeeded for \(subject): \(hooks)"
            s.mark(HelmReleaseCondition.testSuccess, .true, reason: HelmReleaseReason.testSucceeded, message: message)
            s.events.append(EventDraft(.normal, reason: HelmReleaseReason.testSucceeded, message: message))
            return
        }
        let message = "Helm test failed for \(subject): \(failure)"
        s.mark(HelmReleaseCondition.testSuccess, .false, reason: HelmReleaseReason.testFailed, message: message)
        s.events.append(EventDraft(.warning, reason: HelmReleaseReason.testFailed, message: message))
        s.status.failures = (prior.failures ?? 0) + 1
        guard !HelmReleaseSettings.ignoresTestFailures(s.spec, isUpgrade: isUpgrade) else { return }
        if isUpgrade { s.status.upgradeFailures = (prior.upgrade ?? 0) + 1 } else { s.status.installFailures = (prior.install ?? 0) + 1 }
        await remediate(&s, isUpgrade: isUpgrade, failed: tested, previous: isUpgrade ? ReleaseStorage.lastDeployed(history) : nil,
                        history: history + [tested], store: store, executor: executor)
        throw ReconcileError.transient(reason: HelmReleaseReason.testFailed, message)
    }

    /// Tests of an up-to-date release (part of `release`): none and TestSuccess removed when
    /// tests are disabled; run (``runTests(_:record:isUpgrade:history:store:prior:)``) when the
    /// latest release has not been tested; and, when its tests failed and failures are not
    /// ignored, stalled with Ready=False/TestFailed until the spec changes — a change resets
    /// the failure counters, and the tests run again.
    func checkTests(_ s: inout HelmReleaseRun, latest: Release, history: [Release], store: ReleaseStore) async throws {
        guard s.spec.test?.enable == true else {
            s.conditions.remove(HelmReleaseCondition.testSuccess)
            return
        }
        let isUpgrade = s.status.lastAttemptedReleaseAction == HelmReleaseAction.upgrade.rawValue
        let snapshot = s.status.history?.first { $0.version == latest.version }
        let results = Self.testHookStatuses(latest)
        let failed = results?.values.contains { $0.phase == HookPhase.failed.rawValue } ?? false
        let ignored = HelmReleaseSettings.ignoresTestFailures(s.spec, isUpgrade: isUpgrade)
        let counted = (isUpgrade ? s.status.upgradeFailures : s.status.installFailures) ?? 0
        let untested = snapshot?.testHooks == nil && results == nil
        if untested || (failed && !ignored && counted == 0) {
            try await runTests(&s, record: latest, isUpgrade: isUpgrade, history: history.filter { $0.version != latest.version },
                               store: store, prior: FailureCounts(s.status))
            return
        }
        guard failed, !ignored else { return }
        let message = s.conditions[HelmReleaseCondition.testSuccess]?.message
            ?? "Helm test failed for release \(latest.namespace)/\(latest.name).v\(latest.version)"
        throw ReconcileError.stalled(reason: HelmReleaseReason.testFailed, "Failed: retries exhausted: \(message)")
    }

    /// The hooks `helm test` would run with `filters` (Helm's `ReleaseTesting.Run`): names a
    /// filter excludes are dropped; then, when any filter includes names, only those stay.
    static func selectedTests(_ hooks: [ReleaseHook], filters: [HelmTestFilter]) -> [ReleaseHook] {
        let excluded = Set(filters.filter { $0.exclude == true }.map(\.name))
        let included = Set(filters.filter { $0.exclude != true }.map(\.name))
        let kept = hooks.filter { !excluded.contains($0.name) }
        return included.isEmpty ? kept : kept.filter { included.contains($0.name) }
    }

    /// A release's test hooks that have run, by name, as the history shows them (Flux's
    /// `TestHooksFromRelease`); nil when none has run.
    static func testHookStatuses(_ release: Release) -> [String: TestHookStatus]? {
        var out: [String: TestHookStatus] = [:]
        for hook in release.hooks where hook.events.contains(HookEvent.test) && !hook.lastRun.startedAt.isZero {
            out[hook.name] = TestHookStatus(lastStarted: hook.lastRun.startedAt.rfc3339,
                                            lastCompleted: hook.lastRun.completedAt.isZero ? nil : hook.lastRun.completedAt.rfc3339,
                                            phase: hook.lastRun.phase.rawValue)
        }
        return out.isEmpty ? nil : out
    }
}
