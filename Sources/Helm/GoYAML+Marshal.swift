import GoTemplate
import Sprig

/// sigs.k8s.io/yaml's `Marshal`: `json.Marshal`, then go-yaml v2 reads that JSON back (so a
/// float64 that JSON writes without a fraction or exponent becomes an int, `1e+21` stays a
/// float) and writes it with its encoder. Done here in one walk, with the same results: no
/// JSON text is built.
struct GoYAMLMarshaller {
    var emitter = GoYAMLEmitter()
    private var depth = 0

    static let maximumDepth = 1000

    /// The document: the value, then a final line break.
    mutating func document(_ value: GoValue) throws(GoFunctionError) {
        try node(value, mapping: false)
        emitter.writeIndent()
    }

    private mutating func node(_ value: GoValue, mapping: Bool) throws(GoFunctionError) {
        emitter.mappingContext = mapping
        emitter.simpleKeyContext = false
        switch value {
        case .missing, .null: plain("null")
        case .bool(let b): plain(b ? "true" : "false")
        case .int(let i, _): plain(String(i))
        case .uint(let u, _): plain(String(u))
        case .float(let f): plain(try Self.number(f))
        case .string(let s): string(Array(s.utf8), text: s)
        case .bytes(let b):
            let text = GoBase64.encode(b)
            string(Array(text.utf8), text: text)
        case .list(let list):
            guard !list.items.isEmpty else { emitter.emitEmpty("[", "]"); return }
            try enter(value)
            emitter.beginSequence()
            for item in list.items {
                emitter.sequenceItem()
                try node(item, mapping: false)
            }
            emitter.popIndent()
            depth -= 1
        case .map(let map):
            guard map.count > 0 else { emitter.emitEmpty("{", "}"); return }
            try enter(value)
            emitter.beginMapping()
            for key in GoYAMLKeyOrder.sorted(map.entries.keys) {
                emitter.writeIndent()
                let bytes = Array(key.utf8)
                let analysis = GoYAMLScalarAnalysis(bytes)
                // libyaml's check_simple_key: one line, at most 128 bytes.
                let simple = !analysis.multiline && bytes.count <= 128
                if !simple { emitter.complexKeyIndicator() }
                emitter.mappingContext = true
                emitter.simpleKeyContext = simple
                emitter.emitScalar(bytes, requested: Self.stringStyle(bytes, text: key), analysis: analysis)
                emitter.valueIndicator(simple: simple)
                try node(map.entries[key] ?? .null, mapping: true)
            }
            emitter.popIndent()
            depth -= 1
        case .object(let object):
            try enter(value)
            try node(object.jsonValue, mapping: mapping)
            depth -= 1
        case .function(let f):
            throw GoFunctionError("error marshaling into JSON: json: unsupported type: " + f.typeName)
        }
    }

    private mutating func enter(_ value: GoValue) throws(GoFunctionError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw GoFunctionError("error marshaling into JSON: json: unsupported value: encountered a cycle via " + value.typeName)
        }
    }

    private mutating func plain(_ text: String) {
        let bytes = Array(text.utf8)
        emitter.emitScalar(bytes, requested: .plain, analysis: GoYAMLScalarAnalysis(bytes))
    }

    private mutating func string(_ bytes: [UInt8], text: String) {
        emitter.emitScalar(bytes, requested: Self.stringStyle(bytes, text: text), analysis: GoYAMLScalarAnalysis(bytes))
    }

    /// go-yaml v2's `stringv`: literal when the text has a newline; plain when it would read
    /// back as the same string; else double-quoted (`"true"`, `"1.10"`, `""`).
    static func stringStyle(_ bytes: [UInt8], text: String) -> GoYAMLEmitter.Style {
        if bytes.contains(0x0A) { return .literal }
        if GoYAML.resolvePlain(text).isString && !GoYAML.isBase60Float(text) { return .plain }
        return .doubleQuoted
    }

    /// A float64 as JSON writes it, then as go-yaml reads and rewrites that text: integral
    /// values below 1e21 come out as integers (`1000000`), others in `strconv`'s `'g'` form
    /// (`3.14`, `1e+21`, `1e-07`).
    static func number(_ f: Double) throws(GoFunctionError) -> String {
        if f.rounded() == f && abs(f) < 9e15 { return String(Int(f)) }
        guard let json = GoFloatFormat.json(f) else {
            throw GoFunctionError("error marshaling into JSON: json: unsupported value: " + GoFloatFormat.format(f, fmt: .g))
        }
        switch GoYAML.resolvePlain(json) {
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .float(let g): return GoFloatFormat.format(g, fmt: .g)
        default: return json
        }
    }
}
