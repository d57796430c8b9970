import Foundation
import Manifests

/// SOPS's JSON store: key order kept, every number a float64 (Go's encoding/json), output
/// indented with tabs as `json.Indent` does, strings escaped as Go's encoder does (HTML-safe:
/// `<`, `>`, `&` as `\u003c`…).
enum SOPSJSON {
    struct Failure: Error { var reason: String }

    static func load(_ bytes: [UInt8]) throws(Failure) -> SOPSBranch {
        let value: JSONValue
        do { value = try JSONValue(jsonBytes: bytes) } catch { throw Failure(reason: "not valid JSON") }
        guard case .branch(let branch) = convert(value) else { throw Failure(reason: "a JSON document that is not an object is not supported") }
        return branch
    }

    static func convert(_ value: JSONValue) -> SOPSValue {
        switch value {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .float(Double(i))
        case .double(let d): .float(d)
        case .string(let s): .string(s)
        case .array(let items): .list(items.map(convert))
        case .object(let object): .branch(object.map { SOPSItem(key: .name($0.key), value: convert($0.value)) })
        }
    }

    static func emit(_ branch: SOPSBranch) -> String {
        var out = ""
        write(.branch(branch), indent: 0, into: &out)
        return out + "\n"
    }

    static func write(_ value: SOPSValue, indent: Int, into out: inout String) {
        let pad = String(repeating: "\t", count: indent + 1)
        let close = String(repeating: "\t", count: indent)
        switch value {
        case .branch(let branch):
            let items = branch.filter { if case .name = $0.key { true } else { false } }
            if items.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, item) in items.enumerated() {
                guard case .name(let name) = item.key else { continue }
                out += pad + quote(name) + ": "
                write(item.value, indent: indent + 1, into: &out)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += close + "}"
        case .list(let list):
            let items = list.filter { if case .comment = $0 { false } else { true } }
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                write(item, indent: indent + 1, into: &out)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += close + "]"
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .float(let d): out += GoFloat.formatJSON(d)
        case .string(let s), .comment(let s): out += quote(s)
        case .bytes(let bytes): out += quote(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Go's encoding/json string escaping with HTML escaping on.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x3C, 0x3E, 0x26, 0x2028, 0x2029, 0x00..<0x20:
                out += "\\u" + YAMLScalarStyle.hex(scalar.value, width: 4).lowercased()
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
