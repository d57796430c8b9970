import ChildProcess
import Foundation
import Testing

/// `ChildProcess.run(timeout:)`: a child that outlives its timeout is killed with everything it
/// started, and the call ends with a "timed out after" error instead of waiting for it.
@Suite struct ChildProcessTimeoutTests {
    @Test func aChildThatOutlivesItsTimeoutIsKilledWithItsChildren() async throws {
        let dir = NSTemporaryDirectory() + "ferry-timeout-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The shell starts a grandchild that holds stdout open and records its pid, then waits.
        let script = "sleep 600 & echo $! > '\(dir)/grandchild'; echo started; wait"
        var caught: ChildProcess.TimedOut?
        do {
            _ = try await ChildProcess.run("/bin/sh", ["-c", script], timeout: .milliseconds(500))
        } catch let error as ChildProcess.TimedOut {
            caught = error
        }
        let error = try #require(caught)
        #expect(error.description == "/bin/sh timed out after 500ms")
        #expect(error.partialOutput.stdoutText == "started\n")
        let grandchild = try #require(pid_t(String(contentsOfFile: dir + "/grandchild", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        // The grandchild was in the killed group: it is gone (or a zombie awaiting its reaper).
        // Pids are reused (pid_max is 32768 here, and a full test run starts thousands of
        // processes), so a live pid only counts if it is still our `sleep 600`.
        #expect(kill(grandchild, 0) != 0 || Self.isZombie(grandchild) || !Self.isOurSleep(grandchild))
    }

    @Test func aChildWithinItsTimeoutReturnsItsOutput() async throws {
        let out = try await ChildProcess.run("/bin/sh", ["-c", "echo fine; exit 3"], timeout: .seconds(30))
        #expect(out.status == 3)
        #expect(out.stdoutText == "fine\n")
    }

    @Test(arguments: [(Duration.seconds(30), "30s"), (.milliseconds(1500), "1.5s"), (.milliseconds(250), "250ms")])
    func timeoutsAreWrittenAsPeopleWriteThem(duration: Duration, text: String) {
        let error = ChildProcess.TimedOut(executable: "gpg", timeout: duration,
                                          partialOutput: ChildProcess.Output(status: 137, stdout: [], stderr: []))
        #expect(error.description == "gpg timed out after \(text)")
    }

    /// Whether `pid` runs `sleep 600` (its command line, NUL-separated).
    static func isOurSleep(_ pid: pid_t) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.suffix(2) == ["sleep", "600"]
    }

    static func isZombie(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z")
    }
}
