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
///
/// **Timeouts.** `run`/`runBlocking` take an optional `timeout`. With one, the child is started
/// as the leader of a new process group; when the time is up the whole group (the child and
/// everything it started: git's remote helpers, ssh, gpg-agent, a credential plugin's children)
/// gets SIGTERM, then SIGKILL after ``killGracePeriod``, and the call throws ``TimedOut``
/// ("`<program>` timed out after 30s"). The pipes are read with the same deadline, so a
/// grandchild that escaped the group while holding our stdout cannot hang the call either. Use a
/// timeout for every program whose input or peer someone else controls (a repository, a Secret,
/// a kubeconfig): without one, a call waits as long as the child runs.
public enum ChildProcess {
    public struct Output: Sendable {
        /// Exit status, or 128 + signal number when the child was killed by a signal.
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: [UInt8]
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }

        public init(status: Int32, stdout: [UInt8], stderr: [UInt8]) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    public struct SpawnError: Error, CustomStringConvertible, Sendable {
        public var executable: String
        public var errno: Int32
        public var description: String { "cannot start \(executable): \(String(cString: strerror(errno)))" }
    }

    /// The child ran longer than its timeout and was killed with its process group.
    public struct TimedOut: Error, CustomStringConvertible, Sendable {
        public var executable: String
        public var timeout: Duration
        /// What the child had printed before it was killed (may hold secrets: never show it unscrubbed).
        public var partialOutput: Output
        public var description: String { "\(executable) timed out after \(ChildProcess.format(timeout))" }

        public init(executable: String, timeout: Duration, partialOutput: Output) {
            self.executable = executable
            self.timeout = timeout
            self.partialOutput = partialOutput
        }
    }

    /// How long a timed-out process group has between SIGTERM and SIGKILL.
    public static let killGracePeriod: Duration = .seconds(2)

    /// Runs `executable` (a path, or a name looked up on PATH) with `arguments`.
    /// `environment` replaces the inherited one when given; `input` is written to stdin.
    /// With `timeout`, throws ``TimedOut`` after killing the child's process group (see the type's doc).
    public static func run(_ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
                           directory: String? = nil, input: [UInt8]? = nil, timeout: Duration? = nil) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try runBlocking(executable, arguments, environment: environment, directory: directory, input: input, timeout: timeout)
                })
            }
        }
    }

    /// The blocking form, for code that is not async (or is already on its own thread).
    public static func runBlocking(_ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
                                   directory: String? = nil, input: [UInt8]? = nil, timeout: Duration? = nil) throws -> Output {
        // Without glibc's addchdir (older than 2.29) GNU env changes the directory instead.
        if let directory, addChdir == nil {
            return try runBlocking("/usr/bin/env", ["-C", directory, executable] + arguments, environment: environment, input: input,
                                   timeout: timeout)
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
        let rc = spawn(executable, arguments, environment: environment, actions: &actions, newProcessGroup: timeout != nil, pid: &pid)
        close(inPipe[0]); close(outPipe[1]); close(errPipe[1])
        spawnLock.unlock()
        locked = false
        guard rc == 0 else {
            close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
            throw SpawnError(executable: executable, errno: rc)
        }

        // The watchdog kills the group at the deadline unless the child has been reaped by then.
        // The child is reaped only after that flag is set under the lock, so `-pid` always still
        // names our group (a zombie keeps its pid and group id) when the watchdog signals it.
        let watchdog = Watchdog(pid: pid)
        let deadline = timeout.map { DispatchTime.now() + .nanoseconds(Self.nanoseconds($0)) }
        if let timeout { watchdog.arm(after: Int64(Self.nanoseconds(timeout)), grace: Int64(Self.nanoseconds(killGracePeriod))) }
        // Readers give up a little after SIGKILL: by then only a process outside the group holds the pipe.
        let readDeadline = deadline.map { $0 + .nanoseconds(Self.nanoseconds(killGracePeriod + .seconds(1))) }

        let group = DispatchGroup()
        nonisolated(unsafe) var out: [UInt8] = []
        nonisolated(unsafe) var err: [UInt8] = []
        let outFD = outPipe[0], errFD = errPipe[0], inFD = inPipe[1]
        DispatchQueue.global().async(group: group) { out = readAll(outFD, until: readDeadline) }
        DispatchQueue.global().async(group: group) { err = readAll(errFD, until: readDeadline) }
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
        // Wait for the exit without reaping (WNOWAIT), then for the pipes, then reap.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
        group.wait()
        let timedOut = watchdog.finish()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        close(outFD); close(errFD)
        let exit: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let output = Output(status: exit, stdout: out, stderr: err)
        if timedOut, let timeout { throw TimedOut(executable: executable, timeout: timeout, partialOutput: output) }
        return output
    }

    static let spawnLock = SpawnLock()

    /// Reads `fd` to its end, or until `deadline` passes (then returns what it has).
    private static func readAll(_ fd: Int32, until deadline: DispatchTime?) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let deadline {
                let now = DispatchTime.now()
                guard now < deadline else { break }
                let ms = Int32(clamping: (deadline.uptimeNanoseconds - now.uptimeNanoseconds) / 1_000_000 + 1)
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, ms)
                if ready < 0 && errno == EINTR { continue }
                if ready <= 0 { if ready == 0 { continue } else { break } }
            }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 65536) }
            if n > 0 { result.append(contentsOf: buffer[0..<n]) } else if n < 0 && errno == EINTR { continue } else { break }
        }
        return result
    }

    static func nanoseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        guard seconds < Int64(Int.max / 1_000_000_000) - 1 else { return Int.max / 2 }
        return max(0, Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
    }

    /// `30s`, `1.5s`, `250ms`: a timeout as people write it.
    static func format(_ duration: Duration) -> String {
        let ms = nanoseconds(duration) / 1_000_000
        if ms < 1000 { return "\(ms)ms" }
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        var fraction = String(ms % 1000)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(ms / 1000).\(fraction)s"
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
        let rc = spawn(executable, arguments, environment: environment, actions: &actions, newProcessGroup: false, pid: &pid)
        guard rc == 0 else { throw SpawnError(executable: executable, errno: rc) }
        return Running(pid: pid, logFile: logFile)
    }
}
extension ChildProcess {
    /// posix_spawn(p) with default signal handling, only the descriptors `actions` maps crossing
    /// over, and `environment` (or ours); the leader of a new process group when `newProcessGroup`.
    /// Returns posix_spawn's result.
    static func spawn(_ executable: String, _ arguments: [String], environment: [String: String]?,
                      actions: inout posix_spawn_file_actions_t, newProcessGroup: Bool, pid: inout pid_t) -> Int32 {
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
        var flags = Int32(POSIX_SPAWN_SETSIGDEF)
        if newProcessGroup {
            posix_spawnattr_setpgroup(&attr, 0)
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
        }
        posix_spawnattr_setflags(&attr, Int16(flags))

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
