import ImageController

extension FluxKind {
    /// `image.toolkit.fluxcd.io/v1` ImageRepository, as flux's `image repository` commands name it.
    static let imageRepository = FluxKind(
        gvk: ImageKinds.imageRepository, noun: "image repository", shortNoun: "image repository", revisionVerb: "scanned")

    /// `image.toolkit.fluxcd.io/v1` ImagePolicy, as flux's `image policy` commands name it.
    static let imagePolicy = FluxKind(
        gvk: ImageKinds.imagePolicy, noun: "image policy", shortNoun: "image policy", revisionVerb: "selected")
}
