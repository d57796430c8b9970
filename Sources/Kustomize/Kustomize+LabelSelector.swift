import Foundation
import Manifests

/// A Kubernetes label selector string (`a=b,c!=d,e in (x,y),!f,g`).
struct LabelSelector: Sendable {
    enum Op { case eq, neq, isIn, notIn, exists, notExists }
    var terms: [(String, Op, [String])] = []

    static func parse(_ s: String) throws -> LabelSelector {
        var sel = LabelSelector()
        var parts: [String] = []
        var depth = 0, cur = ""
        for c in s {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if c == "," && depth == 0 { parts.append(cur); cur = "" } else { cur.append(c) }
        }
        parts.append(cur)
        for raw in parts {
            let p = raw.trimmingCharacters(in: .whitespaces)
            if p.isEmpty { continue }
            if let r = p.range(of: " notin ") {
                sel.terms.append((String(p[..<r.lowerBound]).trimmingCharacters(in: .whitespaces), .notIn, values(p[r.upperBound...])))
            } else if let r = p.range(of: " in ") {
                sel.terms.append((String(p[..<r.lowerBound]).trimmingCharacters(in: .whitespaces), .isIn, values(p[r.upperBound...])))
            } else if let r = p.range(of: "!=") {
                sel.terms.append((String(p[..<r.lowerBound]), .neq, [String(p[r.upperBound...])]))
            } else if let r = p.range(of: "==") {
                sel.terms.append((String(p[..<r.lowerBound]), .eq, [String(p[r.upperBound...])]))
            } else if let r = p.range(of: "=") {
                sel.terms.append((String(p[..<r.lowerBound]), .eq, [String(p[r.upperBound...])]))
            } else if p.hasPrefix("!") {
                sel.terms.append((String(p.dropFirst()), .notExists, []))
            } else {
                sel.terms.append((p, .exists, []))
            }
        }
        return sel
    }

    static func values(_ s: Substring) -> [String] {
        s.trimmingCharacters(in: CharacterSet(charactersIn: " ()")).split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
    }

    func matches(_ labels: JSONObject) -> Bool {
        terms.allSatisfy { key, op, vals in
            let v = labels[key].map(Kustomization.scalarString)
            switch op {
            case .eq: return v == vals.first
            case .neq: return v != vals.first
            case .isIn: return v.map { vals.contains($0) } ?? false
            case .notIn: return v.map { !vals.contains($0) } ?? true
            case .exists: return v != nil
            case .notExists: return v == nil
            }
        }
    }
}
