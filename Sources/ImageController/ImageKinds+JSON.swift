import ControllerRuntime
import FerryAPI
import KubernetesClient
import Manifests

/// The image kinds as the API server returns them, and their group-version-kinds.
public enum ImageKinds {
    public static let imageRepository = GroupVersionKind(group: "image.toolkit.fluxcd.io", version: "v1", kind: ImageRepository.kind)
    public static let imagePolicy = GroupVersionKind(group: "image.toolkit.fluxcd.io", version: "v1", kind: ImagePolicy.kind)
}

extension ImageRepository {
    /// Reads an ImageRepository object as the API server returns it.
    public init(json: JSONValue) throws(APIConversion.DecodeError) {
        self = try APIConversion.decode(ImageRepository.self, from: json)
    }

    public var json: JSONValue { APIConversion.encode(self) }
}

extension ImageRepositoryStatus {
    public var json: JSONValue { APIConversion.encode(self) }
}

extension ImagePolicy {
    /// Reads an ImagePolicy object as the API server returns it.
    public init(json: JSONValue) throws(APIConversion.DecodeError) {
        self = try APIConversion.decode(ImagePolicy.self, from: json)
    }

    public var json: JSONValue { APIConversion.encode(self) }
}

extension ImagePolicyStatus {
    public var json: JSONValue { APIConversion.encode(self) }
}
