import FerryAPI
import Foundation
import GoTemplate
import Helm
import HelmController
import KubernetesClient
import Manifests

/// `ferry build|diff helmrelease`: a HelmRelease rendered through the controller's own path
/// (``HelmReleasePreview``) from a chart the user names — a local directory or archive, or the
/// HelmChart artifact the controller would use — with `--values` files merged over the
/// release's values.
struct LocalHelmReleaseRender {
    var preview: HelmReleasePreview

    /// The HelmRelease `name` in the cluster.
    static func load(name: String, namespace: String, client: KubernetesClient) async throws -> LocalHelmReleaseRender {
        let object = try await client.getFound(FluxKind.helmRelease.gvk, name: name, namespace: namespace)
        return LocalHelmReleaseRender(preview: try HelmReleasePreview(object, client: client))
    }

    /// The HelmRelease `name` from a YAML file (offline): the document of that kind and name,
    /// its namespace defaulting to `namespace`.
    static func load(name: String, namespace: String, file: String) throws -> LocalHelmReleaseRender {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw CLIMessage("--path \(file) is not a readable file") }
        let documents: [JSONValue]
        do { documents = try YAML.documents(text, source: file) } catch { throw CLIMessage("--path \(file): \(error)") }
        let kind = FluxKind.helmRelease.gvk
        guard var object = documents.first(where: { $0.kind == kind.kind && $0.apiVersion?.hasPrefix(kind.group + "/") == true
                                                    && $0.metadataName == name }) else {
            throw CLIMessage("--path \(file) holds no HelmRelease named \(name)")
        }
        if (object.metadataNamespace ?? "").isEmpty { object[path: "metadata", "namespace"] = .string(namespace) }
        return LocalHelmReleaseRender(preview: try HelmReleasePreview(object, client: nil))
    }

    /// A chart directory or `.tgz` on disk.
    static func chart(at path: String) throws -> Chart {
        do throws(HelmError) { return try ChartLoader.load(path: path) } catch { throw CLIMessage("--chart \(path): \(error.message)") }
    }

    /// `--values` files, each a map (Helm's `-f`).
    static func valuesFiles(_ paths: [String]) throws -> [GoMap] {
        try paths.map { path in
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIMessage("--values \(path) is not a readable file") }
            do throws(HelmError) { return try Values.parse([UInt8](data), context: "failed to parse \(path)") } catch { throw CLIMessage(error.message) }
        }
    }

    /// Renders `chart` as the release's next revision; `valuesFrom` left out (offline) is said
    /// on stderr, never dropped in silence.
    func render(chart: Chart, extraValues: [GoMap]) async throws -> HelmReleasePreview.Rendered {
        let history = try await preview.history()
        let values = try await preview.values(extra: extraValues, history: history)
        if !values.skipped.isEmpty {
            FileHandle.standardError.write(Data("⚠️ offline: spec.valuesFrom not read (\(values.skipped.joined(separator: ", ")))\n".utf8))
        }
        return try await preview.render(chart: chart, values: values.values, history: history)
    }
}
