import Crypto
import Foundation
import Helm

/// A Helm chart repository on the run's shared test servers (nginx serving `DIR/charts`): a
/// fresh directory `<prefix>-<random>` holding packaged charts and an `index.yaml` that lists
/// them, as `helm repo index` would write it (relative URLs, digests, newest first).
public struct ChartRepoFixture: Sendable {
    public let server: GitServer
    public let name: String
    public let directory: String
    /// Chart name → versions published so far, in publication order.
    public private(set) var published: [(name: String, version: String, file: String, digest: String)] = []

    public init(prefix: String, on server: GitServer? = nil) async throws {
        if let server { self.server = server } else { self.server = try await GitServer.shared() }
        name = prefix + "-" + UUID().uuidString.prefix(8).lowercased()
        directory = self.server.chartsDirectory + "/" + name
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// The repository's URL behind `base` (`CHARTS_URL`, `CHARTS_AUTH_URL`, …, see ``GitServer``).
    public func url(_ base: String = "CHARTS_URL") -> String { (server.values[base] ?? "") + "/" + name }

    /// A small chart directory: one ConfigMap template showing `.Values.message` (required), `values.yaml`
    /// with `message: <message>`, and extra values files `prod-values.yaml`.
    public static func writeChart(at dir: String, name: String, version: String, message: String = "hello") throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir + "/templates", withIntermediateDirectories: true)
        try "apiVersion: v2\nname: \(name)\nversion: \(version)\nappVersion: \"\(version)\"\n".write(toFile: dir + "/Chart.yaml", atomically: true, encoding: .utf8)
        try "message: \(message)\nreplicas: 1\n".write(toFile: dir + "/values.yaml", atomically: true, encoding: .utf8)
        try "message: from-prod\n".write(toFile: dir + "/prod-values.yaml", atomically: true, encoding: .utf8)
        try """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}-\(name)
        data:
          message: {{ required "message is required" .Values.message | quote }}
        """.write(toFile: dir + "/templates/configmap.yaml", atomically: true, encoding: .utf8)
    }

    /// Packages a new chart version into the repository and rewrites the index.
    @discardableResult
    public mutating func publish(chart: String, version: String, message: String = "hello") throws -> [UInt8] {
        let source = NSTemporaryDirectory() + "helm-fixture-" + UUID().uuidString + "/" + chart
        defer { try? FileManager.default.removeItem(atPath: (source as NSString).deletingLastPathComponent) }
        try Self.writeChart(at: source, name: chart, version: version, message: message)
        return try publish(directory: source, chart: chart, version: version)
    }

    /// Packages a chart made of `files` (paths relative to the chart's root → contents) as a new
    /// version; `Chart.yaml` is written from the name and version unless `files` has one.
    @discardableResult
    public mutating func publish(chart: String, version: String, files: [String: String]) throws -> [UInt8] {
        let source = NSTemporaryDirectory() + "helm-fixture-" + UUID().uuidString + "/" + chart
        defer { try? FileManager.default.removeItem(atPath: (source as NSString).deletingLastPathComponent) }
        var all = files
        if all["Chart.yaml"] == nil { all["Chart.yaml"] = "apiVersion: v2\nname: \(chart)\nversion: \(version)\n" }
        for (path, text) in all {
            let file = source + "/" + path
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
        return try publish(directory: source, chart: chart, version: version)
    }

    /// Packages the chart directory `directory` (whose `Chart.yaml` names `chart` at `version`)
    /// into the repository and rewrites the index.
    @discardableResult
    public mutating func publish(directory source: String, chart: String, version: String) throws -> [UInt8] {
        let package = try ChartPackage.package(directory: source)
        let file = package.fileName
        try Data(package.archive).write(to: URL(fileURLWithPath: directory + "/" + file))
        let digest = SHA256.hash(data: package.archive).map { String(format: "%02x", $0) }.joined()
        published.append((chart, version, file, digest))
        try writeIndex()
        return package.archive
    }

    /// Replaces `index.yaml` with arbitrary bytes (a broken index).
    public func overwriteIndex(_ text: String) throws {
        try text.write(toFile: directory + "/index.yaml", atomically: true, encoding: .utf8)
    }

    private func writeIndex() throws {
        var text = "apiVersion: v1\nentries:\n"
        for chart in Set(published.map(\.name)).sorted() {
            text += "  \(chart):\n"
            for entry in published.filter({ $0.name == chart }).reversed() {
                text += """
                  - apiVersion: v2
                    name: \(chart)
                    version: \(entry.version)
                    appVersion: "\(entry.version)"
                    created: "2026-01-02T03:04:05Z"
                    digest: \(entry.digest)
                    urls:
                    - \(entry.file)

                """
            }
        }
        text += "generated: \"2026-01-02T03:04:05Z\"\n"
        try text.write(toFile: directory + "/index.yaml", atomically: true, encoding: .utf8)
    }
}
