import ControllerRuntime
import FerryAPI
import Manifests

extension Kustomization {
    public static let gvk = GroupVersionKind(group: group, version: version, kind: kind)

    /// Reads a Kustomization object as the API server returns it.
    public init(json: JSONValue) throws(APIConversion.DecodeError) {
        self = try APIConversion.decode(Kustomization.self, from: json)
    }
}

extension KustomizationStatus {
    /// The status as a JSON value, ready for a status patch.
    public var json: JSONValue { APIConversion.encode(self) }

    public init(json: JSONValue) throws(APIConversion.DecodeError) {
        self = try APIConversion.decode(KustomizationStatus.self, from: json)
    }
}
