import Foundation
import Testing
@testable import KubernetesClient

@Suite struct KubeConfigTests {
    func write(_ text: String, _ name: String, in dir: String) throws -> String {
        let path = dir + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "kubeconfig-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    let first = """
    apiVersion: v1
    kind: Config
    current-context: dev
    clusters:
    - name: dev
      cluster: {server: "https://dev.example:6443", certificate-authority: certs/ca.crt}
    - name: shared
      cluster: {server: "https://first.example"}
    users:
    - name: alice
      user: {token: alice-token}
    contexts:
    - name: dev
      context: {cluster: dev, user: alice, namespace: team-a}
    """

    let second = """
    current-context: prod
    clusters:
    - name: shared
      cluster: {server: "https://second.example"}
    - name: prod
      cluster: {server: "https://prod.example", insecure-skip-tls-verify: true}
    users:
    - name: bob
      user:
        client-certificate-data: \(Data("CERT".utf8).base64EncodedString())
        client-key-data: \(Data("KEY".utf8).base64EncodedString())
    - name: exec-user
      user:
        exec:
          apiVersion: client.authentication.k8s.io/v1
          command: ./bin/get-token
          args: [--cluster, prod]
          env: [{name: REGION, value: eu}]
    contexts:
    - name: prod
      context: {cluster: prod, user: bob}
    - name: dev
      context: {cluster: prod, user: bob}
    """

    @Test func mergesFilesWithKubectlRules() throws {
        let dir = try tempDir()
        let a = try write(first, "a.yaml", in: dir)
        let b = try write(second, "b.yaml", in: dir)
        let merged = try KubeConfig.load(environment: ["KUBECONFIG": "\(a):\(dir)/missing.yaml:\(b)"])
        // The first file to set current-context wins, and so does the first definition of a name.
        #expect(merged.currentContext == "dev")
        #expect(merged.clusters["shared"]?.server == "https://first.example")
        #expect(merged.contexts["dev"]?.cluster == "dev")
        // Names only the later file defines are still there.
        #expect(merged.clusters["prod"]?.insecureSkipTLSVerify == true)
        #expect(merged.users["bob"]?.clientCertificateData == Array("CERT".utf8))
        // Relative paths resolve against the file that named them.
        #expect(merged.clusters["dev"]?.certificateAuthority == dir + "/certs/ca.crt")
        #expect(merged.users["exec-user"]?.exec?.command == dir + "/./bin/get-token")
        #expect(merged.users["exec-user"]?.exec?.env.first?.value == "eu")
    }

    @Test func resolvesTheCurrentContextIntoAClientConfig() throws {
        let dir = try tempDir()
        try FileManager.default.createDirectory(atPath: dir + "/certs", withIntermediateDirectories: true)
        try "CA".write(toFile: dir + "/certs/ca.crt", atomically: true, encoding: .utf8)
        let config = try ClientConfig(kubeConfig: KubeConfig.load(path: try write(first, "a.yaml", in: dir)))
        #expect(config.server == "https://dev.example:6443")
        #expect(config.namespace == "team-a")
        #expect(config.caPEM == Array("CA".utf8))
        guard case .token(let t) = config.credentials else { Issue.record("expected a token"); return }
        #expect(t == "alice-token")
    }

    @Test func anExplicitContextOverridesTheCurrentOne() throws {
        let dir = try tempDir()
        let config = try ClientConfig(kubeConfig: KubeConfig.load(path: try write(second, "b.yaml", in: dir)), context: "prod")
        #expect(config.insecureSkipTLSVerify)
        #expect(config.clientKeyPEM == Array("KEY".utf8))
        #expect(config.namespace == "default")
    }

    @Test(arguments: [
        ("clusters: [oops", "malformed YAML"),
        ("clusters: {a: b}", "clusters must be a list"),
        ("clusters:\n- cluster: {server: https://x}", "clusters[0] has no name"),
        ("clusters:\n- name: c\n  cluster: {}", "cluster \"c\" has no server"),
        ("users:\n- name: u\n  user: {client-key-data: '%%%'}", "not valid base64"),
    ])
    func malformedKubeconfigGivesOneClearError(text: String, expected: String) throws {
        let dir = try tempDir()
        let path = try write(text, "bad.yaml", in: dir)
        let error = try #require(throws: KubeConfigError.self) { try KubeConfig.load(path: path) }
        #expect(error.description.contains(expected), "\(error)")
        #expect(error.description.contains(path) || expected == "not valid base64")
    }

    @Test func danglingReferencesAreNamed() throws {
        let dir = try tempDir()
        let path = try write("current-context: x\ncontexts:\n- name: x\n  context: {cluster: nowhere, user: nobody}\n", "c.yaml", in: dir)
        let error = try #require(throws: KubeConfigError.self) { try ClientConfig(kubeConfig: KubeConfig.load(path: path)) }
        #expect(error.description == "context \"x\" refers to cluster \"nowhere\", which the kubeconfig does not define")
        let missing = try #require(throws: KubeConfigError.self) { try KubeConfig.load(path: dir + "/nope.yaml") }
        #expect(missing.description.contains("cannot be read"))
    }

    @Test func inClusterConfigReadsTheServiceAccountMount() throws {
        let dir = try tempDir()
        try "tok\n".write(toFile: dir + "/token", atomically: true, encoding: .utf8)
        try "CA".write(toFile: dir + "/ca.crt", atomically: true, encoding: .utf8)
        try "ferry-system".write(toFile: dir + "/namespace", atomically: true, encoding: .utf8)
        let config = try ClientConfig.inCluster(environment: ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"], root: dir)
        #expect(config.server == "https://10.0.0.1:443")
        #expect(config.namespace == "ferry-system")
        guard case .tokenFile(let f) = config.credentials else { Issue.record("expected a token file"); return }
        #expect(f == dir + "/token")
        #expect(throws: KubeConfigError.self) { try ClientConfig.inCluster(environment: [:], root: dir) }
    }
}
