import Foundation

/// A regular expression written for Go's `regexp` (RE2), as Flux compiles `exclusionList` and
/// `filterTags.pattern`, run with Foundation's ICU engine.
///
/// Named groups are Go's `(?P<name>…)` or `(?<name>…)`. ICU allows neither `?P` nor underscores
/// in names, so names are taken out of the pattern and kept here, by group number: the groups
/// are counted the way Go counts them (every unescaped `(` outside a character class that is
/// not a `(?…)` group, plus the named ones).
public struct GoRegex: @unchecked Sendable {
    /// The pattern as written.
    public let pattern: String
    let expression: NSRegularExpression
    /// Group number of each name (the first group of a name wins, as in Go's `Expand`).
    let groupNumbers: [String: Int]

    public struct Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(_ pattern: String) throws(Invalid) {
        self.pattern = pattern
        let (translated, names) = Self.translate(pattern)
        do { expression = try NSRegularExpression(pattern: translated) } catch {
            throw Invalid(description: "error parsing regexp: invalid pattern `\(pattern)`")
        }
        groupNumbers = names
    }

    /// Whether `text` contains a match (Go's `MatchString`: unanchored).
    public func matches(_ text: String) -> Bool { firstMatch(text) != nil }

    func firstMatch(_ text: String) -> NSTextCheckingResult? {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
    }

    /// `template` expanded with the first match in `text` (Go's `Regexp.ExpandString`): `$1`,
    /// `${1}`, `$name`, `${name}` become that group's text (empty when the group does not exist
    /// or did not take part), `$$` a `$`; a `$` followed by anything else stays as it is. A name
    /// is the longest run of letters, digits and `_`, so `$1x` is the group named `1x`. Nil when
    /// `text` does not match.
    public func expand(_ template: String, matching text: String) -> String? {
        guard let match = firstMatch(text) else { return nil }
        let source = text as NSString
        func group(_ name: String) -> String {
            let number = Int(name) ?? groupNumbers[name]
            guard let number, number < match.numberOfRanges else { return "" }
            let range = match.range(at: number)
            return range.location == NSNotFound ? "" : source.substring(with: range)
        }
        var result = ""
        var rest = Substring(template)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            rest = rest[rest.index(after: dollar)...]
            if rest.first == "$" {
                result += "$"
                rest = rest.dropFirst()
                continue
            }
            let isNameCharacter = { (c: Character) in c.isASCII && (c.isLetter || c.isNumber || c == "_") }
            if rest.first == "{" {
                let inner = rest.dropFirst()
                if let close = inner.firstIndex(of: "}"), !inner[..<close].isEmpty, inner[..<close].allSatisfy(isNameCharacter) {
                    result += group(String(inner[..<close]))
                    rest = inner[inner.index(after: close)...]
                    continue
                }
            } else {
                let name = rest.prefix(while: isNameCharacter)
                if !name.isEmpty {
                    result += group(String(name))
                    rest = rest.dropFirst(name.count)
                    continue
                }
            }
            result += "$"
        }
        return result + rest
    }

    /// `pattern` with `(?P<name>` and `(?<name>` turned into plain groups, and the number of each name.
    static func translate(_ pattern: String) -> (String, [String: Int]) {
        var output = ""
        var names: [String: Int] = [:]
        var groups = 0
        var inClass = false
        var characters = Substring(pattern)
        while let c = characters.first {
            characters = characters.dropFirst()
            if c == "\\" {
                output.append(c)
                if let next = characters.first {
                    output.append(next)
                    characters = characters.dropFirst()
                }
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
                output.append(c)
                continue
            }
            if c == "[" {
                inClass = true
                output.append(c)
                // A ']' first in the class is a literal.
                if characters.first == "^" { output.append("^"); characters = characters.dropFirst() }
                if characters.first == "]" { output.append("]"); characters = characters.dropFirst() }
                continue
            }
            if c == "(" {
                output.append(c)
                if let (name, rest) = namedGroup(characters) {
                    groups += 1
                    if names[name] == nil { names[name] = groups }
                    characters = rest
                } else if !characters.hasPrefix("?") {
                    groups += 1
                }
                continue
            }
            output.append(c)
        }
        return (output, names)
    }

    /// After a `(`: the name of `?P<name>` or `?<name>` and what follows its `>`; nil for other
    /// groups (`(?<=` and `(?<!` are lookbehinds).
    private static func namedGroup(_ text: Substring) -> (String, Substring)? {
        for prefix in ["?P<", "?<"] where text.hasPrefix(prefix) {
            let afterPrefix = text.dropFirst(prefix.count)
            guard afterPrefix.first != "=", afterPrefix.first != "!", let close = afterPrefix.firstIndex(of: ">") else { return nil }
            return (String(afterPrefix[..<close]), afterPrefix[afterPrefix.index(after: close)...])
        }
        return nil
    }
}
