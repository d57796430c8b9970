import Archive
import Sprig

/// Loading a `.tgz` chart as Helm's `LoadArchive` does: entries lose their first path element
/// (the chart's directory), paths are cleaned, and archives that reach outside their directory,
/// hold absolute or drive-letter paths, or keep Chart.yaml at the top are refused with Helm's
/// texts. Directories and pax headers are skipped; a UTF-8 BOM is dropped from each file.
extension ChartLoader {
    static func loadFile(_ path: String, warnings: inout [String]) throws(HelmError) -> Chart {
        let bytes = try ChartFileSystem.read(path)
        let head = bytes.prefix(512)
        if !(head.count >= 3 && head[0] == 0x1f && head[1] == 0x8b && head[2] == 0x08) {
            let ext = extensionOf(path)
            if ext == ".yaml" || ext == ".yml" {
                throw HelmError("file '\(path)' seems to be a YAML file, but expected a gzipped archive")
            }
            let looksText = !head.contains { $0 < 0x09 || ($0 > 0x0d && $0 < 0x20 && $0 != 0x1b) }
            let type = looksText ? "text/plain; charset=utf-8" : "application/octet-stream"
            throw HelmError("file '\(path)' does not appear to be a gzipped archive; got '\(type)'")
        }
        return try load(archive: bytes, warnings: &warnings)
    }

    /// The files of a chart archive, named relative to the chart's directory.
    static func archiveFiles(_ archive: [UInt8]) throws(HelmError) -> [ChartFile] {
        guard archive.count >= 2, archive[0] == 0x1f, archive[1] == 0x8b else {
            throw HelmError(archive.isEmpty ? "EOF" : "gzip: invalid header")
        }
        let tar: [UInt8]
        do {
            tar = try Gunzip.decompress(archive, maxSize: maximumChartSize + (1 << 20))
        } catch {
            if error.exceededMaxSize { throw HelmError("decompressed chart is larger than the maximum size \(maximumChartSize)") }
            throw HelmError(error.description)
        }
        let entries: [TarEntry]
        do {
            entries = try TarReader.entries(tar)
        } catch {
            throw HelmError(error.description)
        }
        var files: [ChartFile] = []
        var remaining = maximumChartSize
        for entry in entries {
            if entry.kind == .directory { continue }
            let delimiter: Character = entry.path.contains("\\") ? "\\" : "/"
            let parts = entry.path.split(separator: delimiter, omittingEmptySubsequences: false)
            var name = parts.dropFirst().joined(separator: "/")
            if name.hasPrefix("/") { throw HelmError("chart illegally contains absolute paths") }
            name = Sprig.pathClean(name)
            if name == "." {
                throw HelmError("chart illegally contains content outside the base directory: \(ChartMetadata.quote(entry.path))")
            }
            if name.hasPrefix("..") { throw HelmError("chart illegally references parent directory") }
            if isDrivePath(name) { throw HelmError("chart contains illegally named files") }
            if parts.first == "Chart.yaml" { throw HelmError("chart yaml not in base directory") }
            var data = entry.contents
            if data.count > maximumFileSize {
                throw HelmError("decompressed chart file \(ChartMetadata.quote(entry.path)) is larger than the maximum file size \(maximumFileSize)")
            }
            remaining -= data.count
            if remaining < 0 { throw HelmError("decompressed chart is larger than the maximum size \(maximumChartSize)") }
            if data.starts(with: utf8BOM) { data.removeFirst(3) }
            files.append(ChartFile(name: name, data: data))
        }
        if files.isEmpty { throw HelmError("no files in chart archive") }
        return files
    }

    /// `^[a-zA-Z]:/`
    private static func isDrivePath(_ s: String) -> Bool {
        let u = Array(s.utf8.prefix(3))
        guard u.count == 3 else { return false }
        let letter = (u[0] >= 0x41 && u[0] <= 0x5a) || (u[0] >= 0x61 && u[0] <= 0x7a)
        return letter && u[1] == 0x3a && u[2] == 0x2f
    }
}
