import Foundation
import GoTemplate
import Helm

extension FuzzTarget {
    /// A chart repository's `index.yaml` as a HelmRepository downloads it from any server:
    /// loaded, then a chart picked from it by name and range as a HelmChart does. Only a
    /// `HelmError` may come out.
    static func helmIndex(_ data: [UInt8]) {
        do throws(HelmError) {
            let index = try RepositoryIndex.load(data, maximumSize: 1 << 20)
            for name in index.entries.keys.sorted().prefix(4) {
                for range in ["", "*", ">=1.0.0 <2", "~0.1"] {
                    if let entry = try? index.chartVersion(name, version: range) {
                        _ = try? entry.downloadURL(repositoryURL: "https://charts.example.com/repo")
                    }
                }
            }
        } catch {
            precondition(!error.message.isEmpty, "an index error without a message")
        }
    }

    /// A Helm release record (`data.release` of a Secret labelled `owner=helm`, which anyone
    /// who may write Secrets in the storage namespace can forge): decoded from its base64/gzip
    /// text, and — when the bytes are JSON — as a release object; what decodes is encoded again.
    static func helmRelease(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        if let release = try? ReleaseStorage.decodeRecord(text) {
            _ = try? ReleaseStorage.encodeRecord(release)
        }
        if let release = try? Release(json: data) {
            _ = try? release.jsonBytes()
        }
    }
}
