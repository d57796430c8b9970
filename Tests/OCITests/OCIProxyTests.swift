import OCI
import Testing

/// Reading Flux's proxy Secret (`address`, `username`, `password`) into ``OCIProxy``: what is
/// accepted, what is refused with which words, and that neither a message nor the proxy's own
/// description ever shows the password.
@Suite struct OCIProxyTests {
    static func secret(_ values: [String: String]) -> [String: [UInt8]] { values.mapValues { Array($0.utf8) } }

    @Test func theSecretsAddressAndCredentialsAreRead() throws {
        let proxy = try OCIProxy(proxySecret: Self.secret(["address": "http://proxy.corp:3128", "username": "u", "password": "s3cret"]))
        #expect(proxy == OCIProxy(host: "proxy.corp", port: 3128, username: "u", password: "s3cret"))
        #expect("\(proxy)" == "proxy.corp:3128")
        #expect(String(reflecting: proxy).contains("s3cret") == false)
    }

    @Test func withoutAPortTheProxyIsOnPort80AndCredentialsInTheAddressCount() throws {
        #expect(try OCIProxy(address: "http://proxy.corp") == OCIProxy(host: "proxy.corp", port: 80))
        #expect(try OCIProxy(address: "http://a:b@proxy.corp:8080/") == OCIProxy(host: "proxy.corp", port: 8080, username: "a", password: "b"))
        // The Secret's username and password win over the address's (Flux sets them on the URL).
        #expect(try OCIProxy(address: "http://a:b@proxy.corp:8080", username: "c", password: "d")
                == OCIProxy(host: "proxy.corp", port: 8080, username: "c", password: "d"))
    }

    static let refused: [(String, String)] = [
        ("", "key 'address' is missing"),
        ("proxy.corp:3128", "invalid proxy address: must be a URL"),
        ("https://u:topsecret@proxy.corp:443", "scheme 'https' is not supported"),
        ("socks5://proxy.corp:1080", "scheme 'socks5' is not supported"),
        ("http://u:topsecret@proxy.corp:3128/path", "without a path or query"),
    ]

    @Test(arguments: refused.indices)
    func unusableAddressesAreRefusedWithoutEchoingThem(_ index: Int) {
        let (address, expected) = Self.refused[index]
        let values = address.isEmpty ? ["username": "u"] : ["address": address]
        #expect {
            _ = try OCIProxy(proxySecret: Self.secret(values))
        } throws: { error in
            guard let error = error as? OCIError else { return false }
            return error.message.contains(expected) && !error.message.contains("topsecret")
        }
    }
}
