#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Runs a program to completion and collects its output.
///
/// Written on posix_spawn + waitpid instead of Foundation's `Process`, whose `waitUntilExit`
/// spins a run loop at full CPU and on Linux can miss the child's exit. Every blocking call
/// (reading pipes, waiting for the child) runs on a dispatch queue, never on Swift
/// concurrency's small cooperative pool, so many children at once cannot starve it.
public enum ChildProcess {
    public struct Output: Sendable {
        /// Exit status, or 128 + signal number when the child was killed by a signal.
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: [UInt8]
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    public struct SpawnError: Error, CustomStringConvertible, Sendable {
        public var executable: String
        public var errno: Int32
        public var description: String { "cannot start \(executable): \(String(cString: strerror(errno)))" }
    }

    /// Runs `executable` (a path, or a name looked up on PATH) with `arguments`.
    /// `environment` replaces the inherited one when given; `input` is written to stdin.
    public static func run(_ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
                           directory: String? = nil, input: [UInt8]? = nil) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(executable, arguments, environment: environment, directory: directory, input: input) })
            }
        }
    }

    /// The blocking form, for code that is not async (or is already on its own thread).
    public static func runBlocking(_ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
                                   directory: String? = nil, input: [UInt8]? = nil) throws -> Output {
        // Without glibc's addchdir (older than 2.29) GNU env changes the directory instead.
        if let directory, addChdir == nil {
            return try runBlocking("/usr/bin/env", ["-C", directory, executable] + arguments, environment: environment, input: input)
        }
        // Pipes are created close-on-exec and spawned under one lock, so a child spawned at the
        // same moment by another thread cannot inherit our pipe ends (and hold them open).
        spawnLock.lock()
        var locked = true
        defer { if locked { spawnLock.unlock() } }
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0], inPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0, pipe(&inPipe) == 0 else {
            throw SpawnError(executable: executable, errno: errno)
        }
        for fd in outPipe + errPipe + inPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let directory, let addChdir { _ = addChdir(&actions, directory) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        var pid: pid_t = 0
        let rc = spawn(executable, arguments, environment: environment, actions: &actions, pid: &pid)
        close(inPipe[0]); close(outPipe[1]); close(errPipe[1])
        spawnLock.unlock()
        locked = false
        guard rc == 0 else {
            close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
            throw SpawnError(executable: executable, errno: rc)
        }

        let group = DispatchGroup()
        nonisolated(unsafe) var out: [UInt8] = []
        nonisolated(unsafe) var err: [UInt8] = []
        let outFD = outPipe[0], errFD = errPipe[0], inFD = inPipe[1]
        DispatchQueue.global().async(group: group) { out = readAll(outFD) }
        DispatchQueue.global().async(group: group) { err = readAll(errFD) }
        if let input {
            DispatchQueue.global().async(group: group) {
                input.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let n = write(inFD, raw.baseAddress! + offset, raw.count - offset)
                        if n <= 0 { if n < 0 && errno == EINTR { continue }; break }
                        offset += n
                    }
                }
                close(inFD)
            }
        } else {
            close(inFD)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        group.wait()
        close(outFD); close(errFD)
        let exit: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Output(status: exit, stdout: out, stderr: err)
    }

    static let spawnLock = SpawnLock()

    private static func readAll(_ fd: Int32) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 65536) }
            if n > 0 { result.append(contentsOf: buffer[0..<n]) } else if n < 0 && errno == EINTR { continue } else { break }
        }
        return result
    }
}

/// A plain pthread mutex (Foundation-free).
final class SpawnLock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    func lock() { pthread_mutex_lock(&mutex) }
    func unlock() { pthread_mutex_unlock(&mutex) }
}

extension ChildProcess {
    /// A program started in the background, its output going to a file.
    public final class Running: @unchecked Sendable {
        public let pid: pid_t
        public let logFile: String
        private var exitStatus: Int32?
        private let lock = SpawnLock()

        init(pid: pid_t, logFile: String) {
            self.pid = pid
            self.logFile = logFile
        }

        /// Sends a signal (SIGTERM by default).
        public func signal(_ signal: Int32 = SIGTERM) {
            kill(pid, signal)
        }

        /// Waits for the exit and returns the status (128 + signal when killed).
        public func wait() async -> Int32 {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: self.waitBlocking()) }
            }
        }

        public func waitBlocking() -> Int32 {
            lock.lock()
            defer { lock.unlock() }
            if let exitStatus { return exitStatus }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let exit: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            exitStatus = exit
            return exit
        }

        /// What the program has printed so far (stdout and stderr together).
        public var output: String {
            guard let f = fopen(logFile, "r") else { return "" }
            defer { fclose(f) }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = fread(&buffer, 1, buffer.count, f)
                if n <= 0 { break }
                bytes.append(contentsOf: buffer[0..<n])
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Starts `executable` in the background with stdout and stderr appended to `logFile`.
    public static func start(_ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
                             logFile: String) throws -> Running {
        spawnLock.lock()
        defer { spawnLock.unlock() }
        let fd = open(logFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SpawnError(executable: logFile, errno: errno) }
        defer { close(fd) }
        let devnull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(devnull) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, devnull, 0)
        posix_spawn_file_actions_adddup2(&actions, fd, 1)
        posix_spawn_file_actions_adddup2(&actions, fd, 2)
        var pid: pid_t = 0
        let rc = spawn(executable, arguments, environment: environment, actions: &actions, pid: &pid)
        guard rc == 0 else { throw SpawnError(executable: executable, errno: rc) }
        return Running(pid: pid, logFile: logFile)
    }
}
extension ChildProcess {
    /// posix_spawn(p) with default signal handling, only the descriptors `actions` maps crossing
    /// over, and `environment` (or ours). Returns posix_spawn's result.
    static func spawn(_ executable: String, _ arguments: [String], environment: [String: String]?,
                      actions: inout posix_spawn_file_actions_t, pid: inout pid_t) -> Int32 {
        // Nothing else crosses over: SwiftNIO opens its sockets (API connections, listening
        // servers, accepted clients) without close-on-exec, and a child holding a copy keeps a
        // closed server port accepting and a closed connection from ending.
        _ = closeFrom3?(&actions, 3)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // Start the child with default signal handling (our process may ignore SIGPIPE).
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var envp: [UnsafeMutablePointer<CChar>?] = (environment ?? [:]).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var child: pid_t = 0
        let rc: Int32 = envp.withUnsafeMutableBufferPointer { envBuffer in
            let env = environment == nil ? environ : envBuffer.baseAddress
            return executable.contains("/")
                ? posix_spawn(&child, executable, &actions, &attr, argv, env)
                : posix_spawnp(&child, executable, &actions, &attr, argv, env)
        }
        pid = child
        return rc
    }
}

/// glibc ≥ 2.29's `posix_spawn_file_actions_addchdir_np`, looked up like `closeFrom3` below.
private let addChdir: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32)? = {
    #if os(Linux)
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32).self)
    #else
    return nil
    #endif
}()

/// glibc ≥ 2.34's `posix_spawn_file_actions_addclosefrom_np` (not in Swift's Glibc module map,
/// so looked up at run time; `nil` where it does not exist).
private let closeFrom3: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
    #if os(Linux)
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    #else
    return nil
    #endif
}()
