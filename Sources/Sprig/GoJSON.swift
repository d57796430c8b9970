import GoTemplate

/// Go's `encoding/json` for template values.
public enum GoJSON {
    /// `json.Marshal(v)`: map keys sorted, `<`, `>`, `&` escaped as `\u003c`…, floats as Go
    /// writes them. `escapeHTML: false` is `toRawJson`'s encoder.
    public static func marshal(_ value: GoValue, escapeHTML: Bool = true) throws(GoFunctionError) -> String {
        var encoder = GoJSONEncoder(escapeHTML: escapeHTML, indent: nil)
        try encoder.encode(value)
        return String(decoding: encoder.out, as: UTF8.self)
    }

    /// `json.MarshalIndent(v, "", "  ")` (`toPrettyJson`).
    public static func marshalIndent(_ value: GoValue, indent: String = "  ") throws(GoFunctionError) -> String {
        var encoder = GoJSONEncoder(escapeHTML: true, indent: Array(indent.utf8))
        try encoder.encode(value)
        return String(decoding: encoder.out, as: UTF8.self)
    }

    /// A string as `json.Marshal` writes it: quoted, controls as `\n` or `\u00XX`, U+2028 and
    /// U+2029 escaped, and `<`, `>`, `&` as `\u003c`… unless `escapeHTML` is false.
    public static func quote(_ s: String, escapeHTML: Bool = true) -> String {
        var encoder = GoJSONEncoder(escapeHTML: escapeHTML, indent: nil)
        encoder.encodeString(s)
        return String(decoding: encoder.out, as: UTF8.self)
    }

    /// `json.Unmarshal` into `interface{}`: numbers become float64, objects
    /// `map[string]interface {}`; errors read as Go's.
    public static func unmarshal(_ text: String) throws(GoFunctionError) -> GoValue {
        try decode(text, building: GoValueJSONBuilder())
    }

    /// How much of a text is one JSON value, and which words an early end gets.
    public enum Reading: Sendable {
        /// `json.Unmarshal`: the whole text, nothing after the value; a cut-off text is
        /// `unexpected end of JSON input`.
        case unmarshal
        /// `json.Decoder.Decode`: the first value, whatever follows ignored; no value is `EOF`,
        /// a cut-off one `unexpected EOF`.
        case firstValue
    }

    /// Go's JSON decoding, with its error texts, into what `builder` makes of each value.
    /// `maximumDepth` is Go's limit of open arrays and objects (10,000); a caller whose later
    /// passes recurse over the result may ask for less.
    public static func decode<Builder: GoJSONBuilder>(_ text: String, reading: Reading = .unmarshal,
                                                     maximumDepth: Int = 10_000,
                                                     building builder: Builder) throws(GoFunctionError) -> Builder.Value {
        var decoder = GoJSONDecoder(text, reading: reading, maximumDepth: maximumDepth, builder: builder)
        return try decoder.decode()
    }
}

extension Sprig {
    /// Sprig v3.2.3's JSON family: `toJson`, `toPrettyJson`, `toRawJson`, `fromJson` and their
    /// `must` forms. The plain forms swallow errors (an empty string, or nil for `fromJson`),
    /// except `toRawJson`, which panics in Sprig and so fails the template like a `must`.
    public static var jsonFunctions: [String: GoFunction] {
        let encoders: [(String, @Sendable (GoValue) throws(GoFunctionError) -> String)] = [
            ("Json", { v throws(GoFunctionError) in try GoJSON.marshal(v) }),
            ("PrettyJson", { v throws(GoFunctionError) in try GoJSON.marshalIndent(v) }),
            ("RawJson", { v throws(GoFunctionError) in try GoJSON.marshal(v, escapeHTML: false) }),
        ]
        var functions: [String: GoFunction] = [:]
        for (suffix, encode) in encoders {
            let lenient = suffix != "RawJson"
            functions["to" + suffix] = GoFunction("to" + suffix, [.any], typeName: "func(interface {}) string") { args in
                do { return .string(try encode(args.first ?? .null)) } catch {
                    if lenient { return .string("") }
                    throw error
                }
            }
            functions["mustTo" + suffix] = GoFunction("mustTo" + suffix, [.any],
                                                      typeName: "func(interface {}) (string, error)") { args in
                .string(try encode(args.first ?? .null))
            }
        }
        functions["fromJson"] = GoFunction("fromJson", [.string], typeName: "func(string) interface {}") { args in
            (try? GoJSON.unmarshal(args.first?.stringValue ?? "")) ?? .null
        }
        functions["mustFromJson"] = GoFunction("mustFromJson", [.string], typeName: "func(string) (interface {}, error)") { args in
            try GoJSON.unmarshal(args.first?.stringValue ?? "")
        }
        return functions
    }
}
