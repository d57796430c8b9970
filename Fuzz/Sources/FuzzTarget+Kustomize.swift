import Foundation
import Kustomize

extension FuzzTarget {
    /// The input is a kustomization and the files it reads, as text: everything up to the
    /// first `#### <path>` line is `kustomization.yaml`, each such line starts the file at
    /// `<path>` (e.g. `#### base/kustomization.yaml`). It is built as the kustomize controller
    /// builds (`loadRestrictor: .none`, confined to its directory) and rendered.
    static func kustomize(_ data: [UInt8]) {
        let root = kustomizeScratch + "/k"
        let fm = FileManager.default
        try? fm.removeItem(atPath: root)
        for (path, contents) in kustomizeFiles(String(decoding: data, as: UTF8.self)) {
            let file = root + "/" + path
            let directory = String(file[..<file.lastIndex(of: "/")!])
            guard (try? fm.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else { continue }
            _ = fm.createFile(atPath: file, contents: Data(contents.utf8))
        }
        let options = Kustomize.Options(loadRestrictor: .none, fileSystemRoot: root)
        if let resources = try? Kustomize.build(directory: root, options: options) {
            _ = Kustomize.render(resources)
        }
    }

    /// At most 16 files; path components keep only `[A-Za-z0-9._-]`, at most 4 of them, and
    /// never `.` or `..`: the fuzzer writes inside its scratch directory only.
    static func kustomizeFiles(_ text: String) -> [(path: String, contents: String)] {
        var files: [(path: String, contents: String)] = [("kustomization.yaml", "")]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#### ") {
                let components = line.dropFirst(5).split(separator: "/").map { component in
                    String(component.unicodeScalars.filter(isPathCharacter))
                }.filter { !$0.isEmpty && $0 != "." && $0 != ".." }
                guard !components.isEmpty, components.count <= 4, files.count < 16 else { continue }
                files.append((components.joined(separator: "/"), ""))
            } else {
                files[files.count - 1].contents += line + "\n"
            }
        }
        return files
    }

    static func isPathCharacter(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || "._-".unicodeScalars.contains(c)
    }

    /// A directory of this process under `$TMPDIR` (scripts/fuzz points it into .build-fuzz).
    static let kustomizeScratch: String = {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array("\(base)/ferry-fuzz-kustomize.XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            fatalError("cannot create a scratch directory under \(base)")
        }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }()
}
