import Crypto
import FerryAPI
import Foundation
import GoTemplate
import Helm
import Manifests
import Sprig

/// Where `valuesFrom` ConfigMaps and Secrets are read from.
public protocol ValuesSourceReader: Sendable {
    /// The `data` of ConfigMap or Secret (`kind`) `namespace/name`, decoded; nil when the object
    /// does not exist; throws for any other failure.
    func data(kind: String, name: String, namespace: String) async throws -> [String: [UInt8]]?
}

/// A HelmRelease's values, composed as Flux's `ChartValuesFromReferences`: each `valuesFrom`
/// reference in order — a whole YAML document merged deeply (later wins), or, with
/// `targetPath`, one value set at that path with Helm's `--set` parser — then `spec.values`
/// merged over them all. A missing object is skipped when the reference is `optional`, and an
/// error naming it otherwise; a missing key is always an error naming it.
public enum ReleaseValues {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public static func compose(references: [ValuesReference], inline: JSONValue?, namespace: String,
                               reader: any ValuesSourceReader) async throws(Failure) -> GoMap {
        var result = GoMap()
        for ref in references {
            let kind = ref.kind
            guard kind == "ConfigMap" || kind == "Secret" else {
                throw Failure(description: "unsupported ValuesReference kind '\(kind)'")
            }
            let key = ref.valuesKey.flatMap { $0.isEmpty ? nil : $0 } ?? "values.yaml"
            let data: [String: [UInt8]]?
            do { data = try await reader.data(kind: kind, name: ref.name, namespace: namespace) } catch {
                throw Failure(description: "could not get \(kind) '\(namespace)/\(ref.name)': \(error)")
            }
            guard let data else {
                if ref.optional == true { continue }
                throw Failure(description: "could not find \(kind) '\(namespace)/\(ref.name)'")
            }
            // `optional` forgives a missing object only: a missing key is a mistake in an object
            // that exists, and Flux fails on it either way.
            guard let bytes = data[key] else {
                throw Failure(description: "missing key '\(key)' in \(kind) '\(namespace)/\(ref.name)'")
            }
            if let path = ref.targetPath, !path.isEmpty {
                do { try setPath(path, to: String(decoding: bytes, as: UTF8.self), in: result) } catch {
                    throw Failure(description: "unable to replace value at path '\(path)' with value from key '\(key)' in \(kind) '\(namespace)/\(ref.name)': \(error.message)")
                }
                continue
            }
            let values: GoMap
            do { values = try Values.parse(bytes, context: "unable to read values from key '\(key)' in \(kind) '\(namespace)/\(ref.name)'") } catch {
                throw Failure(description: error.message)
            }
            result = ValuesFilesMerge.mergeMaps(result, values)
        }
        if let inline, !inline.isNull {
            guard case .object = inline else { throw Failure(description: "spec.values must be an object") }
            let values: GoMap
            do { values = try Values.parse(Array(inline.jsonString().utf8), context: "unable to read spec.values") } catch {
                throw Failure(description: error.message)
            }
            result = ValuesFilesMerge.mergeMaps(result, values)
        }
        return result
    }

    /// Flux's `ReplacePathValue`: `path=value` through Helm's strvals parser; a value in single
    /// or double quotes is taken as a string without them.
    static func setPath(_ path: String, to value: String, in values: GoMap) throws(HelmError) {
        let quoted = value.count >= 2 && ((value.hasPrefix("\"") && value.hasSuffix("\"")) || (value.hasPrefix("'") && value.hasSuffix("'")))
        if quoted {
            try Strvals.parse("\(path)=\(value.dropFirst().dropLast())", into: values, mode: .string)
        } else {
            try Strvals.parse("\(path)=\(value)", into: values, mode: .typed)
        }
    }

    /// `sha256:<hex>` of the values as Go's `json.Marshal` writes them (sorted keys): Flux's
    /// config digest, which tells a values change from none.
    public static func digest(_ values: GoMap) -> String {
        let json = (try? GoJSON.marshal(.map(values), escapeHTML: true)) ?? ""
        return SHA256Hex.digest(json.utf8)
    }
}
