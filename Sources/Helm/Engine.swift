import GoTemplate
import Sprig

/// Helm's `engine.Engine` for `helm template`: every template of a chart tree parsed into one
/// set (deepest charts first, so a parent's `define` wins), each non-partial executed with its
/// chart's values, `<no value>` removed from the output.
final class RenderEngine: @unchecked Sendable {
    /// Helm's `recursionMaxNums`: how often one name may be `include`d inside itself.
    static let includeRecursionLimit = 1000

    /// Names currently being included, with their nesting counts (shared with `tpl` clones).
    private var includedNames: [String: Int] = [:]

    /// How many `tpl` calls may run inside one another. Helm has no limit (a `tpl` of itself
    /// ends when Go's stack overflows and kills the process); each level keeps a parsed clone
    /// of the set and its text in the error, so the bound is far below `include`'s.
    static let tplNestingLimit = 100
    private var tplDepth = 0

    /// How many new keys (alone or in a certificate) and password hashes one render may make.
    /// Each costs tens to hundreds of milliseconds of CPU (a 4096-bit RSA key the most); Helm
    /// has no limit, so `genPrivateKey` in a loop of a thousand would hold a worker for
    /// minutes. Charts make a CA and a few certificates; 16 is well above that and a few
    /// seconds of work. Signing with a given key (`…WithKey`) is cheap and not counted.
    static let costlyCallLimit = 16
    static let costlyFunctions: Set<String> = [
        "genPrivateKey", "genCA", "genSelfSignedCert", "genSignedCert", "bcrypt", "htpasswd", "derivePassword",
    ]
    private var costlyCalls = 0

    /// Renders the chart tree; the result maps template names (`chart/templates/x.yaml`) to
    /// their output. `top` is the render values (`Values`, `Release`, `Capabilities`, …).
    func render(chart: Chart, top: GoMap) throws(HelmError) -> [String: String] {
        var renderables: [String: Renderable] = [:]
        collect(chart, into: &renderables, parent: top)
        let set = Template(name: "gotpl")
        set.missingKey = .zero
        // One budget for the whole render: a tenant's chart cannot hang or exhaust the process.
        set.budget = ExecutionBudget()
        set.funcs(Self.library)
        set.funcs(renderFunctions(for: set))
        let names = Self.parseOrder(Array(renderables.keys))
        for name in names {
            guard let r = renderables[name] else { continue }
            do throws(TemplateError) {
                try set.parse(r.text, as: name)
            } catch {
                throw HelmError(Self.cleanupParseError(name, error.message))
            }
        }
        var rendered: [String: String] = [:]
        for name in names {
            guard let r = renderables[name] else { continue }
            let base = name.split(separator: "/").last.map(String.init) ?? name
            if base.hasPrefix("_") { continue }
            r.values["Template"] = .map(GoMap(["Name": .string(name), "BasePath": .string(r.basePath)],
                                             typeName: "chartutil.Values"))
            do throws(TemplateError) {
                let out = try set.execute(name, data: .map(r.values))
                rendered[name] = out.replacingNoValue()
            } catch {
                throw HelmError(Self.cleanupExecError(name, error.message))
            }
        }
        return rendered
    }

    struct Renderable {
        var text: String
        var values: GoMap
        var basePath: String
    }

    /// Helm's `recAllTpls`: each chart gets its own values map (`.Values` is its slice of the
    /// parent's), its files and metadata; library charts contribute only their partials.
    @discardableResult
    private func collect(_ chart: Chart, into out: inout [String: Renderable], parent: GoMap) -> GoMap {
        let subcharts = GoMap()
        let next = GoMap([
            "Chart": .object(ChartObject(chart.metadata, isRoot: chart.isRoot)),
            "Files": HelmFiles.object(chart.files.map { ($0.name, $0.data) }),
            "Release": parent["Release"] ?? .null,
            "Capabilities": parent["Capabilities"] ?? .null,
            "Values": .map(GoMap(typeName: "chartutil.Values")),
            "Subcharts": .map(subcharts),
        ])
        if chart.isRoot {
            next["Values"] = parent["Values"] ?? .map(GoMap(typeName: "chartutil.Values"))
        } else if case .map(let own)? = parent["Values"]?.mapValue?[chart.name] {
            next["Values"] = .map(GoMap(own.entries, typeName: "chartutil.Values"))
        }
        for child in chart.dependencies {
            subcharts[child.name] = .map(collect(child, into: &out, parent: next))
        }
        let fullPath = chart.chartFullPath
        for file in chart.templates {
            if chart.isLibrary {
                let base = file.name.split(separator: "/").last.map(String.init) ?? file.name
                if !base.hasPrefix("_") { continue }
            }
            out[fullPath + "/" + file.name] = Renderable(
                text: String(decoding: file.data, as: UTF8.self), values: next, basePath: fullPath + "/templates")
        }
        return next
    }

    /// Helm's `sortTemplates`: most path separators first; equal depth in reverse
    /// lexicographic order. Later parses win, so the top chart's definitions override.
    static func parseOrder(_ names: [String]) -> [String] {
        func depth(_ name: String) -> Int {
            var n = 0
            for byte in name.utf8 where byte == UInt8(ascii: "/") { n += 1 }
            return n
        }
        let keyed: [(name: String, depth: Int)] = names.map { ($0, depth($0)) }
        let sorted = keyed.sorted { a, b in a.depth != b.depth ? a.depth > b.depth : a.name > b.name }
        return sorted.map { $0.name }
    }

    /// Helm's `cleanupParseError`: `parse error at (NAME:LINE): MESSAGE`.
    static func cleanupParseError(_ name: String, _ message: String) -> String {
        let tokens = message.splitN(": ", Int.max)
        guard tokens.count > 1 else { return "parse error in (\(name)): \(message)" }
        return "parse error at (\(tokens[1])): \(tokens[tokens.count - 1])"
    }

    /// Helm's `cleanupExecError`: a `required`/`fail` message (between Helm's markers) becomes
    /// `execution error at (NAME:LINE:COL): MESSAGE`; other errors keep Go's text.
    static func cleanupExecError(_ name: String, _ message: String) -> String {
        let tokens = message.splitN(": ", 3)
        guard tokens.count == 3 else { return "execution error in (\(name)): \(message)" }
        // Helm's `HELM_ERR_START((?s).*)HELM_ERR_END`: greedy, so up to the last end marker.
        let rest = tokens[2].splitN(warnStart, 2)
        if rest.count == 2 {
            let inner = rest[1].splitN(warnEnd, Int.max)
            if inner.count > 1 {
                return "execution error at (\(tokens[1])): \(inner.dropLast().joined(separator: warnEnd))"
            }
        }
        return message
    }

    static let warnStart = "HELM_ERR_START"
    static let warnEnd = "HELM_ERR_END"
    static func warnWrap(_ message: String) -> String { warnStart + message + warnEnd }

    /// Sprig's functions (less `env`/`expandenv`) and Helm's additions: the same for every
    /// render, so prepared once.
    static let baseFunctions: [String: GoFunction] = {
        var f = Sprig.functions
        f.removeValue(forKey: "env")
        f.removeValue(forKey: "expandenv")
        for (name, fn) in HelmFunctions.all { f[name] = fn }
        f["required"] = GoFunction("required", [.string, .any], typeName: "func(string, interface {}) (interface {}, error)") { args in
            let value = args.count > 1 ? args[1] : .null
            switch value {
            case .null, .missing: throw GoFunctionError(RenderEngine.warnWrap(args[0].stringValue ?? ""))
            case .string(let s) where s.isEmpty: throw GoFunctionError(RenderEngine.warnWrap(args[0].stringValue ?? ""))
            default: return value
            }
        }
        f["fail"] = GoFunction("fail", [.string], typeName: "func(string) (string, error)") { args in
            throw GoFunctionError(RenderEngine.warnWrap(args.first?.stringValue ?? ""))
        }
        f["getHostByName"] = GoFunction("getHostByName", [.string], typeName: "func(string) string") { _ in .string("") }
        return f
    }()

    static let library = FunctionLibrary(baseFunctions)

    /// What each render binds to itself: `include`/`tpl` on `set`, and the costly functions
    /// counted against this render's limit (installed over `library`).
    func renderFunctions(for set: Template) -> [String: GoFunction] {
        var f: [String: GoFunction] = [:]
        f["include"] = include(set)
        f["tpl"] = tpl(set)
        for name in Self.costlyFunctions {
            guard var function = Self.baseFunctions[name] else { continue }
            let body = function.body
            function.body = { [unowned self] args in
                self.costlyCalls += 1
                if self.costlyCalls > Self.costlyCallLimit {
                    throw GoFunctionError("\(name): a render may make at most \(Self.costlyCallLimit) keys, certificates and password hashes")
                }
                return try body(args)
            }
            f[name] = function
        }
        return f
    }

    private func include(_ set: Template) -> GoFunction {
        // `set` holds this function: a strong capture would keep every render's set (all its
        // parsed trees) alive for ever.
        GoFunction("include", [.string, .any], typeName: "func(string, interface {}) (string, error)") { [unowned self, unowned set] args in
            let name = args[0].stringValue ?? ""
            let depth = self.includedNames[name, default: 0]
            if depth > Self.includeRecursionLimit {
                throw GoFunctionError("rendering template has a nested reference name: \(name): unable to execute template")
            }
            self.includedNames[name] = depth + 1
            defer { self.includedNames[name, default: 1] -= 1 }
            do throws(TemplateError) {
                return .string(try set.execute(name, data: args[1]))
            } catch {
                throw GoFunctionError(error.message)
            }
        }
    }

    private func tpl(_ parent: Template) -> GoFunction {
        GoFunction("tpl", [.string, .any], typeName: "func(string, interface {}) (interface {}, error)") { [unowned self, unowned parent] args in
            let text = args[0].stringValue ?? ""
            if self.tplDepth >= Self.tplNestingLimit {
                throw GoFunctionError("tpl: nested more than \(Self.tplNestingLimit) calls deep")
            }
            self.tplDepth += 1
            defer { self.tplDepth -= 1 }
            let clone = parent.clone()
            clone.missingKey = .zero
            clone.funcs(["include": self.include(clone), "tpl": self.tpl(clone)])
            do throws(TemplateError) {
                try clone.parse(text, as: parent.name)
            } catch {
                throw GoFunctionError("cannot parse template \(GoFormat.quote(text)): \(error.message)")
            }
            do throws(TemplateError) {
                return .string(try clone.execute(parent.name, data: args[1]).replacingNoValue())
            } catch {
                // Each nesting level quotes its text again: a nested failure that already
                // carries a megabyte goes up as it is, or a long text nested a hundred times
                // would build gigabytes of message.
                if error.message.utf8.count > 1 << 20 { throw GoFunctionError(error.message) }
                throw GoFunctionError("error during tpl function execution for \(GoFormat.quote(text)): \(error.message)")
            }
        }
    }
}
