import ControllerRuntime
import FerryAPI
import Foundation
import Manifests

extension GitRepository {
    /// Reads a GitRepository object as the API server returns it.
    public init(json: JSONValue) throws(APIConversion.DecodeError) {
        self = try APIConversion.decode(GitRepository.self, from: json)
    }
}

extension GitRepositoryStatus {
    /// The status as a JSON value, ready for a status patch.
    public var json: JSONValue { APIConversion.encode(self) }

    public init(json: JSONValue) throws(APIConversion.DecodeError) {
        self = try APIConversion.decode(GitRepositoryStatus.self, from: json)
    }
}

extension GitRepository {
    /// The object as a JSON value (without `apiVersion`/`kind`).
    public var json: JSONValue { APIConversion.encode(self) }
}
