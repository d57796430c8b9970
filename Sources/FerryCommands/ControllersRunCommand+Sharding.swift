import ArgumentParser
import ControllerRuntime
import Foundation
import Manifests

/// Sharding, as Flux does it (docs/sharding.md): `--watch-label-selector` narrows the list-watch
/// of every controller's own kind — GitRepository, OCIRepository, HelmRepository, HelmChart,
/// ArtifactGenerator, Kustomization, HelmRelease, ImageRepository, ImagePolicy,
/// ImageUpdateAutomation — so this process reconciles only the objects whose labels match, and
/// an object whose labels stop matching leaves its cache (the API server reports it deleted to
/// this watch). Watches of related objects (sources a Kustomization or HelmRelease uses,
/// dependencies, values) stay unfiltered, as in Flux: a shard's Kustomization may use another
/// shard's source, whose artifact URL names the process that serves it.
extension ControllersRunCommand {
    /// The Lease name without a selector (one per Ferry installation, like Flux's
    /// `<controller>-leader-election`).
    static let leaseBase = "ferry-controllers-leader-election"

    /// `--watch-label-selector`, nil when absent or blank (every object, as without the flag).
    var watchSelector: String? {
        guard let text = watchLabelSelector, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return text
    }

    /// This instance's leader-election Lease: ``leaseBase`` alone without a selector, else
    /// suffixed with the selector's hash (Flux's `GenerateID`), so each shard elects its own leader.
    var leaseName: String { LeaderElectionConfig.leaseName(Self.leaseBase, labelSelector: watchSelector) }

    /// The options of the controller `name`, watching only the objects this shard owns.
    func controllerOptions(_ name: String, shutdownTimeout: Duration) -> ControllerOptions {
        ControllerOptions(name: name, concurrency: concurrent, shutdownTimeout: shutdownTimeout, labelSelector: watchSelector)
    }

    /// Refuses a selector the API server would refuse, naming the flag and the fault, before
    /// any watch starts (Flux exits on `labels.Parse` failing the same way).
    func validateWatchLabelSelector() throws {
        guard let selector = watchSelector else { return }
        do {
            _ = try LabelSelector(selector)
        } catch {
            throw ValidationError("--watch-label-selector: \(error)")
        }
    }
}
