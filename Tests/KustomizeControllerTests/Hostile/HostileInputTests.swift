import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

/// Input a user, tenant or repository author controls, aimed at `ferry controllers run` (a real
/// control plane, a real Git server, the controllers as their own process with one worker per
/// controller). After each input: the process is still running — nothing restarts it, so a crash
/// fails the test — the hostile object says what is wrong in its Ready condition, and a
/// well-behaved Kustomization in the same namespace reconciles a revision pushed after it.
///
/// One class of input per file (`extension HostileInputTests { @Suite struct … }`); each file
/// runs its inputs one after another in one namespace and one controllers process.
@Suite struct HostileInputTests {
    /// Starts the controllers (`--concurrent 1` plus `arguments`), runs `prepare`, makes the
    /// neighbour Ready, runs `body`, checks once more that the process survived everything, and stops it.
    static func with(_ name: String, arguments: [String] = [], prepare: (KustomizationEnv) async throws -> Void = { _ in },
                     _ body: (KustomizationEnv) async throws -> Void) async throws {
        let env = try await KustomizationEnv.hostile(name, arguments: arguments)
        do {
            try await prepare(env)
            try await env.startNeighbour()
            try await body(env)
            #expect(await env.controllersAreRunning(), "the controllers process must survive every input")
        } catch {
            Issue.record("controllers log (tail):\n\(env.controllers.log.suffix(6000))")
            await env.stop()
            throw error
        }
        await env.stop()
    }

    /// The acceptance check after one hostile input: waits until `target`'s Ready condition
    /// (for its current generation) ends as `outcome` says, then requires the process alive and
    /// the neighbour to reconcile a revision pushed now. Returns the hostile object's Ready message.
    @discardableResult
    static func expectContained(_ env: KustomizationEnv, _ target: HostileObject, _ outcome: HostileOutcome,
                                timeout: Duration = .seconds(120),
                                sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        var ready: JSONValue?
        let ended = await eventually(timeout: timeout, every: .milliseconds(250)) {
            ready = await env.currentReady(target)
            guard let status = ready?["status"]?.stringValue else { return false }
            let message = ready?["message"]?.stringValue ?? ""
            switch outcome {
            case .fails(let saying):
                return status == "False" && saying.allSatisfy(message.contains)
            case .succeeds:
                return status == "True"
            case .failsOrSucceeds(let saying):
                return status == "True" || (status == "False" && saying.allSatisfy(message.contains))
            }
        }
        #expect(await env.controllersAreRunning(), "controllers died on \(target)", sourceLocation: sourceLocation)
        guard ended else {
            Issue.record("\(target) never ended \(outcome); Ready: \(String(describing: ready))", sourceLocation: sourceLocation)
            throw HostileTestError.notContained(target.description)
        }
        try await env.expectNeighbourReconciles()
        #expect(await env.controllersAreRunning(), "controllers died after \(target)", sourceLocation: sourceLocation)
        return ready?["message"]?.stringValue ?? ""
    }
}

enum HostileTestError: Error {
    /// The hostile object never ended as the test requires.
    case notContained(String)
    /// The test could not arrange its input.
    case setup(String)
}
