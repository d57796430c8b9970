import Foundation
import Kustomize
import Manifests
import SOPS

extension KustomizationDecryptor {
    /// Flux's limit on an encrypted file read before the build (5 MiB).
    public static let maxSourceFileSize = 5 << 20

    /// Flux's `DecryptSources`: the files a kustomization reads before the build that may be
    /// SOPS documents — `secretGenerator` `files` (format by the entry's key name) and `envs`
    /// (format by the file's extension, dotenv when it has none of SOPS's), and `patches[].path`
    /// — in the kustomization at `path` and, recursively, the local directories its `resources`
    /// and `components` name (plus `components`, Flux's `spec.components`).
    ///
    /// Returns the decrypted contents by absolute, symlink-resolved path, for
    /// ``FluxBuildOptions/fileContents``: the build reads them from memory, and the encrypted files
    /// on disk are left as they are (Flux writes the plaintext back over them; Ferry never writes
    /// plaintext to disk). A file that does not hold its format's SOPS marker is left alone; a
    /// reference outside `root` or to something that is not a regular file is skipped (the build
    /// refuses it, naming it). Throws naming the file (relative to `root`) and the cause.
    public func decryptSources(root: String, path: String, components: [String] = []) async throws(KustomizationDecryptionError) -> [String: Data] {
        let root = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
        guard let top = try? FluxBuild.directory(root: root, path: path) else { return [:] }
        var decrypted: [String: Data] = [:]
        var visited = Set<String>()
        var pending: [(dir: String, extra: [String])] = [(top, components)]
        while let next = pending.popLast() {
            let (dir, extra) = next
            guard visited.insert(dir).inserted else { continue }
            let fields = Self.kustomizationFields(in: dir, root: root)
            for (file, format) in Self.sourceFiles(fields) {
                guard let absolute = Self.inside(root, dir, file), decrypted[absolute] == nil,
                      let bytes = try Self.readRegular(absolute, root: root) else { continue }
                guard Self.holdsMarker(bytes, format) else { continue }
                let shown = String(absolute.dropFirst(root.count + 1))
                do {
                    decrypted[absolute] = Data(try await SOPS.decrypt(bytes, format: format, file: shown, keys: keys, checkMAC: false))
                } catch {
                    throw KustomizationDecryptionError("error decrypting sources: \(error.description)")
                }
            }
            let dirs = (fields["resources"]?.arrayValue ?? []) + (fields["components"]?.arrayValue ?? []) + extra.map(JSONValue.string)
            for entry in dirs.compactMap(\.stringValue) where !entry.contains("://") {
                if let next = Self.inside(root, dir, entry), Self.isDirectory(next) { pending.append((next, [])) }
            }
        }
        return decrypted
    }

    /// The kustomization's fields; a directory without one gets the one Flux generates.
    /// Unreadable ones give no fields: the build that follows reports them.
    static func kustomizationFields(in dir: String, root: String) -> JSONObject {
        if let file = Kustomize.kustomizationFileNames.map({ dir + "/" + $0 }).first(where: { FileManager.default.fileExists(atPath: $0) && !isDirectory($0) }) {
            return (try? Kustomize.kustomizationFields(file: file)) ?? [:]
        }
        return (try? FluxBuild.generatedKustomization(for: dir, root: root)) ?? [:]
    }

    /// The generator and patch files of a kustomization, with the SOPS format each is read in.
    static func sourceFiles(_ fields: JSONObject) -> [(String, SOPSFormat)] {
        var files: [(String, SOPSFormat)] = []
        for generator in fields["secretGenerator"]?.arrayValue ?? [] {
            for source in (generator["files"]?.arrayValue ?? []).compactMap(\.stringValue) {
                let parts = source.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                files.append((parts.count > 1 ? parts[1] : parts[0], SOPSFormat(path: parts[0])))
            }
            var envs = (generator["envs"]?.arrayValue ?? []).compactMap(\.stringValue)
            if let env = generator["env"]?.stringValue, !env.isEmpty { envs.append(env) }
            for env in envs {
                let format = SOPSFormat(path: env)
                files.append((env, format == .binary ? .dotenv : format))
            }
        }
        for patch in fields["patches"]?.arrayValue ?? [] {
            guard let path = patch["path"]?.stringValue, !path.isEmpty, !path.contains("://") else { continue }
            files.append((path, SOPSFormat(path: path)))
        }
        return files
    }

    /// `reference` (relative to `dir`, or absolute) resolved through symlinks, when inside `root`.
    static func inside(_ root: String, _ dir: String, _ reference: String) -> String? {
        let joined = reference.hasPrefix("/") ? reference : dir + "/" + reference
        let resolved = URL(fileURLWithPath: joined).standardizedFileURL.resolvingSymlinksInPath().path
        return resolved.hasPrefix(root + "/") ? resolved : nil
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The bytes of a regular file; nil when there is none; throws over Flux's size limit.
    static func readRegular(_ path: String, root: String) throws(KustomizationDecryptionError) -> [UInt8]? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular else { return nil }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maxSourceFileSize else {
            throw KustomizationDecryptionError("error decrypting sources: \(path.dropFirst(root.count + 1)): cannot decrypt file with size (\(size) bytes) exceeding limit (\(maxSourceFileSize))")
        }
        return FileManager.default.contents(atPath: path).map { Array($0) }
    }

    /// Whether `bytes` holds the MAC marker the SOPS store of `format` writes (Flux decrypts a
    /// file only then; anything else is plain).
    static func holdsMarker(_ bytes: [UInt8], _ format: SOPSFormat) -> Bool {
        let marker: String
        switch format {
        case .yaml: marker = "mac: ENC["
        case .json, .binary: marker = "\"mac\": \"ENC["
        case .dotenv: marker = "sops_mac=ENC["
        case .ini: marker = "[sops]"
        }
        return contains(bytes, marker)
    }

    static func contains(_ bytes: [UInt8], _ marker: String) -> Bool {
        let m = Array(marker.utf8)
        guard bytes.count >= m.count, let first = m.first else { return false }
        var i = 0
        while i <= bytes.count - m.count {
            if bytes[i] == first, bytes[i..<(i + m.count)].elementsEqual(m) { return true }
            i += 1
        }
        return false
    }
}
