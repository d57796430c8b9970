import Archive
import FerryAPI
import Foundation
import Manifests

extension CopyPlan {
    /// The largest tarball `Extract` unpacks (decompressed), the bound artifacts are untarred with.
    static let maxExtractedSize = Int(Archiver.defaultMaxFileSize)

    /// Carries `steps` out under `staging`. Destinations are the planner's components (never
    /// `..`); the staging directory holds only what earlier steps wrote (files and directories),
    /// so no write can pass through a link.
    static func apply(_ steps: [Step], sourceRoot: String, staging: String, merge: Bool) throws(ArtifactGeneratorBuild.Failure) {
        for step in steps {
            switch step {
            case .copy(let from, let to):
                let source = sourceRoot + "/" + from.joined(separator: "/")
                guard let contents = FileManager.default.contents(atPath: source) else {
                    throw .init(description: "cannot read '\(from.joined(separator: "/"))'")
                }
                let executable = FileManager.default.isExecutableFile(atPath: source)
                if merge, let existing = try stagedFile(to, staging: staging) {
                    try write(try mergedYAML(existing, Array(contents), path: to), to: to, staging: staging, executable: false)
                } else {
                    try write(Array(contents), to: to, staging: staging, executable: executable)
                }
            case .extract(let from, let into):
                guard let bytes = FileManager.default.contents(atPath: sourceRoot + "/" + from.joined(separator: "/")) else {
                    throw .init(description: "cannot read '\(from.joined(separator: "/"))'")
                }
                try extract(Array(bytes), name: from.joined(separator: "/"), into: into, staging: staging)
            }
        }
    }

    /// The bytes of staged file `path`, nil when there is none.
    private static func stagedFile(_ path: [String], staging: String) throws(ArtifactGeneratorBuild.Failure) -> [UInt8]? {
        let full = staging + "/" + path.joined(separator: "/")
        if ArtifactGeneratorBuild.isDirectory(full) {
            throw .init(description: "cannot merge into '\(path.joined(separator: "/"))': it is a directory")
        }
        return FileManager.default.contents(atPath: full).map { Array($0) }
    }

    static func write(_ contents: [UInt8], to path: [String], staging: String, executable: Bool) throws(ArtifactGeneratorBuild.Failure) {
        let display = path.joined(separator: "/")
        guard !path.isEmpty else { throw .init(description: "destination is the artifact's root, not a file") }
        let full = staging + "/" + display
        if ArtifactGeneratorBuild.isDirectory(full) { throw .init(description: "cannot overwrite directory '\(display)' with a file") }
        do {
            if path.count > 1 {
                try FileManager.default.createDirectory(atPath: staging + "/" + path.dropLast().joined(separator: "/"),
                                                        withIntermediateDirectories: true)
            }
        } catch {
            throw .init(description: "cannot create the directory of '\(display)' (a file is in the way)")
        }
        guard FileManager.default.createFile(atPath: full, contents: Data(contents),
                                             attributes: [.posixPermissions: executable ? 0o755 : 0o644]) else {
            throw .init(description: "cannot write '\(display)'")
        }
    }

    /// Helm's values merge (source-watcher's `Merge`): every YAML document of each side folded
    /// into one mapping, then `overlay` into `base` — mappings merged key by key, anything else
    /// (lists included) replaced by the overlay's value.
    static func mergedYAML(_ base: [UInt8], _ overlay: [UInt8], path: [String]) throws(ArtifactGeneratorBuild.Failure) -> [UInt8] {
        let display = path.joined(separator: "/")
        func mapping(_ bytes: [UInt8], side: String) throws(ArtifactGeneratorBuild.Failure) -> JSONObject {
            let documents: [JSONValue]
            do { documents = try YAML.documents(String(decoding: bytes, as: UTF8.self), source: display) } catch {
                throw .init(description: "cannot merge '\(display)': the \(side) is not valid YAML: \(error)")
            }
            var out = JSONObject()
            for document in documents where !document.isNull {
                guard case .object(let object) = document else {
                    throw .init(description: "cannot merge '\(display)': the \(side) is not a YAML mapping")
                }
                out = merged(out, object)
            }
            return out
        }
        let result = merged(try mapping(base, side: "staged file"), try mapping(overlay, side: "copied file"))
        return Array(YAML.string(.object(result)).utf8)
    }

    static func merged(_ base: JSONObject, _ overlay: JSONObject) -> JSONObject {
        var out = base
        for (key, value) in overlay {
            if case .object(let inner) = value, case .object(let existing)? = out[key] {
                out[key] = .object(merged(existing, inner))
            } else {
                out[key] = value
            }
        }
        return out
    }

    /// Unpacks a `.tar.gz` into staged directory `into`: directories and regular files only;
    /// a path leaving the directory, a link or a special file is refused naming the entry.
    static func extract(_ bytes: [UInt8], name: String, into: [String], staging: String) throws(ArtifactGeneratorBuild.Failure) {
        let entries: [TarEntry]
        do {
            entries = try TarReader.entries(try Gunzip.decompress(bytes, maxSize: maxExtractedSize))
        } catch {
            throw .init(description: "cannot extract '\(name)': \(error)")
        }
        for entry in entries {
            guard !entry.path.contains("\\"), let components = RelativePath.components(entry.path) else {
                throw .init(description: "cannot extract '\(name)': entry '\(entry.path)' leaves the destination")
            }
            switch entry.kind {
            case .directory:
                guard !components.isEmpty else { continue }
                let full = staging + "/" + (into + components).joined(separator: "/")
                do { try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true) } catch {
                    throw .init(description: "cannot extract '\(name)': cannot create directory '\(entry.path)'")
                }
            case .file:
                guard !components.isEmpty else { throw .init(description: "cannot extract '\(name)': entry '\(entry.path)' is not a file name") }
                try write(entry.contents, to: into + components, staging: staging, executable: entry.mode & 0o111 != 0)
            case .symlink, .other:
                throw .init(description: "cannot extract '\(name)': entry '\(entry.path)' is not a regular file or directory")
            }
        }
    }
}
