import ControllerRuntime
import FerryAPI
import Manifests

extension OCIRepository {
    /// Reads an OCIRepository object as the API server returns it.
    public init(json: JSONValue) throws(APIConversion.DecodeError) {
        self = try APIConversion.decode(OCIRepository.self, from: json)
    }

    /// The object as a JSON value (without `apiVersion`/`kind`).
    public var json: JSONValue { APIConversion.encode(self) }
}

extension OCIRepositoryStatus {
    public var json: JSONValue { APIConversion.encode(self) }

    public init(json: JSONValue) throws(APIConversion.DecodeError) {
        self = try APIConversion.decode(OCIRepositoryStatus.self, from: json)
    }
}
