import Crypto

/// A HelmRelease's Helm release name, as Flux's `GetReleaseName` and `release.ShortenName` make it:
/// `spec.releaseName`, else `<targetNamespace>-<name>` when a target namespace is set, else the
/// object's name; a name over Helm's 53 characters keeps its first 40 and gets `-` plus the first
/// 12 hex digits of its SHA-256, so it stays unique and valid.
public enum ReleaseName {
    public static let maximumLength = 53

    public static func make(name: String, releaseName: String?, targetNamespace: String?) -> String {
        if let releaseName, !releaseName.isEmpty { return shorten(releaseName) }
        if let targetNamespace, !targetNamespace.isEmpty { return shorten(targetNamespace + "-" + name) }
        return shorten(name)
    }

    public static func shorten(_ name: String) -> String {
        guard name.utf8.count > maximumLength else { return name }
        let hash = SHA256Hex.hex(name.utf8)
        let suffix = String(hash.prefix(12))
        return String(decoding: Array(name.utf8).prefix(maximumLength - suffix.count - 1), as: UTF8.self) + "-" + suffix
    }
}
