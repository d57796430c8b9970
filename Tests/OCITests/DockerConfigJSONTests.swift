import Foundation
import OCI
import Testing

/// Credentials from a `kubernetes.io/dockerconfigjson` Secret, matched by host as Docker's
/// client matches them.
struct DockerConfigJSONTests {
    private func config(_ text: String) throws -> DockerConfigJSON { try DockerConfigJSON(Array(text.utf8)) }

    @Test func usernameAndPasswordByExactHost() throws {
        let file = try config(#"{"auths":{"127.0.0.1:5000":{"username":"u","password":"p"},"other.example":{"username":"x","password":"y"}}}"#)
        #expect(try file.credentials(for: "127.0.0.1:5000") == .basic(username: "u", password: "p"))
        #expect(try file.credentials(for: "127.0.0.1:5001") == nil)   // the port is part of the registry
    }

    @Test func authFieldIsBase64OfUserColonPassword() throws {
        let auth = Data("robot:s3cr:et".utf8).base64EncodedString()
        let file = try config(#"{"auths":{"https://registry.example/v1/":{"auth":"\#(auth)"}}}"#)
        #expect(try file.credentials(for: "registry.example") == .basic(username: "robot", password: "s3cr:et"))
    }

    @Test func dockerHubAliases() throws {
        let file = try config(#"{"auths":{"https://index.docker.io/v1/":{"username":"u","password":"p"}}}"#)
        #expect(try file.credentials(for: "registry-1.docker.io") == .basic(username: "u", password: "p"))
        #expect(try file.credentials(for: "docker.io") == .basic(username: "u", password: "p"))
    }

    @Test func identityToken() throws {
        let file = try config(#"{"auths":{"r.example":{"identitytoken":"refresh"}}}"#)
        #expect(try file.credentials(for: "r.example") == .identityToken("refresh"))
    }

    @Test func brokenAuthAndBrokenFileNameNoSecret() throws {
        let file = try config(#"{"auths":{"r.example":{"auth":"bm90LWEtcGFpcg=="}}}"#)   // "not-a-pair"
        #expect {
            _ = try file.credentials(for: "r.example")
        } throws: { error in
            (error as? OCIError)?.message.contains("not-a-pair") == false
        }
        #expect {
            _ = try DockerConfigJSON(Array(#"["hunter2"]"#.utf8))
        } throws: { error in
            guard let error = error as? OCIError else { return false }
            return error.message.contains("dockerconfigjson") && !error.message.contains("hunter2")
        }
    }
}
