import GoTemplate
import Helm

extension FuzzTarget {
    /// Any document `GoYAML.unmarshal` accepts must marshal (as `toYaml` does) to YAML that
    /// unmarshals to the same value: values files and `fromYaml`/`toYaml` rely on it.
    static func goYAML(_ data: [UInt8]) {
        guard let value = try? GoYAML.unmarshal(String(decoding: data, as: UTF8.self)) else { return }
        guard let written = try? GoYAML.marshal(value) else { return }
        guard let reread = try? GoYAML.unmarshal(written) else {
            fatalError("GoYAML.marshal wrote YAML GoYAML cannot read back:\n\(written)")
        }
        precondition(sameGoValue(reread, value), "GoYAML round trip changed a value:\n\(written)")
    }

    /// Equality of unmarshalled values (floats, strings, bools, null, lists, maps); a NaN
    /// equals itself.
    static func sameGoValue(_ a: GoValue, _ b: GoValue) -> Bool {
        switch (a, b) {
        case (.null, .null), (.missing, .missing), (.null, .missing), (.missing, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.int(let x, _), .int(let y, _)): return x == y
        case (.int(let x, _), .float(let y)), (.float(let y), .int(let x, _)): return Double(exactly: x) == y
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)):
            return x.items.count == y.items.count && zip(x.items, y.items).allSatisfy { sameGoValue($0, $1) }
        case (.map(let x), .map(let y)):
            return x.count == y.count && x.entries.allSatisfy { key, value in
                y.entries[key].map { sameGoValue(value, $0) } ?? false
            }
        default: return false
        }
    }
}
