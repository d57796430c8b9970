import Manifests

// The kind-specific rules of kstatus `core.go`; messages are kstatus's, verbatim.
extension HealthStatus {
    static func deployment(_ o: JSONValue) -> HealthStatus {
        // Without progressDeadlineSeconds the controller never sets Progressing, so kstatus
        // treats the rollout as progressing (`math.MaxInt32` is the unset marker).
        var progressing = int(o, "spec", "progressDeadlineSeconds", default: Int(Int32.max)) == Int(Int32.max)
        var available = false
        for c in conditions(o) {
            switch c.type {
            case "Progressing":
                if c.reason == KubernetesReason.progressDeadlineExceeded { return HealthStatus(.failed, "Progress deadline exceeded") }
                if c.status == "True", c.reason == KubernetesReason.newReplicaSetAvailable { progressing = true }
            case "Available":
                if c.status == "True" { available = true }
            default: break
            }
        }
        let spec = int(o, "spec", "replicas", default: 1)
        let replicas = int(o, "status", "replicas", default: 0)
        let updated = int(o, "status", "updatedReplicas", default: 0)
        let ready = int(o, "status", "readyReplicas", default: 0)
        let availableReplicas = int(o, "status", "availableReplicas", default: 0)
        if spec > replicas { return HealthStatus(.inProgress, "Replicas: \(replicas)/\(spec)") }
        if spec > updated { return HealthStatus(.inProgress, "Updated: \(updated)/\(spec)") }
        if replicas > spec { return HealthStatus(.inProgress, "Pending termination: \(replicas - spec)") }
        if updated > availableReplicas { return HealthStatus(.inProgress, "Available: \(availableReplicas)/\(updated)") }
        if spec > ready { return HealthStatus(.inProgress, "Ready: \(ready)/\(spec)") }
        if !progressing { return HealthStatus(.inProgress, "ReplicaSet not Available") }
        if !available { return HealthStatus(.inProgress, "Deployment not Available") }
        return HealthStatus(.current, "Deployment is available. Replicas: \(replicas)")
    }

    static func statefulSet(_ o: JSONValue) -> HealthStatus {
        if string(o, "spec", "updateStrategy", "type", default: "") == "OnDelete" {
            return HealthStatus(.current, "StatefulSet is using the ondelete update strategy")
        }
        let spec = int(o, "spec", "replicas", default: 1)
        let ready = int(o, "status", "readyReplicas", default: 0)
        let current = int(o, "status", "currentReplicas", default: 0)
        let updated = int(o, "status", "updatedReplicas", default: 0)
        let replicas = int(o, "status", "replicas", default: 0)
        let partition = int(o, "spec", "updateStrategy", "rollingUpdate", "partition", default: -1)
        if spec > replicas { return HealthStatus(.inProgress, "Replicas: \(replicas)/\(spec)") }
        if spec > ready { return HealthStatus(.inProgress, "Ready: \(ready)/\(spec)") }
        if replicas > spec { return HealthStatus(.inProgress, "Pending termination: \(replicas - spec)") }
        if partition != -1 {
            if updated < spec - partition { return HealthStatus(.inProgress, "updated: \(updated)/\(spec - partition)") }
            return HealthStatus(.current, "Partition rollout complete. updated: \(updated)")
        }
        if spec > current { return HealthStatus(.inProgress, "current: \(current)/\(spec)") }
        if string(o, "status", "currentRevision", default: "") != string(o, "status", "updateRevision", default: "") {
            return HealthStatus(.inProgress, "Waiting for updated revision to match current")
        }
        return HealthStatus(.current, "All replicas scheduled as expected. Replicas: \(replicas)")
    }

    static func daemonSet(_ o: JSONValue) -> HealthStatus {
        // The DaemonSet controller always sets both once it has seen the object, so their
        // absence means "not observed yet" rather than "no generation tracking".
        let kind = o.kind ?? "DaemonSet"
        if o[path: "metadata", "generation"]?.intValue == nil {
            return HealthStatus(.inProgress, "\(kind) metadata.generation not found")
        }
        if o[path: "status", "observedGeneration"]?.intValue == nil {
            return HealthStatus(.inProgress, "\(kind) status.observedGeneration not found")
        }
        let desired = int(o, "status", "desiredNumberScheduled", default: -1)
        let current = int(o, "status", "currentNumberScheduled", default: 0)
        let updated = int(o, "status", "updatedNumberScheduled", default: 0)
        let available = int(o, "status", "numberAvailable", default: 0)
        let ready = int(o, "status", "numberReady", default: 0)
        if desired == -1 { return HealthStatus(.inProgress, "Missing .status.desiredNumberScheduled") }
        if desired > current { return HealthStatus(.inProgress, "Current: \(current)/\(desired)") }
        if desired > updated { return HealthStatus(.inProgress, "Updated: \(updated)/\(desired)") }
        if desired > available { return HealthStatus(.inProgress, "Available: \(available)/\(desired)") }
        if desired > ready { return HealthStatus(.inProgress, "Ready: \(ready)/\(desired)") }
        return HealthStatus(.current, "All replicas scheduled as expected. Replicas: \(desired)")
    }

    static func replicaSet(_ o: JSONValue) -> HealthStatus {
        if conditions(o).contains(where: { $0.type == "ReplicaFailure" && $0.status == "True" }) {
            return HealthStatus(.inProgress, "Replica Failure condition. Check Pods")
        }
        let spec = int(o, "spec", "replicas", default: 1)
        let replicas = int(o, "status", "replicas", default: 0)
        let ready = int(o, "status", "readyReplicas", default: 0)
        let available = int(o, "status", "availableReplicas", default: 0)
        let labelled = int(o, "status", "fullyLabeledReplicas", default: 0)
        if spec > labelled { return HealthStatus(.inProgress, "Labelled: \(labelled)/\(spec)") }
        if spec > available { return HealthStatus(.inProgress, "Available: \(available)/\(spec)") }
        if spec > ready { return HealthStatus(.inProgress, "Ready: \(ready)/\(spec)") }
        if replicas > spec { return HealthStatus(.inProgress, "Pending termination: \(replicas - spec)") }
        return HealthStatus(.current, "ReplicaSet is available. Replicas: \(replicas)")
    }

    /// Flux's Job rule (`statusreaders.NewCustomJobStatusReader`), not kstatus's: a running
    /// Job is InProgress, so `wait: true` waits for it to finish.
    static func job(_ o: JSONValue) -> HealthStatus {
        let parallelism = int(o, "spec", "parallelism", default: 1)
        let completions = int(o, "spec", "completions", default: parallelism)
        let succeeded = int(o, "status", "succeeded", default: 0)
        let failed = int(o, "status", "failed", default: 0)
        for c in conditions(o) where c.status == "True" {
            if c.type == "Complete" { return HealthStatus(.current, "Job Completed. succeeded: \(succeeded)/\(completions)") }
            if c.type == "Failed" { return HealthStatus(.failed, "Job Failed. failed: \(failed)/\(completions)") }
        }
        return HealthStatus(.inProgress, "Job in progress")
    }

    static func persistentVolumeClaim(_ o: JSONValue) -> HealthStatus {
        let phase = string(o, "status", "phase", default: "unknown")
        if phase != "Bound" { return HealthStatus(.inProgress, "PVC is not Bound. phase: \(phase)") }
        return HealthStatus(.current, "PVC is Bound")
    }

    /// kstatus only asks a LoadBalancer Service for a cluster IP; it does not wait for
    /// `status.loadBalancer.ingress`, so a Service without a load balancer is still Current.
    static func service(_ o: JSONValue) -> HealthStatus {
        if string(o, "spec", "type", default: "ClusterIP") == "LoadBalancer",
           string(o, "spec", "clusterIP", default: "").isEmpty
        {
            return HealthStatus(.inProgress, "ClusterIP not set. Service type: LoadBalancer")
        }
        return HealthStatus(.current, "Service is ready")
    }

    static func customResourceDefinition(_ o: JSONValue) -> HealthStatus {
        for c in conditions(o) {
            if c.type == "NamesAccepted", c.status == "False" { return HealthStatus(.failed, c.message) }
            if c.type == "Established" {
                if c.status == "False", c.reason != "Installing" { return HealthStatus(.failed, c.message) }
                if c.status == "True" { return HealthStatus(.current, "CRD is established") }
            }
        }
        return HealthStatus(.inProgress, "Install in progress")
    }

    /// How long a Pod may stay unschedulable before kstatus calls it Failed.
    static let scheduleWindow = 15.0

    static func pod(_ o: JSONValue, now: Double?) -> HealthStatus {
        let conds = conditions(o)
        switch string(o, "status", "phase", default: "") {
        case "Succeeded": return HealthStatus(.current, "Pod has completed successfully")
        case "Failed": return HealthStatus(.current, "Pod has completed, but not successfully")
        case "Running":
            if conds.contains(where: { $0.type == "Ready" && $0.status == "True" }) {
                return HealthStatus(.current, "Pod is Ready")
            }
            let crashing = (o[path: "status", "containerStatuses"]?.arrayValue ?? []).compactMap { status -> String? in
                guard status[path: "state", "waiting", "reason"]?.stringValue == "CrashLoopBackOff" else { return nil }
                return status["name"]?.stringValue
            }
            if !crashing.isEmpty {
                return HealthStatus(.failed, "Containers in CrashLoop state: \(crashing.joined(separator: ","))")
            }
            return HealthStatus(.inProgress, "Pod is running but is not Ready")
        case "Pending":
            if conds.contains(where: { $0.type == "PodScheduled" && $0.status == "False" && $0.reason == "Unschedulable" }) {
                if let now, let created = o[path: "metadata", "creationTimestamp"]?.stringValue.flatMap(RFC3339.seconds),
                   now - scheduleWindow < created
                {
                    return HealthStatus(.inProgress, "Pod has not been scheduled")
                }
                return HealthStatus(.failed, "Pod could not be scheduled")
            }
            return HealthStatus(.inProgress, "Pod is in the Pending phase")
        case "": return HealthStatus(.inProgress, "Pod phase not available")
        case let phase: return HealthStatus(.unknown, "unknown phase \(phase)")
        }
    }
}

/// Just enough RFC 3339 for Kubernetes timestamps (`2024-05-01T10:00:00Z`, optional
/// fraction and offset), without Foundation.
enum RFC3339 {
    static func seconds(_ text: String) -> Double? {
        let b = Array(text.utf8)
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":")
        else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10),
              let h = num(11..<13), let mi = num(14..<16), let s = num(17..<19)
        else { return nil }
        var i = 19
        var fraction = 0.0
        if b[i] == UInt8(ascii: ".") {
            var scale = 0.1
            i += 1
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                fraction += Double(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard b.count == i + 6, let oh = num(i + 1..<i + 3), let om = num(i + 4..<i + 6) else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
        } else if !(b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z")) || b.count != i + 1 {
            return nil
        }
        // Days from the civil date (Howard Hinnant's algorithm).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days * 86400 + h * 3600 + mi * 60 + s - offset) + fraction
    }
}
