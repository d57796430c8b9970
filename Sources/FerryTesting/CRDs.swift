import Foundation
import KubernetesClient
import Manifests

extension LocalControlPlane {
    /// Applies every CRD in the project's `config/crd/` and waits until each is Established.
    public func installFerryCRDs(client: KubernetesClient) async throws {
        let dir = Self.packageRoot + "/config/crd"
        let crd = GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition")
        for file in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where file.hasSuffix(".yaml") {
            let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
            for doc in try YAML.documents(text, source: file) {
                _ = try await client.apply(doc, fieldManager: "ferry-tests", force: true)
                let name = doc.metadataName ?? ""
                _ = await eventually {
                    let live = try? await client.get(crd, name: name)
                    return live?[path: "status", "conditions"]?.arrayValue?.contains {
                        $0["type"]?.stringValue == "Established" && $0["status"]?.stringValue == "True"
                    } == true
                }
            }
        }
        try await client.refreshDiscovery()
    }
}
