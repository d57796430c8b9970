/// Go's `filepath.Match` (on `/`-separated paths), for `--show-only`: `*` is any run of
/// characters but `/`, `?` one character but `/`, `[…]` classes with `^` negation and ranges,
/// `\` escapes. A malformed pattern matches nothing (Helm ignores `filepath.Match`'s error).
enum PathMatch {
    static func matches(pattern: String, name: String) -> Bool {
        match(Array(pattern)[...], Array(name)[...]) ?? false
    }

    /// nil for a malformed pattern.
    private static func match(_ p: ArraySlice<Character>, _ n: ArraySlice<Character>) -> Bool? {
        guard let c = p.first else { return n.isEmpty }
        switch c {
        case "*":
            var rest = p.dropFirst()
            while rest.first == "*" { rest = rest.dropFirst() }
            var i = n.startIndex
            while true {
                guard let m = match(rest, n[i...]) else { return nil }
                if m { return true }
                guard i < n.endIndex, n[i] != "/" else { return false }
                i = n.index(after: i)
            }
        case "?":
            guard let x = n.first, x != "/" else { return false }
            return match(p.dropFirst(), n.dropFirst())
        case "[":
            var q = p.dropFirst()
            var negated = false
            if q.first == "^" { negated = true; q = q.dropFirst() }
            var found = false
            var first = true
            guard let x = n.first else { return false }
            while true {
                guard let d = q.popFirst() else { return nil }
                if d == "]" && !first { break }
                first = false
                var lo = d
                if lo == "\\" { guard let e = q.popFirst() else { return nil }; lo = e }
                var hi = lo
                if q.first == "-", q.count >= 2 {
                    q = q.dropFirst()
                    guard var h = q.popFirst() else { return nil }
                    if h == "\\" { guard let e = q.popFirst() else { return nil }; h = e }
                    hi = h
                }
                if lo <= x && x <= hi { found = true }
            }
            guard found != negated, x != "/" else { return false }
            return match(q, n.dropFirst())
        case "\\":
            let q = p.dropFirst()
            guard let e = q.first else { return nil }
            guard n.first == e else { return false }
            return match(q.dropFirst(), n.dropFirst())
        default:
            guard n.first == c else { return false }
            return match(p.dropFirst(), n.dropFirst())
        }
    }
}
