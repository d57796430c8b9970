import Foundation

/// Certificates made with openssl for tests: client certificates signed by a cluster's CA,
/// or a separate CA of the test's own.
public enum TestCertificates {
    public struct Pair: Sendable {
        public var certificatePEM: String
        public var keyPEM: String
    }

    /// A new self-signed CA in `directory` (ca.crt, ca.key).
    public static func makeCA(in directory: String, name: String = "test-ca") async throws -> (cert: String, key: String) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try await LocalControlPlane.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                                                            "-subj", "/CN=\(name)", "-keyout", directory + "/ca.key", "-out", directory + "/ca.crt"])
        return (directory + "/ca.crt", directory + "/ca.key")
    }

    /// A client certificate for `user` in `groups` (the organisations), signed by the given CA.
    public static func clientCertificate(user: String, groups: [String] = [], caCert: String, caKey: String) async throws -> Pair {
        let dir = NSTemporaryDirectory() + "cert-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let subject = groups.map { "/O=\($0)" }.joined() + "/CN=\(user)"
        try "extendedKeyUsage=clientAuth\n".write(toFile: dir + "/ext", atomically: true, encoding: .utf8)
        try await LocalControlPlane.run("/usr/bin/openssl", ["req", "-newkey", "rsa:2048", "-nodes", "-subj", subject,
                                                            "-keyout", dir + "/k.pem", "-out", dir + "/c.csr"])
        try await LocalControlPlane.run("/usr/bin/openssl", ["x509", "-req", "-in", dir + "/c.csr", "-CA", caCert, "-CAkey", caKey,
                                                            "-CAcreateserial", "-CAserial", dir + "/serial", "-days", "2",
                                                            "-extfile", dir + "/ext", "-out", dir + "/c.pem"])
        return Pair(certificatePEM: try String(contentsOfFile: dir + "/c.pem", encoding: .utf8),
                    keyPEM: try String(contentsOfFile: dir + "/k.pem", encoding: .utf8))
    }
}
