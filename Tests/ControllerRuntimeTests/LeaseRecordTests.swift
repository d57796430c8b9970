import ControllerRuntime
import Testing

@Suite struct LeaseRecordTests {
    let now = Timestamp(rfc3339: "2026-11-25T10:00:30Z")!

    func record(holder: String, renewedSecondsAgo: Double, duration: Int = 15) -> LeaseRecord {
        LeaseRecord(holderIdentity: holder, leaseDurationSeconds: duration, acquireTime: now + -100,
                    renewTime: now + -renewedSecondsAgo, leaseTransitions: 3)
    }

    @Test func aLiveLeaseOfAnotherHolderIsLeftAlone() {
        #expect(record(holder: "b", renewedSecondsAgo: 5).decide(identity: "a", leaseDuration: 15, now: now) == .heldByOther(holder: "b"))
    }

    @Test func anExpiredLeaseIsTakenOverAndCountsATransition() throws {
        guard case .write(let next) = record(holder: "b", renewedSecondsAgo: 16).decide(identity: "a", leaseDuration: 15, now: now) else {
            Issue.record("expected a takeover")
            return
        }
        #expect(next.holderIdentity == "a" && next.leaseTransitions == 4 && next.acquireTime == now && next.renewTime == now)
    }

    @Test func ourOwnLeaseIsRenewedWithoutATransition() {
        guard case .write(let next) = record(holder: "a", renewedSecondsAgo: 5).decide(identity: "a", leaseDuration: 15, now: now) else {
            Issue.record("expected a renewal")
            return
        }
        #expect(next.leaseTransitions == 3 && next.renewTime == now && next.acquireTime == now + -100)
    }

    @Test func aReleasedLeaseIsFreeAtOnce() {
        let released = record(holder: "b", renewedSecondsAgo: 1).released(now: now)
        #expect(released.holderIdentity.isEmpty && released.leaseDurationSeconds == 1)
        guard case .write = released.decide(identity: "a", leaseDuration: 15, now: now) else {
            Issue.record("a released lease must be free")
            return
        }
    }

    @Test func leaseTimesUseSixFractionalDigits() throws {
        let t = try #require(Timestamp(rfc3339: "2026-11-25T10:00:30.5Z"))
        #expect(t.rfc3339Micro == "2026-11-25T10:00:30.500000Z")
        #expect(t.rfc3339 == "2026-11-25T10:00:30Z")
        #expect(Timestamp(rfc3339: "2026-11-25T12:00:30+02:00") == Timestamp(rfc3339: "2026-11-25T10:00:30Z"))
        #expect(Timestamp(rfc3339: "yesterday") == nil)
        #expect(LeaseRecord(lease: ["spec": record(holder: "a", renewedSecondsAgo: 2).spec]) == record(holder: "a", renewedSecondsAgo: 2))
    }
}
