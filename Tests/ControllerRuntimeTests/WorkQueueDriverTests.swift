import ControllerRuntime
import FerryTesting
import Testing

/// The async driver with several workers, in real time.
@Suite struct WorkQueueDriverTests {
    @Test func aKeyIsNeverProcessedConcurrentlyAndChangesDuringProcessingAreNotLost() async throws {
        let queue = WorkQueueDriver<String>()
        let busy = Locked<[String: Int]>([:])
        let maxBusy = Locked(0)
        let turns = Locked<[String: Int]>([:])
        let gate = Gate()
        let workers = Task {
            await withDiscardingTaskGroup { group in
                for _ in 0..<4 {
                    group.addTask {
                        while let key = await queue.next() {
                            let now = busy.withLock { $0[key, default: 0] += 1; return $0[key]! }
                            maxBusy.withLock { $0 = max($0, now) }
                            // Hold the first turn of "a" until the test has added it again.
                            await gate.wait()
                            busy.withLock { $0[key]! -= 1 }
                            turns.withLock { $0[key, default: 0] += 1 }
                            await queue.finish(key, outcome: .succeeded(requeueAfter: nil))
                        }
                    }
                }
            }
        }
        await queue.add("a")
        #expect(await eventually { busy.value["a"] == 1 })
        for _ in 0..<20 { await queue.add("a") }  // while "a" is being processed
        for k in ["b", "c", "d"] { await queue.add(k) }
        gate.open()
        let expected = ["a": 2, "b": 1, "c": 1, "d": 1]
        // Idle (nothing ready, held or scheduled) means no further turn can ever come, so the
        // count seen then is final: a third turn of "a" would have kept the queue busy.
        #expect(await eventually {
            let idle = isIdle(await queue.snapshot)
            return idle && turns.value == expected
        })
        await queue.shutDown()
        await workers.value
        #expect(maxBusy.value == 1)
        #expect(turns.value == expected)
    }

    @Test func aFailedKeyComesBackAfterItsBackoffAndARequeueAfterItsDelay() async throws {
        let queue = WorkQueueDriver<String>(backoff: Backoff(base: .milliseconds(100), cap: .seconds(1)))
        let start = ContinuousClock.now
        await queue.add("a")
        #expect(await queue.next() == "a")
        await queue.finish("a", outcome: .failed)
        #expect(await queue.next() == "a")
        let first = ContinuousClock.now - start
        await queue.finish("a", outcome: .failed)
        #expect(await queue.next() == "a")
        let second = ContinuousClock.now - start - first
        #expect(first >= .milliseconds(100))
        #expect(second >= .milliseconds(200), "the second retry waits twice as long")
        await queue.finish("a", outcome: .succeeded(requeueAfter: .milliseconds(150)))
        let before = ContinuousClock.now
        #expect(await queue.next() == "a")
        #expect(ContinuousClock.now - before >= .milliseconds(150))
        await queue.shutDown()
    }

    @Test func shutDownReleasesIdleWorkers() async {
        let queue = WorkQueueDriver<String>()
        async let waiting = queue.next()
        // Parked before the shutdown (else next() would return nil without ever waiting).
        #expect(await eventually { await queue.waitingWorkers == 1 })
        await queue.shutDown()
        #expect(await waiting == nil)
    }

    @Test func aCancelledWorkerStopsWaitingAndTheKeyGoesToAnother() async {
        let queue = WorkQueueDriver<String>()
        let cancelled = Task { await queue.next() }
        #expect(await eventually { await queue.waitingWorkers == 1 }, "parked before it is cancelled")
        cancelled.cancel()
        #expect(await cancelled.value == nil)
        async let other = queue.next()
        // Only the other worker waits now: the cancelled one left the line.
        #expect(await eventually { await queue.waitingWorkers == 1 })
        await queue.add("a")
        #expect(await other == "a", "the key is not lost to the cancelled worker")
        await queue.shutDown()
    }
}

/// Nothing ready, held by a worker or scheduled for later.
private func isIdle<Key>(_ queue: WorkQueue<Key>) -> Bool {
    queue.ready.isEmpty && queue.processing.isEmpty && queue.scheduled.isEmpty
}
