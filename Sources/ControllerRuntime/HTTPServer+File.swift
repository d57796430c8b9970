#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

/// A regular file opened for streaming; reads run on NIO's thread pool so they never block the
/// cooperative executor (NonBlockingFileIO is deprecated, NIOFileSystem is not a dependency).
///
/// Opened with `O_NOFOLLOW | O_NONBLOCK` and checked with `fstat`: a symlink, a FIFO (which would
/// block the open) or anything else that is not a regular file is refused, even if it replaced
/// the file after the route resolved its path.
struct OpenFile: Sendable {
    let descriptor: Int32
    let size: Int
    static let chunkSize = 64 * 1024

    static func open(_ path: String) async throws -> OpenFile {
        try await NIOThreadPool.singleton.runIfActive {
            let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
            guard fd >= 0 else { throw IOError(errnoCode: errno, reason: "open") }
            var info = stat()
            guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                Glibc.close(fd)
                throw IOError(errnoCode: ENOENT, reason: "not a regular file")
            }
            return OpenFile(descriptor: fd, size: Int(info.st_size))
        }
    }

    /// Hands the file to `body` in chunks; exactly `size` bytes (a file that shrinks meanwhile
    /// ends the stream with an error rather than a short body).
    func stream(_ body: (ByteBuffer) async throws -> Void) async throws {
        var offset = 0
        while offset < size {
            let want = min(Self.chunkSize, size - offset)
            let fd = descriptor
            let at = offset
            let chunk: ByteBuffer = try await NIOThreadPool.singleton.runIfActive {
                var buffer = ByteBufferAllocator().buffer(capacity: want)
                let n = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: want) { raw in
                    pread(fd, raw.baseAddress, want, off_t(at))
                }
                guard n > 0 else { throw IOError(errnoCode: n < 0 ? errno : EIO, reason: "read") }
                return buffer
            }
            offset += chunk.readableBytes
            try await body(chunk)
        }
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
