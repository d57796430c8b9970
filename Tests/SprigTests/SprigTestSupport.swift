import GoTemplate
@testable import Sprig

/// Calls a Sprig function by name with arguments already converted to its parameter types,
/// as the template executor passes them.
func call(_ name: String, _ args: GoValue...) throws -> GoValue {
    guard let f = Sprig.functions[name] else { throw GoFunctionError("no function \(name)") }
    return try f.body(args)
}

/// The error message a call fails with, or nil when it succeeds.
func failure(_ name: String, _ args: GoValue...) -> String? {
    guard let f = Sprig.functions[name] else { return "no function \(name)" }
    do {
        _ = try f.body(args)
        return nil
    } catch let e as GoFunctionError {
        return e.message
    } catch {
        return "\(error)"
    }
}

func str(_ s: String) -> GoValue { .string(s) }
func int(_ i: Int) -> GoValue { .int(i, .int) }
func list(_ items: GoValue...) -> GoValue { .array(items) }
func strs(_ items: String...) -> GoValue { .strings(items) }

extension GoValue {
    /// Scalars and lists of them in a comparable form (`"a"`, `1:int64`, `[a, b]`).
    var plain: String {
        switch self {
        case .missing: return "<missing>"
        case .null: return "<nil>"
        case .bool(let b): return "\(b)"
        case .int(let i, let t): return "\(i):\(t.rawValue)"
        case .uint(let u, let t): return "\(u):\(t.rawValue)"
        case .float(let f): return "\(f)"
        case .string(let s): return s
        case .bytes(let b): return "bytes\(b)"
        case .list(let l): return "[" + l.items.map(\.plain).joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.sortedKeys.map { "\($0): \(m[$0]?.plain ?? "")" }.joined(separator: ", ") + "}"
        case .object(let o): return o.goDescription
        case .function(let f): return f.name
        }
    }
}
