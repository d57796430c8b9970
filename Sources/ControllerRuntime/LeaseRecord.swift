import Manifests

/// The part of a `coordination.k8s.io/v1` Lease that leader election reads and writes, and the
/// pure decision of what to do with it (client-go's `tryAcquireOrRenew`).
public struct LeaseRecord: Sendable, Equatable {
    public var holderIdentity: String
    public var leaseDurationSeconds: Int
    public var acquireTime: Timestamp?
    public var renewTime: Timestamp?
    public var leaseTransitions: Int

    public init(holderIdentity: String, leaseDurationSeconds: Int, acquireTime: Timestamp?, renewTime: Timestamp?,
                leaseTransitions: Int) {
        self.holderIdentity = holderIdentity
        self.leaseDurationSeconds = leaseDurationSeconds
        self.acquireTime = acquireTime
        self.renewTime = renewTime
        self.leaseTransitions = leaseTransitions
    }

    public init(lease: JSONValue) {
        let spec = lease["spec"]
        holderIdentity = spec?["holderIdentity"]?.stringValue ?? ""
        leaseDurationSeconds = spec?["leaseDurationSeconds"]?.intValue ?? 0
        acquireTime = spec?["acquireTime"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }
        renewTime = spec?["renewTime"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }
        leaseTransitions = spec?["leaseTransitions"]?.intValue ?? 0
    }

    /// When the holder's claim runs out.
    public var expiry: Timestamp? { renewTime.map { $0 + Double(leaseDurationSeconds) } }

    public enum Decision: Sendable, Equatable {
        /// Write this record (with the lease's resourceVersion) to become or stay leader.
        case write(LeaseRecord)
        /// Someone else holds a live lease.
        case heldByOther(holder: String)
    }

    /// What `identity` should do at `now`: take the lease when it is free (no holder, or the
    /// holder's `renewTime + leaseDurationSeconds` has passed), renew it when it is ours, else wait.
    public func decide(identity: String, leaseDuration: Int, now: Timestamp) -> Decision {
        let ours = holderIdentity == identity
        if !ours, !holderIdentity.isEmpty, let expiry, expiry > now {
            return .heldByOther(holder: holderIdentity)
        }
        var next = self
        next.holderIdentity = identity
        next.leaseDurationSeconds = leaseDuration
        next.renewTime = now
        if !ours {
            next.acquireTime = now
            next.leaseTransitions = min(leaseTransitions, Int(Int32.max) - 1) + 1  // an int32 in the API; a hostile value must not trap
        }
        return .write(next)
    }

    /// What a leader writes when it steps down, so a standby takes over at once.
    public func released(now: Timestamp) -> LeaseRecord {
        LeaseRecord(holderIdentity: "", leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: leaseTransitions)
    }

    /// The Lease `spec` for this record.
    public var spec: JSONValue {
        var spec: JSONValue = ["holderIdentity": .string(holderIdentity), "leaseDurationSeconds": .int(leaseDurationSeconds),
                               "leaseTransitions": .int(leaseTransitions)]
        if let acquireTime { spec["acquireTime"] = .string(acquireTime.rfc3339Micro) }
        if let renewTime { spec["renewTime"] = .string(renewTime.rfc3339Micro) }
        return spec
    }
}
