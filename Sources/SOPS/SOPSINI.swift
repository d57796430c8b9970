import Foundation

/// SOPS's INI store (go-ini underneath): one branch whose items are the sections, `DEFAULT`
/// first; a section's comment is its first item, a key's comment follows the key; values are
/// strings. Output as go-ini writes it with pretty formatting: `=` aligned per section, a blank
/// line between sections, comments as `; text`.
enum SOPSINI {
    struct Failure: Error { var reason: String }

    /// The sections (with their keys in order) and the raw `[sops]` pairs.
    static func load(_ text: String) throws(Failure) -> (branch: SOPSBranch, sops: [(String, String)]) {
        var sections: [(name: String, items: SOPSBranch)] = [("DEFAULT", [])]
        var sopsPairs: [(String, String)] = []
        var pendingComments: [String] = []
        var current = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = (raw.hasSuffix("\r") ? raw.dropLast() : raw).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix(";") || line.hasPrefix("#") { pendingComments.append(line); continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw Failure(reason: "unclosed section header") }
                let name = String(line.dropFirst().dropLast())
                var items: SOPSBranch = []
                if !pendingComments.isEmpty { items.append(SOPSItem(key: .comment(stripCommentChar(pendingComments.joined(separator: "\n"))), value: .null)) }
                pendingComments = []
                if let existing = sections.firstIndex(where: { $0.name == name }) { current = existing } else {
                    sections.append((name, items))
                    current = sections.count - 1
                }
                continue
            }
            guard let delimiter = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { throw Failure(reason: "a line that is neither a key nor a section") }
            let key = line[..<delimiter].trimmingCharacters(in: .whitespaces)
            let value = unquote(line[line.index(after: delimiter)...].trimmingCharacters(in: .whitespaces))
            if sections[current].name == "sops" {
                sopsPairs.append((key, value))
            } else {
                sections[current].items.append(SOPSItem(key: .name(key), value: .string(value)))
                if !pendingComments.isEmpty {
                    sections[current].items.append(SOPSItem(key: .comment(stripCommentChar(pendingComments.joined(separator: "\n"))), value: .null))
                }
            }
            pendingComments = []
        }
        let branch = sections.filter { $0.name != "sops" }.map { SOPSItem(key: .name($0.name), value: .branch($0.items)) }
        return (branch, sopsPairs)
    }

    static func stripCommentChar(_ comment: String) -> String {
        if comment.hasPrefix(";") { return String(comment.drop(while: { $0 == ";" || $0 == " " })) }
        if comment.hasPrefix("#") { return String(comment.drop(while: { $0 == "#" || $0 == " " })) }
        return comment
    }

    static func unquote(_ value: String) -> String {
        for quote in ["\"\"\"", "`", "\""] where value.count >= 2 * quote.count && value.hasPrefix(quote) && value.hasSuffix(quote) {
            return String(value.dropFirst(quote.count).dropLast(quote.count))
        }
        return value
    }

    static func emit(_ branch: SOPSBranch) -> String {
        var out = ""
        var wroteSection = false
        for item in branch {
            guard case .name(let name) = item.key, case .branch(let items) = item.value else { continue }
            var body = items
            var sectionComment: String?
            if case .comment(let text) = body.first?.key { sectionComment = text; body.removeFirst() }
            let keys = body.compactMap { if case .name(let k) = $0.key { k } else { nil } }
            if name == "DEFAULT" && keys.isEmpty && !wroteSection { continue }
            if wroteSection { out += "\n" }
            if let sectionComment { out += commentLines(sectionComment) }
            if !(name == "DEFAULT" && !wroteSection) { out += "[\(name)]\n" }
            wroteSection = true
            let align = keys.map { $0.contains("\"") || $0.contains("=") ? $0.count + 2 : $0.contains("`") ? $0.count + 6 : $0.count }.max() ?? 0
            // A comment item after a key is that key's comment, which go-ini writes above it.
            var i = 0
            while i < body.count {
                guard case .name(let key) = body[i].key else { i += 1; continue }
                if i + 1 < body.count, case .comment(let text) = body[i + 1].key { out += commentLines(text) }
                out += key + String(repeating: " ", count: max(0, align - key.count)) + " = " + quoteValue(SOPSDotenv.plain(body[i].value)) + "\n"
                i += 1
            }
        }
        return out
    }

    static func commentLines(_ comment: String) -> String {
        comment.components(separatedBy: "\n").map { line -> String in
            guard let first = line.first else { return "; \n" }
            if first != "#" && first != ";" { return "; " + line + "\n" }
            return String(first) + " " + line.dropFirst().trimmingCharacters(in: .whitespaces) + "\n"
        }.joined()
    }

    static func quoteValue(_ value: String) -> String {
        if value.contains("\n") || value.contains("`") { return "\"\"\"" + value + "\"\"\"" }
        if value.contains("#") || value.contains(";") { return "`" + value + "`" }
        if value.trimmingCharacters(in: .whitespaces).count != value.count { return "\"" + value + "\"" }
        return value
    }
}
