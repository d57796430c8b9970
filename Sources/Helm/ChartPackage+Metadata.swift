import GoTemplate
import Sprig

/// Chart.yaml and Chart.lock as `chartutil.Save` writes them (`yaml.Marshal` of Helm's
/// structs: JSON field names, `omitempty` fields left out, keys sorted), and the version Flux
/// gives a chart it packages from Git or a Bucket.
extension ChartPackage {
    /// Chart.yaml of `metadata`. An apiVersion v1 chart's dependencies live in
    /// requirements.yaml, so Helm leaves them out here.
    static func chartYAML(_ metadata: ChartMetadata) throws(HelmError) -> [UInt8] {
        var m: [String: GoValue] = [:]
        func text(_ key: String, _ value: String) { if !value.isEmpty { m[key] = .string(value) } }
        func list(_ key: String, _ value: [String]) { if !value.isEmpty { m[key] = .array(value.map(GoValue.string)) } }
        text("name", metadata.name)
        text("home", metadata.home)
        list("sources", metadata.sources)
        text("version", metadata.version)
        text("description", metadata.description)
        list("keywords", metadata.keywords)
        if !metadata.maintainers.isEmpty {
            m["maintainers"] = .array(metadata.maintainers.map { maintainer -> GoValue in
                guard let maintainer else { return .null }
                var out: [String: GoValue] = [:]
                if !maintainer.name.isEmpty { out["name"] = .string(maintainer.name) }
                if !maintainer.email.isEmpty { out["email"] = .string(maintainer.email) }
                if !maintainer.url.isEmpty { out["url"] = .string(maintainer.url) }
                return .dict(out)
            })
        }
        text("icon", metadata.icon)
        text("apiVersion", metadata.apiVersion)
        text("condition", metadata.condition)
        text("tags", metadata.tags)
        text("appVersion", metadata.appVersion)
        if metadata.deprecated { m["deprecated"] = .bool(true) }
        if !metadata.annotations.isEmpty { m["annotations"] = .dict(metadata.annotations.mapValues(GoValue.string)) }
        text("kubeVersion", metadata.kubeVersion)
        if metadata.apiVersion != ChartMetadata.apiVersionV1 && !metadata.dependencies.isEmpty {
            m["dependencies"] = .array(metadata.dependencies.map(dependencyValue))
        }
        text("type", metadata.type)
        return try yaml(.dict(m))
    }

    /// `chart.Lock`: `generated` (a time, written back in Go's RFC 3339 form), `digest`,
    /// `dependencies`, none of them omitted.
    static func lockYAML(_ lock: ChartLock) throws(HelmError) -> [UInt8] {
        let generated = IndexTimestamp(rfc3339: lock.generated)?.rfc3339 ?? IndexTimestamp.zero.rfc3339
        return try yaml(.dict([
            "generated": .string(generated),
            "digest": .string(lock.digest),
            "dependencies": lock.dependencies.isEmpty ? .null : .array(lock.dependencies.map(dependencyValue)),
        ]))
    }

    static func dependencyValue(_ dependency: ChartDependency?) -> GoValue {
        guard let d = dependency else { return .null }
        var out: [String: GoValue] = ["name": .string(d.name), "repository": .string(d.repository)]
        if !d.version.isEmpty { out["version"] = .string(d.version) }
        if !d.condition.isEmpty { out["condition"] = .string(d.condition) }
        if !d.tags.isEmpty { out["tags"] = .array(d.tags.map(GoValue.string)) }
        if d.enabled { out["enabled"] = .bool(true) }
        if !d.importValues.isEmpty { out["import-values"] = .array(d.importValues) }
        if !d.alias.isEmpty { out["alias"] = .string(d.alias) }
        return .dict(out)
    }

    static func yaml(_ value: GoValue) throws(HelmError) -> [UInt8] {
        do throws(GoFunctionError) {
            return Array(try GoYAML.marshal(value).utf8)
        } catch {
            throw HelmError(error.message)
        }
    }

    /// The version Flux's HelmChart gives a chart it builds with `reconcileStrategy: Revision`:
    /// Chart.yaml's version with its build metadata replaced by `metadata` (Masterminds'
    /// `SetMetadata`), normalised as the library prints it (`v1.2` → `1.2.0+abc…`).
    /// Errors are Flux's: `failed to parse version from chart metadata as SemVer: …` and
    /// `failed to set SemVer metadata on chart version: Invalid Metadata string`.
    public static func version(_ version: String, buildMetadata metadata: String) throws(HelmError) -> String {
        if metadata.isEmpty { return version }
        let parsed: SemverVersion
        do throws(GoFunctionError) {
            parsed = try SemverVersion.parse(version)
        } catch {
            throw HelmError("failed to parse version from chart metadata as SemVer: " + error.message)
        }
        let identifiers = metadata.split(separator: ".", omittingEmptySubsequences: false)
        let valid = identifiers.allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit || ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || $0 == "-" }
        }
        guard valid else { throw HelmError("failed to set SemVer metadata on chart version: Invalid Metadata string") }
        var out = "\(parsed.major).\(parsed.minor).\(parsed.patch)"
        if !parsed.prerelease.isEmpty { out += "-" + parsed.prerelease }
        return out + "+" + metadata
    }

    /// The build metadata Flux derives from a source revision for a chart from a
    /// GitRepository (`main@sha1:<hex>`, or a bare or legacy `main/<hex>` revision) or a
    /// Bucket (`sha256:<hex>`): the hash's first 12 characters, keeping label values
    /// within 63 characters.
    public static func buildMetadata(fromRevision revision: String) -> String {
        var hash = Substring(revision)
        if let colon = hash.lastIndex(of: ":") {
            hash = hash[hash.index(after: colon)...]
        } else if let slash = hash.lastIndex(of: "/") {
            hash = hash[hash.index(after: slash)...]
        }
        return String(hash.prefix(12))
    }
}
