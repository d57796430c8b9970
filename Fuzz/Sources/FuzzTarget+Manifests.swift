import Manifests

extension FuzzTarget {
    /// Any stream YAML accepts must write back to YAML that reads as the same values: postBuild
    /// substitution relies on this round trip for every object it touches.
    static func yaml(_ data: [UInt8]) {
        guard let documents = try? YAML.documents(String(decoding: data, as: UTF8.self), source: "fuzz.yaml") else { return }
        for document in documents {
            let written = YAML.string(document)
            guard let reread = try? YAML.document(written, source: "written.yaml") else {
                fatalError("YAML.string wrote a document YAML cannot read back:\n\(written)")
            }
            precondition(sameValue(reread, document), "YAML round trip changed a value:\n\(written)")
        }
    }

    /// Any document the JSON parser accepts must serialise to JSON that parses to the same value.
    static func json(_ data: [UInt8]) {
        guard let value = try? JSONValue(jsonBytes: data) else { return }
        let written = value.jsonBytes()
        guard let reread = try? JSONValue(jsonBytes: written) else {
            fatalError("jsonBytes() wrote JSON the parser refuses: \(String(decoding: written, as: UTF8.self))")
        }
        precondition(sameValue(reread, value), "JSON round trip changed a value: \(String(decoding: written, as: UTF8.self))")
    }

    /// Equality of what the API server would read: numbers compare by value (`2.0` is written
    /// `2`, as Go's encoding/json writes it, and reads back as an integer), a NaN equals itself.
    static func sameValue(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.double(let x), .double(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(exactly: x) == y
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { sameValue($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && sameValue($0.value, $1.value) }
        default: return a == b
        }
    }
}
