import Foundation

/// The fuzz targets of one libFuzzer binary, chosen by `FERRY_FUZZ_TARGET` (scripts/fuzz sets
/// it). Each feeds the bytes libFuzzer gives it to one parser or transform that reads
/// repository or cluster content, and succeeds whether that content is accepted or refused
/// with an error: only a trap, a sanitizer report, a timeout or running out of memory (the
/// limits are scripts/fuzz's `-timeout` and `-rss_limit_mb`) is a finding.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// `YAML.documents`: multi-document manifests as kubectl reads them, written back and re-read.
    case yaml
    /// `JSONValue(jsonBytes:)`: API responses and stored inventories, serialised back and re-read.
    case json
    /// `Kustomize.build` of one kustomization and its files, written to a scratch directory.
    case kustomize
    /// `Gunzip.decompress` and `TarReader.entries`: an artifact as the kustomize controller unpacks it.
    case archive
    /// `PostBuildSubstitution`: `${…}` expansion of raw text and of parsed manifests.
    case postbuild
    /// `Template` parse and execute with Sprig: Helm chart templates without a chart.
    case gotemplate
    /// `Helm.template` of a chart: a values.yaml and templates, or a `.tgz`.
    case helmchart
    /// `GoYAML.unmarshal`, `marshal` and back: values files, `fromYaml`, `toYaml`.
    case goyaml
    /// `RepositoryIndex.load` and chart selection: a Helm repository's index from any server.
    case helmindex
    /// `ReleaseStorage.decodeRecord` and `Release(json:)`: Helm release records in Secrets.
    case helmrelease

    /// The target named by `FERRY_FUZZ_TARGET`; exits with the list of targets when it names none.
    static let selected: FuzzTarget = {
        let name = getenv("FERRY_FUZZ_TARGET").map { String(cString: $0) } ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("ferry-fuzz: set FERRY_FUZZ_TARGET to one of: \(names) (got '\(name)')\n".utf8))
            exit(2)
        }
        return target
    }()

    func run(_ data: [UInt8]) {
        switch self {
        case .yaml: Self.yaml(data)
        case .json: Self.json(data)
        case .kustomize: Self.kustomize(data)
        case .archive: Self.archive(data)
        case .postbuild: Self.postBuild(data)
        case .gotemplate: Self.goTemplate(data)
        case .helmchart: Self.helmChart(data)
        case .goyaml: Self.goYAML(data)
        case .helmindex: Self.helmIndex(data)
        case .helmrelease: Self.helmRelease(data)
        }
    }
}

/// libFuzzer's entry point: called once per input, in one process, forever.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.selected.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
