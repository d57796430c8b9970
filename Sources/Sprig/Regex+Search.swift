import GoTemplate
import Synchronization

/// Go's `regexp` search methods over a string, with byte-for-byte Go results: `FindString`,
/// `FindAllString`, `ReplaceAllString` (with `$1`/`${name}` expansion),
/// `ReplaceAllLiteralString`, `Split`, `MatchString`.
extension Regex {
    private static let cache = Mutex<[String: Regex]>([:])

    /// A compiled pattern, reused across calls (templates call the same few patterns in loops).
    public static func compile(_ pattern: String) throws(GoFunctionError) -> Regex {
        if let hit = cache.withLock({ $0[pattern] }) { return hit }
        let re = try Regex(pattern)
        cache.withLock { c in
            if c.count > 512 { c.removeAll() }
            c[pattern] = re
        }
        return re
    }

    /// Every match (at most `n`; all when `n < 0`), as Go's `allMatches`: an empty match right
    /// after the previous match is skipped, and the search always advances.
    func allMatches(_ input: [Unicode.Scalar], limit n: Int) -> [[Int]] {
        var out: [[Int]] = []
        let limit = n < 0 ? input.count + 1 : n
        var pos = 0, prevEnd = -1
        var vm = makeVM()
        while out.count < limit && pos <= input.count {
            guard let m = vm.run(input, from: pos) else { break }
            var accept = true
            if m[1] == pos {
                if m[0] == prevEnd { accept = false }
                pos += 1
            } else {
                pos = m[1]
            }
            prevEnd = m[1]
            if accept { out.append(m) }
        }
        return out
    }

    public func matches(_ s: String) -> Bool { match(Array(s.unicodeScalars), from: 0) != nil }

    public func findString(_ s: String) -> String {
        let input = Array(s.unicodeScalars)
        guard let m = match(input, from: 0) else { return "" }
        return Self.text(input, m[0], m[1])
    }

    public func findAllString(_ s: String, _ n: Int) -> [String] {
        let input = Array(s.unicodeScalars)
        return allMatches(input, limit: n).map { Self.text(input, $0[0], $0[1]) }
    }

    /// `ReplaceAllString` (`literal: false`) or `ReplaceAllLiteralString`.
    public func replaceAll(_ s: String, with repl: String, literal: Bool) -> String {
        let input = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var lastEnd = 0, searchPos = 0
        var vm = makeVM()
        while searchPos <= input.count {
            guard let m = vm.run(input, from: searchPos) else { break }
            out.append(contentsOf: input[lastEnd..<m[0]])
            if m[1] > lastEnd || m[0] == 0 {
                if literal { out.append(contentsOf: repl.unicodeScalars) } else { expand(repl, input, m, into: &out) }
            }
            lastEnd = m[1]
            searchPos = searchPos + 1 > m[1] ? searchPos + 1 : m[1]
        }
        out.append(contentsOf: input[lastEnd...])
        return String(out)
    }

    /// Go's `Regexp.Split`.
    public func split(_ s: String, _ n: Int) -> [String] {
        if n == 0 { return [] }
        if !pattern.isEmpty && s.isEmpty { return [""] }
        let input = Array(s.unicodeScalars)
        var parts: [String] = []
        var begin = 0, end = 0
        for m in allMatches(input, limit: n) {
            if n > 0 && parts.count == n - 1 { break }
            end = m[0]
            if m[1] != 0 { parts.append(Self.text(input, begin, end)) }
            begin = m[1]
        }
        if end != input.count { parts.append(Self.text(input, begin, input.count)) }
        return parts
    }

    static func text(_ input: [Unicode.Scalar], _ from: Int, _ to: Int) -> String {
        guard from >= 0, to >= from, to <= input.count else { return "" }
        var view = String.UnicodeScalarView()
        for i in from..<to { view.append(input[i]) }
        return String(view)
    }

    /// Go's `Regexp.expand`: `$$` is `$`; `$name`/`${name}` (letters, digits, `_`; a number is
    /// a group index) is that group's text or nothing; a malformed `$` stays as it is.
    func expand(_ template: String, _ input: [Unicode.Scalar], _ m: [Int], into out: inout String.UnicodeScalarView) {
        let t = Array(template.unicodeScalars)
        var i = 0
        func isNameScalar(_ c: Unicode.Scalar) -> Bool {
            c == "_" || c.properties.isAlphabetic || c.properties.numericType == .decimal
        }
        while i < t.count {
            guard t[i] == "$" else { out.append(t[i]); i += 1; continue }
            i += 1
            if i < t.count && t[i] == "$" { out.append("$"); i += 1; continue }
            var j = i
            let brace = j < t.count && t[j] == "{"
            if brace { j += 1 }
            let nameStart = j
            while j < t.count && isNameScalar(t[j]) { j += 1 }
            var ok = j > nameStart
            if brace { if ok && j < t.count && t[j] == "}" { j += 1 } else { ok = false } }
            guard ok else { out.append("$"); continue }
            let name = String(String.UnicodeScalarView(t[nameStart..<(brace ? j - 1 : j)]))
            i = j
            var group = -1
            if name.unicodeScalars.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }) {
                group = name.count < 9 ? Int(name) ?? -1 : -1
            } else if let k = groupNames.firstIndex(of: name) {
                group = k
            }
            if group >= 0, 2 * group + 1 < m.count, m[2 * group] >= 0 {
                out.append(contentsOf: input[m[2 * group]..<m[2 * group + 1]])
            }
        }
    }

    /// Go's `regexp.QuoteMeta`.
    public static func quoteMeta(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if "\\.+*?()|[]{}^$".unicodeScalars.contains(c) { out.append("\\") }
            out.append(c)
        }
        return String(out)
    }
}
