import Manifests

/// kustomize's content hash for generated ConfigMaps and Secrets (`api/hasher`).
///
/// The hash is sha256 over `json.Marshal` of a small map (Go sorts map keys and escapes
/// `<`, `>`, `&`), and the first 10 hex digits with `0 1 3 a e` swapped for `g h k m t`
/// so the suffix never looks like a number or a bad word.
enum Hasher {
    static func hash(_ object: JSONValue) -> String {
        let kind = object["kind"]?.stringValue ?? ""
        func field(_ key: String) -> JSONValue {
            guard let v = object[key], v != .null else { return .string("") }
            return v
        }
        // kustomize looks the name up with `yaml.Lookup("metadata/name")`, a single path
        // element that never matches, so the name always hashes as "".
        let name = JSONValue.string("")
        var m: JSONObject = [:]
        switch kind {
        case "ConfigMap":
            m = ["kind": "ConfigMap", "name": name, "data": field("data")]
            if case .object = object["binaryData"] ?? .null { m["binaryData"] = object["binaryData"] }
        case "Secret":
            m = ["kind": "Secret", "type": field("type"), "name": name, "data": field("data")]
            if case .object = object["stringData"] ?? .null { m["stringData"] = object["stringData"] }
        default:
            return encode(SHA256.hex(goJSON(object)))
        }
        return encode(SHA256.hex(goJSON(.object(m))))
    }

    static func encode(_ hex: String) -> String {
        String(hex.prefix(10).map { c -> Character in
            switch c {
            case "0": return "g"
            case "1": return "h"
            case "3": return "k"
            case "a": return "m"
            case "e": return "t"
            default: return c
            }
        })
    }

    /// `encoding/json.Marshal` of a generic value: sorted keys, HTML-safe escaping.
    static func goJSON(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return KYAML.formatFloat(d)
        case .string(let s): return goString(s)
        case .array(let a): return "[" + a.map(goJSON).joined(separator: ",") + "]"
        case .object(let o):
            let keys = o.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            return "{" + keys.map { goString($0) + ":" + goJSON(o[$0]!) }.joined(separator: ",") + "}"
        }
    }

    static func goString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
