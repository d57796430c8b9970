import Foundation

/// SOPS's dotenv store: `KEY=VALUE` lines and `#` comment lines; newlines in values escaped as `\n`.
enum SOPSDotenv {
    static func load(_ text: String) -> SOPSBranch {
        var branch: SOPSBranch = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if line.hasPrefix("#") {
                branch.append(SOPSItem(key: .comment(String(line.dropFirst())), value: .null))
            } else if let eq = line.firstIndex(of: "=") {
                let value = String(line[line.index(after: eq)...]).replacingOccurrences(of: "\\n", with: "\n")
                branch.append(SOPSItem(key: .name(String(line[..<eq])), value: .string(value)))
            }
        }
        return branch
    }

    static func emit(_ branch: SOPSBranch) -> String {
        var out = ""
        for item in branch {
            switch item.key {
            case .comment(let text): out += "#" + text + "\n"
            case .name(let name): out += name + "=" + plain(item.value).replacingOccurrences(of: "\n", with: "\\n") + "\n"
            }
        }
        return out
    }

    static func plain(_ value: SOPSValue) -> String {
        switch value {
        case .string(let s), .comment(let s): s
        case .int(let i): String(i)
        case .float(let d): GoFloat.formatF(d)
        case .bool(let b): b ? "true" : "false"
        case .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
        case .null, .branch, .list: ""
        }
    }
}
