import GoTemplate

/// The user's values of `helm template`: `-f` files, then `--set-json`, `--set`,
/// `--set-string`, `--set-file` and `--set-literal`, applied in that order (Helm's
/// `values.Options.MergeValues`), each later source winning.
public struct ValuesOptions: Sendable, Equatable {
    public var valueFiles: [String]
    public var set: [String]
    public var setString: [String]
    public var setJSON: [String]
    public var setFile: [String]
    public var setLiteral: [String]

    public init(valueFiles: [String] = [], set: [String] = [], setString: [String] = [],
                setJSON: [String] = [], setFile: [String] = [], setLiteral: [String] = []) {
        self.valueFiles = valueFiles
        self.set = set
        self.setString = setString
        self.setJSON = setJSON
        self.setFile = setFile
        self.setLiteral = setLiteral
    }

    /// The merged user values. Relative paths (of `-f` files and `--set-file` values) are read
    /// from `baseDirectory` (the working directory of a `helm` command); error texts name the
    /// paths as given.
    public func merge(baseDirectory: String) throws(HelmError) -> GoMap {
        var base = GoMap()
        for path in valueFiles {
            let bytes = try ValuesOptions.read(path, baseDirectory: baseDirectory)
            let current = try ChartLoader.parseValues(bytes, context: "failed to parse \(path)")
            base = ValuesOptions.mergeMaps(base, current)
        }
        for value in setJSON {
            do throws(HelmError) {
                try Strvals.parse(value, into: base, mode: .json)
            } catch {
                throw HelmError("failed parsing --set-json data \(value)")
            }
        }
        for value in set {
            do throws(HelmError) {
                try Strvals.parse(value, into: base, mode: .typed)
            } catch {
                throw error.wrapped("failed parsing --set data")
            }
        }
        for value in setString {
            do throws(HelmError) {
                try Strvals.parse(value, into: base, mode: .string)
            } catch {
                throw error.wrapped("failed parsing --set-string data")
            }
        }
        for value in setFile {
            do throws(HelmError) {
                try Strvals.parseFile(value, into: base) { (path) throws(HelmError) in
                    .string(String(decoding: try ValuesOptions.read(path, baseDirectory: baseDirectory), as: UTF8.self))
                }
            } catch {
                throw error.wrapped("failed parsing --set-file data")
            }
        }
        for value in setLiteral {
            do throws(HelmError) {
                try Strvals.parseLiteral(value, into: base)
            } catch {
                throw error.wrapped("failed parsing --set-literal data")
            }
        }
        return base
    }

    /// Helm's `mergeMaps`: maps merge key by key, recursively; anything else in `b` replaces.
    /// Returns a new top-level map (nested maps of `a` are merged in place, as in Helm).
    static func mergeMaps(_ a: GoMap, _ b: GoMap) -> GoMap {
        let out = GoMap(a.entries)
        for (key, value) in b.entries {
            if case .map(let bm) = value, case .map(let am)? = out[key] {
                out[key] = .map(mergeMaps(am, bm))
            } else {
                out[key] = value
            }
        }
        return out
    }

    static func read(_ path: String, baseDirectory: String) throws(HelmError) -> [UInt8] {
        if path.helmTrimSpace() == "-" { throw HelmError("reading values from standard input is not supported") }
        let full = path.hasPrefix("/") ? path : baseDirectory + "/" + path
        guard ChartFileSystem.kind(of: full) != nil else {
            throw HelmError("open \(path): no such file or directory")
        }
        guard ChartFileSystem.kind(of: full) == .file else { throw HelmError("read \(path): is a directory") }
        if ChartFileSystem.size(of: full) > ChartLoader.maximumChartSize {
            throw HelmError("values file \(path) is larger than \(ChartLoader.maximumChartSize) bytes")
        }
        return try ChartFileSystem.read(full)
    }
}
