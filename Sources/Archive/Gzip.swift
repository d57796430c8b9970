import CompressNIO
import NIOCore

/// A gzip stream with a fixed header (no file name, mtime 0, OS "unknown"), so the same input
/// always gives the same bytes on every platform. Deflate comes from CompressNIO (zlib);
/// the header and trailer are written here because zlib's own gzip header records the OS.
public final class GzipWriter {
    private let compressor: ZlibCompressor
    private var crc: UInt32 = 0xFFFF_FFFF
    private var inputSize: UInt32 = 0
    private var output: ByteBuffer
    /// Receives compressed bytes as they are produced.
    private let sink: ([UInt8]) throws -> Void

    public static let header: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]

    public init(level: Int32 = 6, sink: @escaping ([UInt8]) throws -> Void) throws {
        compressor = try ZlibCompressor(algorithm: .deflate, configuration: ZlibConfiguration(compressionLevel: level))
        output = ByteBufferAllocator().buffer(capacity: 1 << 16)
        self.sink = sink
        try sink(Self.header)
    }

    public func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        crc = CRC32.update(crc, bytes)
        inputSize = inputSize &+ UInt32(truncatingIfNeeded: bytes.count)
        var input = ByteBufferAllocator().buffer(bytes: bytes)
        while input.readableBytes > 0 {
            if output.writableBytes < 4096 { try drain() }
            do {
                try compressor.deflate(from: &input, to: &output, flush: .no)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                try drain()
            }
        }
        if output.readableBytes >= 1 << 15 { try drain() }
    }

    public func finish() throws {
        var empty = ByteBufferAllocator().buffer(capacity: 16)
        while true {
            if output.writableBytes < 4096 { try drain() }
            do {
                try compressor.deflate(from: &empty, to: &output, flush: .finish)
                break
            } catch let error as CompressNIOError where error == .bufferOverflow {
                try drain()
            }
        }
        try drain()
        let crcOut = crc ^ 0xFFFF_FFFF
        try sink(Self.littleEndian(crcOut) + Self.littleEndian(inputSize))
    }

    private func drain() throws {
        if output.readableBytes > 0 { try sink(output.readBytes(length: output.readableBytes) ?? []) }
        output.clear(minimumCapacity: 1 << 16)
    }

    public static func littleEndian(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xff), UInt8((v >> 8) & 0xff), UInt8((v >> 16) & 0xff), UInt8(v >> 24)] }
}

/// Decompresses a whole single-member gzip file (artifacts are bounded in size), checking its CRC and length.
public enum Gunzip {
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public var description: String
        /// The output would have grown past `maxSize`: a too-large artifact or a gzip bomb.
        public var exceededMaxSize: Bool = false
    }

    /// `maxSize` bounds the decompressed output (nil: unbounded); beyond it the stream is
    /// abandoned with `exceededMaxSize`, so a small download cannot expand into gigabytes.
    public static func decompress(_ bytes: [UInt8], maxSize: Int? = nil) throws(Error) -> [UInt8] {
        do {
            return try inflate(bytes, maxSize: maxSize)
        } catch let error as Error {
            throw error
        } catch {
            throw Error(description: "corrupt gzip stream: \(error)")
        }
    }

    static func inflate(_ bytes: [UInt8], maxSize: Int?) throws -> [UInt8] {
        let decompressor = try ZlibDecompressor(algorithm: .gzip)
        var input = ByteBufferAllocator().buffer(bytes: bytes)
        // Never reserve past the limit (plus one byte, to notice the overrun): a bomb stops at
        // `maxSize`, not at the next doubling after it.
        let ceiling = maxSize.map { $0 < Int.max ? $0 + 1 : $0 }
        let initial = bytes.count <= Int.max / 4 ? max(bytes.count * 4, 1 << 16) : 1 << 16
        var output = ByteBufferAllocator().buffer(capacity: min(initial, ceiling ?? initial))
        while true {
            do {
                try decompressor.inflate(from: &input, to: &output)
                break
            } catch let error as CompressNIOError where error == .bufferOverflow {
                if let maxSize, output.readableBytes > maxSize {
                    throw Error(description: "decompressed size exceeds \(maxSize) bytes", exceededMaxSize: true)
                }
                var grow = max(output.capacity, 1 << 16)
                if let ceiling { grow = min(grow, max(1, ceiling - output.readableBytes)) }
                output.reserveCapacity(minimumWritableBytes: grow)
            } catch let error as CompressNIOError where error == .inputBufferOverflow {
                throw Error(description: "truncated gzip stream")
            } catch let error as CompressNIOError where error == .corruptData {
                throw Error(description: "corrupt gzip stream")
            }
        }
        if let maxSize, output.readableBytes > maxSize {
            throw Error(description: "decompressed size exceeds \(maxSize) bytes", exceededMaxSize: true)
        }
        let result = output.readBytes(length: output.readableBytes) ?? []
        // zlib reports a truncated stream as success when it made progress: check the trailer.
        guard bytes.count >= 18 else { throw Error(description: "truncated gzip stream") }
        let trailer = Array(bytes.suffix(8))
        let crc = CRC32.update(0xFFFF_FFFF, result) ^ 0xFFFF_FFFF
        guard trailer == GzipWriter.littleEndian(crc) + GzipWriter.littleEndian(UInt32(truncatingIfNeeded: result.count)) else {
            throw Error(description: "gzip stream does not match its checksum")
        }
        return result
    }
}

/// CRC-32 (IEEE) as gzip needs it.
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// Continues a CRC whose running value starts at 0xFFFFFFFF (finalise by xor with 0xFFFFFFFF).
    public static func update(_ crc: UInt32, _ bytes: [UInt8]) -> UInt32 {
        var c = crc
        table.withUnsafeBufferPointer { t in
            for b in bytes { c = t[Int((c ^ UInt32(b)) & 0xff)] ^ (c >> 8) }
        }
        return c
    }
}
