import ControllerRuntime
import FerryAPI
import Manifests

extension HelmRepository {
    /// Reads a HelmRepository object as the API server returns it.
    public init(json: JSONValue) throws(APIConversion.DecodeError) {
        self = try APIConversion.decode(HelmRepository.self, from: json)
    }

    /// The object as a JSON value (without `apiVersion`/`kind`).
    public var json: JSONValue { APIConversion.encode(self) }
}

extension HelmRepositoryStatus {
    public var json: JSONValue { APIConversion.encode(self) }

    public init(json: JSONValue) throws(APIConversion.DecodeError) {
        self = try APIConversion.decode(HelmRepositoryStatus.self, from: json)
    }
}

extension HelmChart {
    /// Reads a HelmChart object as the API server returns it.
    public init(json: JSONValue) throws(APIConversion.DecodeError) {
        self = try APIConversion.decode(HelmChart.self, from: json)
    }

    public var json: JSONValue { APIConversion.encode(self) }
}

extension HelmChartStatus {
    public var json: JSONValue { APIConversion.encode(self) }

    public init(json: JSONValue) throws(APIConversion.DecodeError) {
        self = try APIConversion.decode(HelmChartStatus.self, from: json)
    }
}
