import Crypto
import Foundation
import GoTemplate
import Sprig

/// Rendered charts by digest: the same chart (by its artifact digest), user values and options
/// are rendered once. A controller that reconciles a HelmRelease every interval asks the cache;
/// an unchanged release costs a hash of its values, not a render.
public final class RenderCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: TemplateOutput] = [:]
    private var order: [String] = []
    private let capacity: Int
    /// How many renders the cache has performed (misses), for tests and metrics.
    public private(set) var renders = 0

    public init(capacity: Int = 128) {
        self.capacity = max(1, capacity)
    }

    /// The rendering of `chart` (whose archive or directory digest is `chartDigest`) with
    /// `userValues` and `options`, from the cache when those three were rendered before.
    public func template(chart: @autoclosure () throws(HelmError) -> Chart, chartDigest: String,
                         userValues: GoMap, options: TemplateOptions) throws(HelmError) -> TemplateOutput {
        let key = Self.key(chartDigest: chartDigest, userValues: userValues, options: options)
        lock.lock()
        if let hit = entries[key] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let output = try Helm.template(loaded: try chart(), userValues: userValues, options: options)
        lock.lock()
        defer { lock.unlock() }
        renders += 1
        if entries[key] == nil {
            entries[key] = output
            order.append(key)
            if order.count > capacity { entries.removeValue(forKey: order.removeFirst()) }
        }
        return output
    }

    /// SHA-256 over the chart digest, the values as canonical JSON (sorted keys) and every
    /// option that changes the output.
    static func key(chartDigest: String, userValues: GoMap, options: TemplateOptions) -> String {
        var hasher = SHA256()
        func add(_ s: String) {
            hasher.update(data: Data(s.utf8))
            hasher.update(data: Data([0]))
        }
        add(chartDigest)
        add((try? GoJSON.marshal(.map(userValues))) ?? "")
        add(options.releaseName ?? "")
        add(options.nameTemplate ?? "")
        add(options.namespace)
        add(options.kubeVersion ?? "")
        add(options.apiVersions.joined(separator: ","))
        add(options.showOnly.joined(separator: ","))
        add([options.includeCRDs, options.skipTests, options.noHooks, options.isUpgrade, options.hideSecret]
            .map { $0 ? "1" : "0" }.joined())
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
