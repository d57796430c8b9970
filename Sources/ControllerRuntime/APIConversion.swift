import FerryAPI
import Foundation
import Manifests

/// Conversions between the Codable API types and the JSON values the Kubernetes client speaks.
/// FerryAPI stays Foundation-only; the bridge goes through JSON bytes.
public enum APIConversion {
    public struct DecodeError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws(DecodeError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(value.jsonBytes()))
        } catch let DecodingError.keyNotFound(key, context) {
            throw DecodeError(description: "missing field '\(path(context.codingPath + [key]))'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw DecodeError(description: "wrong type for field '\(path(context.codingPath))'")
        } catch let DecodingError.valueNotFound(_, context) {
            throw DecodeError(description: "null field '\(path(context.codingPath))'")
        } catch {
            throw DecodeError(description: "cannot decode \(T.self): \(error)")
        }
    }

    public static func encode<T: Encodable>(_ value: T) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value), let json = try? JSONValue(jsonBytes: [UInt8](data)) else { return .null }
        return json
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
