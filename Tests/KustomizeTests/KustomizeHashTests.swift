import Manifests
import Testing
@testable import Kustomize

/// Content-hash suffixes of generated ConfigMaps/Secrets, checked against `kubectl kustomize`
/// (kustomize v5.5.0) on the same generator inputs.
@Suite struct KustomizeHashTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var object: JSONValue
        var hash: String
        var testDescription: String { "\(object["kind"]?.stringValue ?? "")-\(hash)" }
    }

    static let cases: [Case] = [
        Case(object: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "a"], "data": ["a": "b"]],
             hash: "4h2mbtbbt6"),
        Case(object: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "b"],
                      "data": ["x": "<&>", "y": "multi\nline"]], hash: "44h968d8g9"),
        Case(object: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"]], hash: "6ct58987ht"),
        Case(object: ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s"], "type": "Opaque",
                      "data": ["password": "c29tZXB3", "user": "YWRtaW4="]], hash: "7g264f5558"),
    ]

    @Test(arguments: cases) func hashMatchesKustomize(_ c: Case) {
        #expect(Hasher.hash(c.object) == c.hash)
    }

    @Test func sha256KnownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(String(repeating: "a", count: 1000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func encodeAvoidsDigitsThatLookBad() {
        #expect(Hasher.encode("0123456789abcdef") == "gh2k456789")
        #expect(Hasher.encode("aeaeaeaeae") == "mtmtmtmtmt")
    }

    @Test func goJSONEscapesLikeEncodingJSON() {
        #expect(Hasher.goJSON(["b": "<x & y>", "a": "\n"]) == #"{"a":"\n","b":"\u003cx \u0026 y\u003e"}"#)
    }
}
