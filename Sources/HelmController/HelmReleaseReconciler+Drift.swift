import ControllerRuntime
import FerryAPI
import Helm
import KubernetesClient
import Manifests
import ResourceManager

extension HelmReleaseReconciler {
    /// **drift** — part of `release` when the release is up to date (Flux's `Drifted` release
    /// state and `CorrectClusterDrift`): the latest release's objects are server-side dry-run
    /// against the cluster and compared with what is live (``ReleaseDrift``). Objects labelled
    /// or annotated `helm.toolkit.fluxcd.io/driftDetection: disabled` are left out, and so are
    /// the paths of `spec.driftDetection.ignore` rules matching an object.
    ///
    /// - `disabled` (the default): nothing is compared; the Drifted condition is removed.
    /// - Nothing drifted: Drifted=False/NoDriftDetected (a DriftCorrected verdict stays until
    ///   drift is seen again).
    /// - `warn`: Drifted=True/DriftDetected "Cluster state of release <ns>/<name>.v<N> has
    ///   drifted from the desired state:" and one line per object (`… changed (…)`, `… removed`),
    ///   a Warning event with the same text; nothing live is touched.
    /// - `enabled`: the same Warning event, then the drifted objects are applied again
    ///   (server-side, forced, our field manager; removed objects created; ignored paths kept as
    ///   they are live): Drifted=False/DriftCorrected "Cluster state of release … has been
    ///   corrected:" with the change set, and a Normal event; or, when an object cannot be
    ///   applied, Drifted=True/DriftCorrectionFailed naming it, and a Warning event.
    ///
    /// As in Flux, drift never makes the release not Ready; only a comparison that cannot be
    /// made does (Ready=False/StateError, retried).
    func checkDrift(_ s: inout HelmReleaseRun, latest: Release) async throws {
        guard let settings = s.settings else { return }
        let mode = (try? HelmReleaseSettings.driftMode(s.spec)) ?? .disabled
        guard mode != .disabled else {
            s.conditions.remove(HelmReleaseCondition.drifted)
            return
        }
        let rules = (try? HelmReleaseSettings.driftIgnoreRules(s.spec)) ?? .none
        let executor = ReleaseExecutor(client: settings.client(client), objects: releaseObjects(s, settings))
        let subject = "\(latest.namespace)/\(latest.name).v\(latest.version)"

        let prepared: [JSONValue]
        var drifts: [ReleaseDrift] = []
        do {
            prepared = try await executor.prepare(latest.manifest).filter { !ReleaseDrift.isExcluded($0) }
            let entries = try await executor.applier.diff(prepared, options: ApplyOptions(ignoreRules: rules))
            for entry in entries where !ReleaseDrift.isExcluded(entry.live) {
                guard entry.action == .created || entry.action == .configured else { continue }
                let pointers = rules.pointers(for: entry.merged ?? entry.live ?? .null)
                if let drift = ReleaseDrift.of(subject: entry.subject, live: entry.live, dryRun: entry.merged, ignoring: pointers) {
                    drifts.append(drift)
                }
            }
        } catch {
            throw ReconcileError.transient(reason: HelmReleaseReason.stateError,
                                           "Could not determine release state: unable to determine cluster state: \(error)")
        }

        guard !drifts.isEmpty else {
            let current = s.conditions[HelmReleaseCondition.drifted]
            if current?.status != "False" || current?.reason != HelmReleaseReason.driftCorrected {
                s.mark(HelmReleaseCondition.drifted, .false, reason: HelmReleaseReason.noDriftDetected,
                       message: "No drift detected in the cluster state of release \(subject)")
            }
            return
        }
        let detected = "Cluster state of release \(subject) has drifted from the desired state:\n"
            + drifts.map(\.line).joined(separator: "\n")
        s.events.append(EventDraft(.warning, reason: HelmReleaseReason.driftDetected, message: detected))
        guard mode == .enabled else {
            s.mark(HelmReleaseCondition.drifted, .true, reason: HelmReleaseReason.driftDetected, message: detected)
            return
        }
        await correct(&s, drifts: drifts, prepared: prepared, rules: rules, executor: executor, subject: subject, timeout: settings.timeout)
    }

    /// Applies the drifted objects again and records the outcome (`enabled` mode).
    private func correct(_ s: inout HelmReleaseRun, drifts: [ReleaseDrift], prepared: [JSONValue], rules: CompiledIgnoreRules,
                         executor: ReleaseExecutor, subject: String, timeout: Duration) async {
        let drifted = Set(drifts.map(\.subject))
        let objects = prepared.filter { $0.objectID.map { drifted.contains($0.description) } ?? false }
        do throws(ApplyError) {
            let changeSet = try await executor.applier.apply(objects, options: ApplyOptions(waitTimeout: timeout, ignoreRules: rules))
            let message = "Cluster state of release \(subject) has been corrected:\n" + changeSet.summary()
            s.mark(HelmReleaseCondition.drifted, .false, reason: HelmReleaseReason.driftCorrected, message: message)
            s.events.append(EventDraft(.normal, reason: HelmReleaseReason.driftCorrected, message: message))
        } catch {
            let partial = error.changeSet.summary()
            var message = "Failed to \(partial.isEmpty ? "" : "partially ")correct cluster state of release \(subject):\n\(error.message)"
            if !partial.isEmpty { message += "\n\nSuccessful corrections:\n" + partial }
            s.mark(HelmReleaseCondition.drifted, .true, reason: HelmReleaseReason.driftCorrectionFailed, message: message)
            s.events.append(EventDraft(.warning, reason: HelmReleaseReason.driftCorrectionFailed, message: message))
        }
    }
}
