import FerryAPI
import Foundation

/// An extracted source artifact as the planner sees it: every file and directory by its path
/// components. Symbolic links to files count as files (the extraction kept them inside the
/// tree); links to directories are not followed.
struct SourceTree: Equatable {
    struct Entry: Equatable {
        var path: [String]
        var isDirectory: Bool
    }

    var entries: [Entry]

    init(entries: [Entry]) { self.entries = entries }

    /// Walks `root` (bounded by ``Archiver/maxDepth`` and ``Archiver/maxEntries``).
    init(root: String) throws(ArtifactGeneratorBuild.Failure) {
        var entries: [Entry] = []
        func walk(_ directory: [String]) throws(ArtifactGeneratorBuild.Failure) {
            guard directory.count < Archiver.maxDepth else {
                throw .init(description: "source nests deeper than \(Archiver.maxDepth) directories")
            }
            let path = ([root] + directory).joined(separator: "/")
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
            for name in names {
                guard entries.count < Archiver.maxEntries else {
                    throw .init(description: "source holds more than \(Archiver.maxEntries) entries")
                }
                var info = stat()
                let child = directory + [name]
                guard lstat(path + "/" + name, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    entries.append(Entry(path: child, isDirectory: true))
                    try walk(child)
                case S_IFREG:
                    entries.append(Entry(path: child, isDirectory: false))
                case S_IFLNK:
                    if stat(path + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
                        entries.append(Entry(path: child, isDirectory: false))
                    }
                default: continue
                }
            }
        }
        try walk([])
        self.entries = entries
    }

    func entry(_ path: [String]) -> Entry? {
        path.isEmpty ? Entry(path: [], isDirectory: true) : entries.first { $0.path == path }
    }

    /// The files strictly below directory `path`.
    func files(below path: [String]) -> [[String]] {
        entries.filter { !$0.isDirectory && $0.path.count > path.count && Array($0.path.prefix(path.count)) == path }.map(\.path)
    }
}

/// The copy operations as steps: planned from the operation and the source's listing alone
/// (plus whether a destination is a directory staged by an earlier operation), then applied.
enum CopyPlan {
    enum Step: Equatable {
        /// Source file → staged file.
        case copy(from: [String], to: [String])
        /// Source tarball → unpacked into the staged directory.
        case extract(from: [String], into: [String])
    }

    static func isTarball(_ path: [String]) -> Bool {
        guard let name = path.last else { return false }
        return name.hasSuffix(".tar.gz") || name.hasSuffix(".tgz")
    }

    static func steps(for op: CopyOperationSpec, source tree: SourceTree,
                      isStagedDirectory: ([String]) -> Bool) throws(ArtifactGeneratorBuild.Failure) -> [Step] {
        let extract = op.strategy == ArtifactGenerator.strategyExtract
        let parts = op.pattern.split(separator: "/").map(String.init).filter { $0 != "." }
        let selection = Array(parts.prefix { !ArtifactGlob.hasMeta($0) })
        guard ArtifactGlob.hasMeta(op.pattern) else {
            guard let entry = tree.entry(parts) else { throw .init(description: "source '\(op.pattern)' does not exist") }
            if entry.isDirectory {
                if extract { throw .init(description: "the Extract strategy needs a tarball, '\(op.pattern)' is a directory") }
                let base = op.destination + (parts.last.map { [$0] } ?? [])
                return files(below: parts, in: tree, op: op, selection: parts).map { .copy(from: $0, to: base + $0.dropFirst(parts.count)) }
            }
            if excluded(parts, op: op, selection: []) { return [] }
            if extract {
                guard isTarball(parts) else { throw .init(description: "the Extract strategy needs a .tar.gz or .tgz file, got '\(op.pattern)'") }
                return [.extract(from: parts, into: op.destination)]
            }
            let into = op.destination.isEmpty || op.destinationIsDirectory || isStagedDirectory(op.destination)
            return [.copy(from: parts, to: into ? op.destination + [parts[parts.count - 1]] : op.destination)]
        }
        let glob: ArtifactGlob
        do throws(ArtifactGlob.Invalid) { glob = try ArtifactGlob(op.pattern) } catch {
            throw .init(description: "invalid pattern: \(error.description)")
        }
        // A match starts with the pattern's literal prefix: only those entries are matched.
        var matches = tree.entries.filter { $0.path.starts(with: selection) && glob.matches(components: $0.path) }
        let matchedDirectories = Set(matches.filter(\.isDirectory).map(\.path))
        // A match inside a matched directory is copied with that directory.
        matches.removeAll { entry in (1..<max(entry.path.count, 1)).contains { matchedDirectories.contains(Array(entry.path.prefix($0))) } }
        guard !matches.isEmpty else { throw .init(description: "no files match pattern '\(op.pattern)' in source '\(op.alias)'") }
        matches.removeAll { excluded($0.path, op: op, selection: selection) }
        guard !matches.isEmpty else {
            throw .init(description: "all files matching pattern '\(op.pattern)' in source '\(op.alias)' were excluded")
        }
        // `dir/**` copies what is below `dir`; any other glob keeps the matched path.
        let stripped: [String]? = parts.last == "**" && !ArtifactGlob.hasMeta(parts.dropLast().joined(separator: "/"))
            ? Array(parts.dropLast()) : nil
        var steps: [Step] = []
        for match in matches {
            if extract {
                if !match.isDirectory && isTarball(match.path) { steps.append(.extract(from: match.path, into: op.destination)) }
                continue
            }
            var relative = match.path
            if let stripped, Array(relative.prefix(stripped.count)) == stripped { relative.removeFirst(stripped.count) }
            let target = op.destination + relative
            if match.isDirectory {
                steps += files(below: match.path, in: tree, op: op, selection: selection)
                    .map { .copy(from: $0, to: target + $0.dropFirst(match.path.count)) }
            } else {
                steps.append(.copy(from: match.path, to: target))
            }
        }
        return steps
    }

    /// The files below `directory` that neither they nor a directory on their way is excluded.
    private static func files(below directory: [String], in tree: SourceTree, op: CopyOperationSpec, selection: [String]) -> [[String]] {
        tree.files(below: directory).filter { file in
            !(directory.count + 1...file.count).contains { excluded(Array(file.prefix($0)), op: op, selection: selection) }
        }
    }

    /// source-watcher's rule: a pattern matches the path in the source or the path below the
    /// selection's literal prefix; one without `/` also the last component.
    static func excluded(_ path: [String], op: CopyOperationSpec, selection: [String]) -> Bool {
        let below: [String]? = !selection.isEmpty && path.count > selection.count && Array(path.prefix(selection.count)) == selection
            ? Array(path.dropFirst(selection.count)) : nil
        return op.excludes.contains { glob in
            glob.matches(components: path) || (below.map { glob.matches(components: $0) } ?? false)
                || (glob.segments.count == 1 && path.last.map { glob.matches(components: [$0]) } == true)
        }
    }
}
