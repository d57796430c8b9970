import GoTemplate
import Testing
@testable import Sprig

/// Go's `path` functions and `urlParse`/`urlJoin`.
@Suite struct SprigPathURLTests {
    @Test(arguments: [
        ("base", "/a/b/c.tar.gz", "c.tar.gz"), ("base", "", "."), ("base", "///", "/"), ("base", "a/b/", "b"),
        ("dir", "/a/b/c.tar.gz", "/a/b"), ("dir", "c", "."), ("dir", "/c", "/"),
        ("ext", "/a/b/c.tar.gz", ".gz"), ("ext", "/a.b/c", ""),
        ("clean", "/a/../b/./c", "/b/c"), ("clean", "a/../..", ".."), ("clean", "/../x//", "/x"), ("clean", "", "."),
        ("osBase", "/a/b", "b"),
    ])
    func paths(name: String, input: String, expected: String) throws {
        #expect(try call(name, str(input)).plain == expected)
    }

    @Test func isAbs() throws {
        #expect(try call("isAbs", str("/a")).plain == "true")
        #expect(try call("osIsAbs", str("a")).plain == "false")
    }

    @Test func urlParseSplitsLikeGo() throws {
        let parts = try call("urlParse", str("https://user@host:8443/p?q=1#f"))
        #expect(parts.plain == "{fragment: f, host: host:8443, hostname: host, opaque: , path: /p, query: q=1, scheme: https, userinfo: user}")
        #expect(try call("urlParse", str("mailto:joe@example.com")).mapValue?["opaque"]?.plain == "joe@example.com")
        #expect(failure("urlParse", str("://x"))?.hasPrefix("unable to parse url: parse") == true)
    }

    @Test func urlJoinBuildsTheText() throws {
        let d = GoValue.dict(["scheme": str("http"), "host": str("server.com:8080"), "path": str("/api"),
                              "query": str("list=false"), "fragment": str("anchor")])
        #expect(try call("urlJoin", d).plain == "http://server.com:8080/api?list=false#anchor")
        let withUser = GoValue.dict(["scheme": str("https"), "host": str("h"), "userinfo": str("u:p%20w")])
        #expect(try call("urlJoin", withUser).plain == "https://u:p%20w@h")
        #expect(failure("urlJoin", .dict(["userinfo": str("u:p w")]))
                == "unable to parse userinfo in dict: parse \"proto://u:p w@host\": net/url: invalid userinfo")
        #expect(failure("urlJoin", .dict(["host": int(1)])) == "unable to parse host key, must be of type string, but int found")
    }
}

/// `getHostByName` asks the system resolver.
@Suite struct SprigNetworkTests {
    @Test func resolvesLocalhost() throws {
        let address = try call("getHostByName", str("localhost")).plain
        #expect(["127.0.0.1", "::1"].contains(address))
    }

    @Test func anUnknownHostIsGosPanic() {
        #expect(failure("getHostByName", str("no-such-host.invalid")) == "invalid argument to Intn")
    }
}
