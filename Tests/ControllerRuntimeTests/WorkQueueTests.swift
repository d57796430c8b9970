import ControllerRuntime
import Testing

/// The work queue's bookkeeping, fed by hand: no clock, no tasks.
@Suite struct WorkQueueTests {
    let t0 = ContinuousClock.now

    @Test func addingAKeyTwiceQueuesItOnce() {
        var q = WorkQueue<String>()
        q.add("a")
        q.add("b")
        q.add("a")
        #expect(q.depth == 2)
        #expect(q.next() == "a")
        #expect(q.next() == "b")
        #expect(q.next() == nil)
    }

    @Test func aKeyBeingProcessedIsNotHandedOutAgainButRunsOnceMoreAfterwards() {
        var q = WorkQueue<String>()
        q.add("a")
        #expect(q.next() == "a")
        // Changes arrive while a worker holds "a": three adds, one follow-up turn.
        q.add("a")
        q.add("a")
        q.add("a")
        #expect(q.next() == nil, "a second worker must not get a key that is being processed")
        q.done("a")
        #expect(q.next() == "a")
        q.done("a")
        #expect(q.next() == nil, "the follow-up turn happens once, not once per add")
    }

    @Test func failuresBackOffExponentiallyUpToTheCapAndSuccessResetsIt() {
        var q = WorkQueue<String>(backoff: Backoff(base: .seconds(1), cap: .seconds(5)))
        var delays: [Duration] = []
        for _ in 0..<5 {
            q.add("a")
            #expect(q.next() == "a")
            let deadline = q.finish("a", outcome: .failed, now: t0)
            delays.append(deadline.map { $0 - t0 } ?? .zero)
        }
        #expect(delays == [.seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5)])
        #expect(q.failures["a"] == 5)

        q.add("a")
        _ = q.next()
        q.finish("a", outcome: .succeeded(requeueAfter: nil), now: t0)
        #expect(q.failures["a"] == nil)
        q.add("a")
        _ = q.next()
        #expect(q.finish("a", outcome: .failed, now: t0).map { $0 - t0 } == .seconds(1), "backoff starts afresh after a success")
    }

    @Test func backoffIsPerKey() {
        var q = WorkQueue<String>(backoff: Backoff(base: .seconds(1), cap: .seconds(60)))
        for _ in 0..<3 {
            q.add("a"); _ = q.next(); q.finish("a", outcome: .failed, now: t0)
        }
        q.add("b"); _ = q.next()
        #expect(q.finish("b", outcome: .failed, now: t0).map { $0 - t0 } == .seconds(1))
    }

    @Test func scheduledKeysBecomeReadyWhenTheirTimeComes() {
        var q = WorkQueue<String>()
        q.add("late", at: t0 + .seconds(10), now: t0)
        q.add("soon", at: t0 + .seconds(2), now: t0)
        #expect(q.next() == nil)
        #expect(q.tick(now: t0 + .seconds(1)) == t0 + .seconds(2))
        #expect(q.next() == nil)
        #expect(q.tick(now: t0 + .seconds(3)) == t0 + .seconds(10))
        #expect(q.next() == "soon")
        #expect(q.tick(now: t0 + .seconds(11)) == nil)
        #expect(q.next() == "late")
    }

    @Test func theLatestOutcomeReplacesAnEarlierSchedule() {
        var q = WorkQueue<String>(backoff: Backoff(base: .seconds(1), cap: .seconds(60)))
        q.add("a"); _ = q.next()
        q.finish("a", outcome: .failed, now: t0)  // retry in 1 s
        q.add("a"); _ = q.next()                   // the user fixed it meanwhile
        q.finish("a", outcome: .succeeded(requeueAfter: .seconds(600)), now: t0)
        #expect(q.scheduled["a"] == t0 + .seconds(600), "a stale backoff retry must not fire after a success")
        q.add("a"); _ = q.next()
        q.finish("a", outcome: .stalled, now: t0)
        #expect(q.scheduled["a"] == nil, "stalled objects wait for a change")
        q.add("a"); _ = q.next()
        q.finish("a", outcome: .waiting(after: .seconds(30)), now: t0)
        #expect(q.scheduled["a"] == t0 + .seconds(30))
        #expect(q.failures["a"] == nil, "waiting is not a failure")
    }

    @Test func removingAKeyDropsItsTurnAndItsBackoff() {
        var q = WorkQueue<String>()
        q.add("a"); _ = q.next(); q.finish("a", outcome: .failed, now: t0)
        q.add("b")
        q.remove("a")
        q.remove("b")
        #expect(q.scheduled.isEmpty && q.failures.isEmpty && q.depth == 0)
    }

    @Test func shutDownStopsHandingOutWorkButLetsBusyKeysFinish() {
        var q = WorkQueue<String>()
        q.add("a"); q.add("b")
        #expect(q.next() == "a")
        q.shutDown()
        q.add("c")
        #expect(q.next() == nil)
        q.finish("a", outcome: .succeeded(requeueAfter: .seconds(5)), now: t0)
        #expect(q.processing.isEmpty && q.scheduled.isEmpty)
    }
}
