import GoTemplate
import Sprig

/// Writes JSON the way Go's `encoding/json` writes a struct: fields in declaration order (the
/// caller's order), strings escaped as `json.Marshal` escapes them (`<`, `>`, `&` as `\u003c`…),
/// maps and interface values through Sprig's `GoJSON` (keys sorted, floats in Go's form).
struct GoStructWriter {
    private(set) var out: [UInt8] = []
    /// One entry per open object or array: whether a member was written yet.
    private var started: [Bool] = []

    init() { out.reserveCapacity(4096) }

    private mutating func separate() {
        guard let last = started.last else { return }
        if last { out.append(UInt8(ascii: ",")) }
        started[started.count - 1] = true
    }

    mutating func beginObject() { out.append(UInt8(ascii: "{")); started.append(false) }
    mutating func endObject() { out.append(UInt8(ascii: "}")); started.removeLast() }
    mutating func beginArray() { out.append(UInt8(ascii: "[")); started.append(false) }
    mutating func endArray() { out.append(UInt8(ascii: "]")); started.removeLast() }

    /// Starts an object member: the separator, the quoted name and the colon.
    mutating func key(_ name: String) {
        separate()
        out.append(contentsOf: GoJSON.quote(name).utf8)
        out.append(UInt8(ascii: ":"))
    }

    /// Starts an array element.
    mutating func element() { separate() }

    mutating func string(_ s: String) { out.append(contentsOf: GoJSON.quote(s).utf8) }
    mutating func int(_ i: Int) { out.append(contentsOf: String(i).utf8) }
    mutating func bool(_ b: Bool) { out.append(contentsOf: (b ? "true" : "false").utf8) }
    mutating func null() { out.append(contentsOf: "null".utf8) }

    /// `[]byte`: base64 (standard, padded) in a string.
    mutating func bytes(_ b: [UInt8]) {
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: GoBase64.encode(b).utf8)
        out.append(UInt8(ascii: "\""))
    }

    /// An `interface{}` or map value, as `json.Marshal` writes it.
    mutating func value(_ v: GoValue, field: String) throws(ReleaseStorageError) {
        do throws(GoFunctionError) {
            out.append(contentsOf: try GoJSON.marshal(v).utf8)
        } catch {
            throw ReleaseStorageError(.unencodable, field + ": " + error.message)
        }
    }

    /// A `map[string]string`: keys sorted by their bytes, as Go sorts them.
    mutating func stringMap(_ map: [String: String]) {
        beginObject()
        for k in map.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            key(k)
            string(map[k] ?? "")
        }
        endObject()
    }

    /// Helm's `pkg/time.Time`: the zero time is `""`.
    mutating func helmTime(_ t: ReleaseTime, field: String) throws(ReleaseStorageError) {
        if t.isZero { string(""); return }
        try standardTime(t, field: field)
    }

    /// Go's `time.Time`: RFC 3339 with nanoseconds, the zero time included.
    mutating func standardTime(_ t: ReleaseTime, field: String) throws(ReleaseStorageError) {
        guard let text = t.rfc3339 else {
            throw ReleaseStorageError(.unencodable, "\(field): Time.MarshalJSON: year outside of range [0,9999]")
        }
        string(text)
    }
}
