import Foundation
import Manifests
import SOPS

/// Flux's `spec.decryption` (`provider: sops`) over the objects of a build, as kustomize-controller's
/// decryptor does it after the kustomize build and before postBuild substitution:
///
/// - an object with a top-level `sops` field (any kind: a Secret encrypted whole, a ConfigMap, a
///   custom resource) is decrypted as a JSON SOPS document and replaced by the plaintext;
/// - a Secret without one has each `data` entry that holds a SOPS document (found by its MAC
///   marker, as Flux finds it: the output of a `secretGenerator` `files:` entry) decrypted in
///   place, in the format its content and key name say;
/// - an object annotated `kustomize.toolkit.fluxcd.io/decrypt: disabled` is left alone.
///
/// The whole-document MAC is not checked (Flux does not either: kustomize adds plain values, a
/// namespace or labels, that the MAC covers); every encrypted value is still authenticated with
/// its path, so a changed or swapped value fails. Plaintext exists only in the returned objects:
/// nothing is written to disk and errors never carry it.
public struct KustomizationDecryptor: Sendable {
    public static let disabledAnnotation = "kustomize.toolkit.fluxcd.io/decrypt"

    public let keys: SOPSKeys

    public init(keys: SOPSKeys) {
        self.keys = keys
    }

    /// The keys of a decryption Secret object (`*.agekey`, `*.asc` entries of `data`);
    /// `name` (`namespace/name`) names it in errors.
    public init(secret: JSONValue, name: String) throws(KustomizationDecryptionError) {
        var data: [String: [UInt8]] = [:]
        for (key, value) in secret["data"]?.objectValue ?? [:] {
            guard let text = value.stringValue, let bytes = Data(base64Encoded: text) else {
                throw KustomizationDecryptionError("decryption Secret '\(name)': data '\(key)' is not base64")
            }
            data[key] = Array(bytes)
        }
        try self.init(keyEntries: data, source: "decryption Secret '\(name)'")
    }

    /// Keys from entries named as a decryption Secret's are (`*.agekey`: age identities,
    /// `*.asc`: an armored OpenPGP key; others ignored), e.g. local key files for
    /// `ferry build kustomization`; `source` names where they came from in errors.
    public init(keyEntries: [String: [UInt8]], source: String) throws(KustomizationDecryptionError) {
        do {
            self.keys = try SOPSKeys(secretData: keyEntries, secretName: source)
        } catch {
            throw KustomizationDecryptionError("failed to import keys: \(error.description)")
        }
    }

    /// `objects` with every encrypted object or Secret entry decrypted; fails on the first
    /// that cannot be, naming it (and the entry) and the cause.
    public func decrypt(_ objects: [JSONValue]) async throws(KustomizationDecryptionError) -> [JSONValue] {
        var result = objects
        for index in result.indices {
            if let decrypted = try await decrypt(result[index]) { result[index] = decrypted }
        }
        return result
    }

    /// The decrypted object, or nil when there is nothing to decrypt in it.
    public func decrypt(_ object: JSONValue) async throws(KustomizationDecryptionError) -> JSONValue? {
        guard object.annotations[Self.disabledAnnotation]?.lowercased() != "disabled" else { return nil }
        let subject = object.objectID?.description ?? (object.kind ?? "object")
        if object["sops"] != nil {
            do {
                let plain = try await SOPS.decrypt(object.jsonBytes(), format: .json, file: subject, keys: keys, checkMAC: false)
                return try JSONValue(jsonBytes: plain)
            } catch let error as SOPSError {
                throw KustomizationDecryptionError("decryption failed for '\(subject)': \(error.description)")
            } catch {
                throw KustomizationDecryptionError("decryption failed for '\(subject)': the decrypted document is not JSON")
            }
        }
        guard object.kind == "Secret", object.apiVersion == "v1", let data = object["data"]?.objectValue else { return nil }
        var changed = data
        var any = false
        for (key, value) in data {
            guard let text = value.stringValue, let decoded = Data(base64Encoded: text),
                  let format = Self.format(of: Array(decoded), key: key) else { continue }
            do {
                let plain = try await SOPS.decrypt(Array(decoded), format: format, file: "\(subject) data '\(key)'", keys: keys, checkMAC: false)
                changed[key] = .string(Data(plain).base64EncodedString())
                any = true
            } catch {
                throw KustomizationDecryptionError("decryption failed for '\(subject)': \(error.description)")
            }
        }
        guard any else { return nil }
        var result = object
        result["data"] = .object(changed)
        return result
    }

    /// The SOPS format of a Secret entry holding an encrypted document, by the MAC marker each
    /// store writes (as Flux detects it); nil for a plain value. The JSON marker is shared by
    /// JSON and binary documents: the key's extension tells them apart.
    static func format(of bytes: [UInt8], key: String) -> SOPSFormat? {
        if contains(bytes, "\"mac\": \"ENC[") { return SOPSFormat(path: key) == .binary ? .binary : .json }
        if contains(bytes, "mac: ENC[") { return .yaml }
        if contains(bytes, "sops_mac=ENC[") { return .dotenv }
        if contains(bytes, "[sops]") { return .ini }
        return nil
    }
}

/// Why decryption failed; the message names the object (and Secret entry) and the cause and
/// never holds a decrypted value or key material.
public struct KustomizationDecryptionError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
