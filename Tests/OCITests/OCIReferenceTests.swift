import OCI
import Testing

/// References as Docker's grammar and Helm's `oci://` URLs write them.
struct OCIReferenceTests {
    @Test(arguments: [
        ("oci://ghcr.io/stefanprodan/charts/podinfo:6.5.0", "ghcr.io", "stefanprodan/charts/podinfo", "6.5.0", nil),
        ("127.0.0.1:5000/charts/app", "127.0.0.1:5000", "charts/app", nil, nil),
        ("localhost:5000/a/b:1.0.0_build.1", "localhost:5000", "a/b", "1.0.0_build.1", nil),
        ("registry.example/my-app__x/y.z@sha256:" + String(repeating: "ab", count: 32), "registry.example", "my-app__x/y.z", nil,
         "sha256:" + String(repeating: "ab", count: 32)),
        ("r.example/app:v1@sha256:" + String(repeating: "0", count: 64), "r.example", "app", "v1", "sha256:" + String(repeating: "0", count: 64)),
    ] as [(String, String, String, String?, String?)])
    func parses(text: String, registry: String, repository: String, tag: String?, digest: String?) throws {
        let reference = try OCIReference.parse(text)
        #expect(reference.registry == registry)
        #expect(reference.repository == repository)
        #expect(reference.tag == tag)
        #expect(reference.digest == digest)
    }

    @Test(arguments: [
        ("podinfo", "registry host"),                      // no registry
        ("ghcr.io/Upper/case", "repository"),              // repositories are lower case
        ("ghcr.io/a//b", "repository"),                    // empty component
        ("ghcr.io/a/b:-bad", "tag"),                       // tag starts with '-'
        ("ghcr.io/a/b@sha256:abc", "digest"),              // short digest
        ("ghcr.io:99999/a", "registry host"),              // port out of range
        ("ghcr.io/a/b:" + String(repeating: "x", count: 129), "tag"),
    ])
    func refuses(text: String, naming part: String) {
        #expect {
            _ = try OCIReference.parse(text)
        } throws: { error in
            guard let error = error as? OCIError else { return false }
            return error.kind == .invalidReference && error.message.contains(part)
        }
    }

    @Test func printsWhatItParsed() throws {
        let text = "127.0.0.1:5000/charts/app:1.2.3"
        #expect(try OCIReference.parse("oci://" + text).description == text)
    }
}

/// `WWW-Authenticate` as registries send it (distribution's token auth, htpasswd, GHCR).
struct OCIAuthChallengeTests {
    @Test func bearerWithQuotedParameters() throws {
        let header = #"Bearer realm="https://auth.example/token",service="registry.example",scope="repository:charts/app:pull,push""#
        let challenge = try #require(OCIAuthChallenge.parse(header))
        #expect(challenge.scheme == "bearer")
        #expect(challenge.realm == "https://auth.example/token")
        #expect(challenge.service == "registry.example")
        #expect(challenge.scopes == ["repository:charts/app:pull,push"])
    }

    @Test func basicRealm() throws {
        let challenge = try #require(OCIAuthChallenge.parse(#"Basic realm="ferry-registry""#))
        #expect(challenge.scheme == "basic")
        #expect(challenge.realm == "ferry-registry")
    }

    @Test func severalChallengesPreferBearerAndKeepEscapes() throws {
        let header = #"Basic realm="a, b", Bearer realm="https://t.example/x?y=1",scope="repository:a:pull repository:b:pull",error="insufficient_scope""#
        let all = OCIAuthChallenge.parseAll(header)
        #expect(all.map(\.scheme) == ["basic", "bearer"])
        #expect(all[0].realm == "a, b")
        let chosen = try #require(OCIAuthChallenge.parse(header))
        #expect(chosen.scheme == "bearer")
        #expect(chosen.scopes == ["repository:a:pull", "repository:b:pull"])
        #expect(chosen.parameters["error"] == "insufficient_scope")
        #expect(OCIAuthChallenge.parse(#"Bearer realm="with \"quote\"""#)?.realm == #"with "quote""#)
    }

    @Test func unquotedValuesAndCase() throws {
        let challenge = try #require(OCIAuthChallenge.parse("BEARER Realm=https://t.example/token, Service=reg"))
        #expect(challenge.scheme == "bearer")
        #expect(challenge.realm == "https://t.example/token")
        #expect(challenge.service == "reg")
    }

    @Test func garbageIsNoChallenge() {
        #expect(OCIAuthChallenge.parse("") == nil)
        #expect(OCIAuthChallenge.parse("   ,  ") == nil)
    }
}
