import ControllerRuntime
import FerryAPI

/// The choices of a HelmChart spec, checked once before anything runs.
///
/// - `spec.interval` must be a Go duration Go could hold (floored at 1 s).
/// - `spec.reconcileStrategy` is `ChartVersion` (default) or `Revision`.
/// - `spec.sourceRef.kind` is `HelmRepository` or `GitRepository`; `Bucket` is refused as not
///   supported by Ferry yet (there is no Bucket source), anything else as invalid.
/// - `spec.verify` is refused: Ferry cannot verify chart signatures yet, and a chart that was
///   asked to be verified must not be handed out unverified.
///
/// Violations stall with FetchFailed=True/InvalidSpec naming the field.
struct HelmChartSettings: Equatable {
    var interval: Duration
    var strategy: String
    var sourceKind: String

    init(spec: HelmChartSpec) throws(SourceError) {
        interval = max(GitRepositorySettings.minimumInterval, try GitRepositorySettings.duration(spec.interval, field: "spec.interval"))
        strategy = spec.reconcileStrategy ?? HelmChart.strategyChartVersion
        guard [HelmChart.strategyChartVersion, HelmChart.strategyRevision].contains(strategy) else {
            throw GitRepositorySettings.invalid("spec.reconcileStrategy", strategy, because: "must be ChartVersion or Revision")
        }
        sourceKind = spec.sourceRef.kind
        switch sourceKind {
        case HelmRepository.kind, GitRepository.kind: break
        case "Bucket": throw Self.unsupported("spec.sourceRef.kind 'Bucket'", because: "there is no Bucket source")
        default: throw GitRepositorySettings.invalid("spec.sourceRef.kind", sourceKind, because: "must be HelmRepository, GitRepository or Bucket")
        }
        if spec.verify != nil {
            throw Self.unsupported("spec.verify", because: "chart signatures (cosign, notation) cannot be verified")
        }
        if spec.chart.isEmpty { throw GitRepositorySettings.invalid("spec.chart", spec.chart, because: "must not be empty") }
    }

    static func unsupported(_ field: String, because why: String) -> SourceError {
        SourceError(.stalled, SourceCondition.fetchFailed, reason: ConditionReason.invalidSpec,
                    message: "\(field) is not supported by Ferry yet: \(why)")
    }
}
