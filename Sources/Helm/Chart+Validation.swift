import GoTemplate
import Sprig

/// Helm's `Metadata.Validate`, run by the loader on every chart and subchart: strings are
/// sanitised (whitespace becomes a space, unprintable characters go) and the first rule broken
/// fails the load with Helm's text (`validation: chart.metadata.name is required`).
extension ChartMetadata {
    mutating func validate() throws(HelmError) {
        name = Self.sanitize(name)
        description = Self.sanitize(description)
        home = Self.sanitize(home)
        icon = Self.sanitize(icon)
        condition = Self.sanitize(condition)
        tags = Self.sanitize(tags)
        appVersion = Self.sanitize(appVersion)
        kubeVersion = Self.sanitize(kubeVersion)
        sources = sources.map(Self.sanitize)
        keywords = keywords.map(Self.sanitize)

        if apiVersion.isEmpty { throw Self.invalid("chart.metadata.apiVersion is required") }
        if name.isEmpty { throw Self.invalid("chart.metadata.name is required") }
        if name != Self.baseName(name) { throw Self.invalid("chart.metadata.name \(Self.quote(name)) is invalid") }
        if version.isEmpty { throw Self.invalid("chart.metadata.version is required") }
        if (try? SemverVersion.parse(version)) == nil { throw Self.invalid("chart.metadata.version \(Self.quote(version)) is invalid") }
        if !["", "application", "library"].contains(type) {
            throw Self.invalid("chart.metadata.type must be application or library")
        }
        for i in maintainers.indices {
            guard var m = maintainers[i] else { throw Self.invalid("maintainers must not contain empty or null nodes") }
            m.name = Self.sanitize(m.name)
            m.email = Self.sanitize(m.email)
            m.url = Self.sanitize(m.url)
            maintainers[i] = m
        }
        var seen = Set<String>()
        for i in dependencies.indices {
            guard var d = dependencies[i] else { throw Self.invalid("dependencies must not contain empty or null nodes") }
            d.name = Self.sanitize(d.name)
            d.version = Self.sanitize(d.version)
            d.repository = Self.sanitize(d.repository)
            d.condition = Self.sanitize(d.condition)
            d.tags = d.tags.map(Self.sanitize)
            if !d.alias.isEmpty && !d.alias.unicodeScalars.allSatisfy(Self.isAliasScalar) {
                throw Self.invalid("dependency \(Self.quote(d.name)) has disallowed characters in the alias")
            }
            dependencies[i] = d
            let key = d.alias.isEmpty ? d.name : d.alias
            if !seen.insert(key).inserted {
                throw Self.invalid("more than one dependency with name or alias \(Self.quote(key))")
            }
        }
    }

    static func invalid(_ text: String) -> HelmError { HelmError("validation: " + text) }

    private static func isAliasScalar(_ u: Unicode.Scalar) -> Bool {
        (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || (u >= "0" && u <= "9") || u == "_" || u == "-"
    }

    /// Go's `filepath.Base`: the last element after trailing slashes are dropped.
    static func baseName(_ path: String) -> String {
        if path.isEmpty { return "." }
        var p = Substring(path)
        while p.count > 1, p.last == "/" { p.removeLast() }
        if p == "/" { return "/" }
        if let slash = p.lastIndex(of: "/") { return String(p[p.index(after: slash)...]) }
        return String(p)
    }

    /// Whitespace (Unicode's) becomes a space; characters Go does not print are dropped.
    static func sanitize(_ s: String) -> String {
        // Printable ASCII (nearly every chart's text) is left as it is: no Unicode look-ups.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s }
        var needs = false
        for u in s.unicodeScalars where u.properties.isWhitespace ? u != " " : !GoFormat.isPrint(u) {
            needs = true
            break
        }
        if !needs { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if u.properties.isWhitespace { out.append(" ") } else if GoFormat.isPrint(u) { out.append(u) }
        }
        return String(out)
    }

    /// Go's `%q` (`strconv.Quote`), as Helm's messages quote names and keys.
    static func quote(_ s: String) -> String { GoFormat.quote(s) }
}
