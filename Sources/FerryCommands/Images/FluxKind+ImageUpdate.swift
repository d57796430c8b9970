import ImageController

extension FluxKind {
    /// `image.toolkit.fluxcd.io/v1` ImageUpdateAutomation, as flux's `image update` commands name it.
    static let imageUpdateAutomation = FluxKind(
        gvk: KubernetesImageAutomationSources.automationKind, noun: "image update", shortNoun: "image update", revisionVerb: "pushed")
}
