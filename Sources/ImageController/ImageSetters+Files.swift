import Foundation

extension ImageSetters {
    public struct FilesError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Applies the setters to every `*.yaml`/`*.yml` file under `root` (Flux's screening reader:
    /// hidden directories such as `.git` skipped, symlinks not followed), writing back only the
    /// files that changed, in place (their mode kept). Paths in the result are relative to `root`.
    ///
    /// Throws, naming the file, when a marked file is not YAML or cannot be written; nothing is
    /// committed then (the caller stops before committing).
    public static func apply(root: String, setters: ImageSetterTable) throws(FilesError) -> ImageUpdateResult {
        var result = ImageUpdateResult()
        for relative in yamlFiles(under: root) {
            let path = root + "/" + relative
            guard let data = FileManager.default.contents(atPath: path) else {
                throw FilesError(description: "cannot read '\(relative)'")
            }
            let rewrite: FileRewrite?
            do {
                rewrite = try ImageSetters.rewrite([UInt8](data), setters: setters, source: relative)
            } catch {
                throw FilesError(description: "cannot read '\(relative)' as YAML: \(error)")
            }
            guard let rewrite else { continue }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw FilesError(description: "cannot write '\(relative)'")
            }
            do {
                try handle.truncate(atOffset: 0)
                try handle.write(contentsOf: Data(rewrite.bytes))
                try handle.close()
            } catch {
                try? handle.close()
                throw FilesError(description: "cannot write '\(relative)': \(error.localizedDescription)")
            }
            for (object, change) in rewrite.changes {
                result.add(file: relative, object: object, change)
            }
        }
        return result
    }

    /// The YAML files under `root`, relative and sorted; regular files only.
    static func yamlFiles(under root: String) -> [String] {
        var found: [String] = []
        var pending = [""]
        let manager = FileManager.default
        while let directory = pending.popLast() {
            let absolute = directory.isEmpty ? root : root + "/" + directory
            guard let names = try? manager.contentsOfDirectory(atPath: absolute) else { continue }
            for name in names {
                let relative = directory.isEmpty ? name : directory + "/" + name
                guard let attributes = try? manager.attributesOfItem(atPath: root + "/" + relative),
                      let type = attributes[.type] as? FileAttributeType else { continue }
                if type == .typeDirectory {
                    if !name.hasPrefix(".") { pending.append(relative) }
                } else if type == .typeRegular, name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                    found.append(relative)
                }
            }
        }
        return found.sorted()
    }
}
