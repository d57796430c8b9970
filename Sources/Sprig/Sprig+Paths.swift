import GoTemplate

extension Sprig {
    /// `base`, `dir`, `clean`, `ext`, `isAbs` (Go's `path`) and their `os*` forms (Go's
    /// `path/filepath`, which on Linux, where Helm runs here, has the same rules).
    static var pathFunctions: [String: GoFunction] {
        var entries: [(String, GoFunction)] = []
        for prefix in ["", "os"] {
            func name(_ n: String) -> String { prefix.isEmpty ? n : prefix + n.prefix(1).uppercased() + String(n.dropFirst()) }
            entries += [
                def(name("base"), [.string], "func(string) string") { .string(pathBase($0.string(0))) },
                def(name("dir"), [.string], "func(string) string") { .string(pathDir($0.string(0))) },
                def(name("clean"), [.string], "func(string) string") { .string(pathClean($0.string(0))) },
                def(name("ext"), [.string], "func(string) string") { .string(pathExt($0.string(0))) },
                def(name("isAbs"), [.string], "func(string) bool") { .bool($0.string(0).utf8.first == UInt8(ascii: "/")) },
            ]
        }
        return table(entries)
    }

    /// `path.Clean`: one slash between elements, no `.`, `..` resolved lexically, `.` for empty.
    public static func pathClean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let rooted = path.utf8.first == UInt8(ascii: "/")
        var out: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = out.last, last != ".." { out.removeLast() } else if !rooted { out.append(part) }
                continue
            }
            out.append(part)
        }
        // Joined by hand: the generic `joined(separator:)` costs a fresh process a conformance
        // scan of every loaded library on its first call.
        var joined = ""
        for n in out.indices {
            if n > 0 { joined.append("/") }
            joined.append(contentsOf: out[n])
        }
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// `path.Base`: the last element, trailing slashes dropped; `.` for empty, `/` for all slashes.
    static func pathBase(_ path: String) -> String {
        if path.isEmpty { return "." }
        var p = Substring(path)
        while p.count > 0, p.hasSuffix("/") { p = p.dropLast() }
        if let i = p.lastIndex(of: "/") { p = p[p.index(after: i)...] }
        return p.isEmpty ? "/" : String(p)
    }

    /// `path.Dir`: everything before the last slash, cleaned.
    static func pathDir(_ path: String) -> String {
        guard let i = path.lastIndex(of: "/") else { return pathClean("") }
        return pathClean(String(path[...i]))
    }

    /// `path.Ext`: from the last dot of the last element, or empty.
    static func pathExt(_ path: String) -> String {
        for i in path.indices.reversed() {
            if path[i] == "/" { break }
            if path[i] == "." { return String(path[i...]) }
        }
        return ""
    }
}
