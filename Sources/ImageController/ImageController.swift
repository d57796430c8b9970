/// Image automation (`image.toolkit.fluxcd.io/v1`): ImageRepository scans a registry's tags,
/// ImagePolicy picks the latest by its rule, ImageUpdateAutomation writes the picked references
/// back to Git through Flux's setter comments.
public enum ImageController {}
