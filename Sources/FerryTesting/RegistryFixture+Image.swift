import Foundation
import OCI

extension RegistryFixture {
    /// What ``pushImage(repository:tag:content:)`` left in the registry.
    public struct PushedImage: Sendable {
        public var repository: String
        public var tag: String
        /// `sha256:` of the manifest: what `docker pull repo@…` and Flux's digest reflection name.
        public var manifestDigest: String
    }

    /// Pushes a tiny container image as `docker push` would: an OCI image manifest whose config is
    /// `application/vnd.oci.image.config.v1+json` (linux/amd64) and whose one layer is a tar of
    /// `content`. Pushing other `content` to the same tag moves the tag to another digest.
    @discardableResult
    public func pushImage(repository: String, tag: String, content: String = "hello") async throws -> PushedImage {
        let client = client()
        let layerBytes = Self.tarOfOneFile(name: "hello.txt", contents: Array(content.utf8))
        let layer = try await client.pushBlob(layerBytes, mediaType: "application/vnd.oci.image.layer.v1.tar", repository: repository)
        let config: [String: Any] = [
            "architecture": "amd64", "os": "linux",
            "rootfs": ["type": "layers", "diff_ids": [layer.digest]],
            "config": ["Cmd": ["/hello"]],
        ]
        let configBytes = try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])
        let configDescriptor = try await client.pushBlob(Array(configBytes), mediaType: "application/vnd.oci.image.config.v1+json",
                                                         repository: repository)
        let manifest = OCIManifest(config: configDescriptor, layers: [layer])
        let digest = try await client.pushManifest(manifest, repository: repository, reference: tag)
        return PushedImage(repository: repository, tag: tag, manifestDigest: digest)
    }

    /// A POSIX tar holding one regular file (header, data padded to 512 bytes, two zero blocks).
    static func tarOfOneFile(name: String, contents: [UInt8]) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int) {
            for (i, byte) in text.utf8.enumerated() { header[offset + i] = byte }
        }
        put(name, at: 0)
        put("0000644\0", at: 100)
        put("0000000\0", at: 108)
        put("0000000\0", at: 116)
        put(String(format: "%011o\0", contents.count), at: 124)
        put("00000000000\0", at: 136)
        put("        ", at: 148)
        header[156] = UInt8(ascii: "0")
        put("ustar\u{0}00", at: 257)
        let checksum = header.reduce(0) { $0 + Int($1) }
        put(String(format: "%06o\0 ", checksum), at: 148)
        var tar = header + contents
        tar += [UInt8](repeating: 0, count: (512 - contents.count % 512) % 512)
        tar += [UInt8](repeating: 0, count: 1024)
        return tar
    }
}
