import Foundation

extension LocalControlPlane {
    /// The plane's admin kubeconfig with the certificates inlined, as a `spec.kubeConfig`
    /// Secret must carry them (a Secret's kubeconfig may not name files on the controller's host).
    public func inlineAdminKubeconfig() throws -> String {
        func b64(_ path: String) throws -> String { try Data(contentsOf: URL(fileURLWithPath: path)).base64EncodedString() }
        let pki = directory + "/pki/"
        return """
            apiVersion: v1
            kind: Config
            clusters: [{name: remote, cluster: {server: "\(server)", certificate-authority-data: \(try b64(pki + "ca.crt"))}}]
            users: [{name: admin, user: {client-certificate-data: \(try b64(pki + "admin.crt")), client-key-data: \(try b64(pki + "admin.key"))}}]
            contexts: [{name: remote, context: {cluster: remote, user: admin}}]
            current-context: remote
            """
    }
}
