import Manifests
import Testing

@testable import ResourceManager

@Suite struct HealthStatusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        var status: HealthStatus.Status
        var message: String
        var testDescription: String { name }
    }

    static func deployment(_ status: String, spec: String = "replicas: 2", generation: Int = 1) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: apps, generation: \(generation)}
        spec: {\(spec)}
        status: \(status)
        """
    }

    static let available = "{type: Available, status: 'True'}"
    static let progressed = "{type: Progressing, status: 'True', reason: NewReplicaSetAvailable}"

    static let cases: [Case] = [
        // Deployment
        Case(name: "deployment rolled out", yaml: deployment(
            "{observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, conditions: [\(available), \(progressed)]}"),
             status: .current, message: "Deployment is available. Replicas: 2"),
        Case(name: "deployment generation not observed", yaml: deployment("{observedGeneration: 1}", generation: 2),
             status: .inProgress, message: "Deployment generation is 2, but latest observed generation is 1"),
        Case(name: "deployment scaling up", yaml: deployment("{observedGeneration: 1, replicas: 1}"),
             status: .inProgress, message: "Replicas: 1/2"),
        Case(name: "deployment updating", yaml: deployment("{observedGeneration: 1, replicas: 2, updatedReplicas: 1}"),
             status: .inProgress, message: "Updated: 1/2"),
        Case(name: "deployment old pods terminating", yaml: deployment("{observedGeneration: 1, replicas: 3, updatedReplicas: 2}"),
             status: .inProgress, message: "Pending termination: 1"),
        Case(name: "deployment not yet available",
             yaml: deployment("{observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 1}"),
             status: .inProgress, message: "Available: 1/2"),
        Case(name: "deployment progress deadline exceeded", yaml: deployment(
            "{observedGeneration: 1, replicas: 2, conditions: [{type: Progressing, status: 'False', reason: ProgressDeadlineExceeded}]}"),
             status: .failed, message: "Progress deadline exceeded"),
        Case(name: "deployment without Available condition", yaml: deployment(
            "{observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, conditions: [\(progressed)]}"),
             status: .inProgress, message: "Deployment not Available"),
        Case(name: "deployment with deadline but new RS not available", yaml: deployment(
            "{observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, conditions: [\(available)]}",
            spec: "replicas: 2, progressDeadlineSeconds: 600"),
             status: .inProgress, message: "ReplicaSet not Available"),
        Case(name: "deployment being deleted", yaml: """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, deletionTimestamp: '2026-01-01T00:00:00Z'}
            """, status: .terminating, message: "Resource scheduled for deletion"),
        // StatefulSet
        Case(name: "statefulset ready", yaml: """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec: {replicas: 3}
            status: {replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, currentRevision: r1, updateRevision: r1}
            """, status: .current, message: "All replicas scheduled as expected. Replicas: 3"),
        Case(name: "statefulset not ready", yaml: """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec: {replicas: 3}
            status: {replicas: 3, readyReplicas: 2}
            """, status: .inProgress, message: "Ready: 2/3"),
        Case(name: "statefulset revision mismatch", yaml: """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec: {replicas: 1}
            status: {replicas: 1, readyReplicas: 1, currentReplicas: 1, currentRevision: r1, updateRevision: r2}
            """, status: .inProgress, message: "Waiting for updated revision to match current"),
        Case(name: "statefulset partition rollout", yaml: """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec: {replicas: 4, updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 2}}}
            status: {replicas: 4, readyReplicas: 4, updatedReplicas: 1}
            """, status: .inProgress, message: "updated: 1/2"),
        Case(name: "statefulset on delete", yaml: """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec: {updateStrategy: {type: OnDelete}}
            """, status: .current, message: "StatefulSet is using the ondelete update strategy"),
        // DaemonSet
        Case(name: "daemonset not observed", yaml: """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent, generation: 1}
            """, status: .inProgress, message: "DaemonSet status.observedGeneration not found"),
        Case(name: "daemonset rolling", yaml: """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent, generation: 1}
            status: {observedGeneration: 1, desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 2}
            """, status: .inProgress, message: "Updated: 2/3"),
        Case(name: "daemonset ready", yaml: """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent, generation: 1}
            status: {observedGeneration: 1, desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3, numberReady: 3}
            """, status: .current, message: "All replicas scheduled as expected. Replicas: 3"),
        // ReplicaSet
        Case(name: "replicaset available", yaml: """
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: web-1}
            spec: {replicas: 2}
            status: {replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2}
            """, status: .current, message: "ReplicaSet is available. Replicas: 2"),
        Case(name: "replicaset failure", yaml: """
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: web-1}
            status: {conditions: [{type: ReplicaFailure, status: 'True'}]}
            """, status: .inProgress, message: "Replica Failure condition. Check Pods"),
        // Job (Flux's reader)
        Case(name: "job running", yaml: """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            status: {startTime: '2026-01-01T00:00:00Z', active: 1}
            """, status: .inProgress, message: "Job in progress"),
        Case(name: "job complete", yaml: """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            spec: {completions: 2}
            status: {succeeded: 2, conditions: [{type: Complete, status: 'True'}]}
            """, status: .current, message: "Job Completed. succeeded: 2/2"),
        Case(name: "job failed", yaml: """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            status: {failed: 1, conditions: [{type: Failed, status: 'True'}]}
            """, status: .failed, message: "Job Failed. failed: 1/1"),
        // PVC, Service
        Case(name: "pvc pending", yaml: """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data}
            status: {phase: Pending}
            """, status: .inProgress, message: "PVC is not Bound. phase: Pending"),
        Case(name: "pvc without status", yaml: "{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data}}",
             status: .inProgress, message: "PVC is not Bound. phase: unknown"),
        Case(name: "pvc bound", yaml: "{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data}, status: {phase: Bound}}",
             status: .current, message: "PVC is Bound"),
        Case(name: "load balancer without cluster IP",
             yaml: "{apiVersion: v1, kind: Service, metadata: {name: lb}, spec: {type: LoadBalancer}}",
             status: .inProgress, message: "ClusterIP not set. Service type: LoadBalancer"),
        Case(name: "load balancer with cluster IP, no ingress yet",
             yaml: "{apiVersion: v1, kind: Service, metadata: {name: lb}, spec: {type: LoadBalancer, clusterIP: 10.0.0.1}}",
             status: .current, message: "Service is ready"),
        Case(name: "cluster IP service", yaml: "{apiVersion: v1, kind: Service, metadata: {name: web}}",
             status: .current, message: "Service is ready"),
        // CRD
        Case(name: "crd established", yaml: """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            status: {conditions: [{type: NamesAccepted, status: 'True'}, {type: Established, status: 'True'}]}
            """, status: .current, message: "CRD is established"),
        Case(name: "crd names conflict", yaml: """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            status: {conditions: [{type: NamesAccepted, status: 'False', reason: MultipleNamesNotAllowed, message: '"widget" is already in use'}]}
            """, status: .failed, message: "\"widget\" is already in use"),
        Case(name: "crd installing", yaml: """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            status: {conditions: [{type: Established, status: 'False', reason: Installing}]}
            """, status: .inProgress, message: "Install in progress"),
        // Namespace
        Case(name: "namespace active", yaml: "{apiVersion: v1, kind: Namespace, metadata: {name: apps}, status: {phase: Active}}",
             status: .current, message: "Resource is current"),
        Case(name: "namespace terminating", yaml: """
            apiVersion: v1
            kind: Namespace
            metadata: {name: apps, deletionTimestamp: '2026-01-01T00:00:00Z'}
            status: {phase: Terminating}
            """, status: .terminating, message: "Resource scheduled for deletion"),
        // Pod
        Case(name: "pod ready", yaml: """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            status: {phase: Running, conditions: [{type: Ready, status: 'True'}]}
            """, status: .current, message: "Pod is Ready"),
        Case(name: "pod crash looping", yaml: """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            status:
              phase: Running
              containerStatuses:
              - {name: app, state: {waiting: {reason: CrashLoopBackOff}}}
              - {name: sidecar, state: {running: {}}}
            """, status: .failed, message: "Containers in CrashLoop state: app"),
        Case(name: "pod unschedulable", yaml: """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, creationTimestamp: '2026-01-01T00:00:00Z'}
            status: {phase: Pending, conditions: [{type: PodScheduled, status: 'False', reason: Unschedulable}]}
            """, status: .failed, message: "Pod could not be scheduled"),
        Case(name: "pod without phase", yaml: "{apiVersion: v1, kind: Pod, metadata: {name: p}}",
             status: .inProgress, message: "Pod phase not available"),
        Case(name: "pod unknown phase", yaml: "{apiVersion: v1, kind: Pod, metadata: {name: p}, status: {phase: Weird}}",
             status: .unknown, message: "unknown phase Weird"),
        // Generic conditions
        Case(name: "custom resource reconciling", yaml: """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, generation: 3}
            status:
              observedGeneration: 3
              conditions:
              - {type: Ready, status: Unknown}
              - {type: Reconciling, status: 'True', reason: Progressing, message: 'Detecting drift for revision main@sha1:abc'}
            """, status: .inProgress, message: "Detecting drift for revision main@sha1:abc"),
        Case(name: "custom resource stalled", yaml: """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, generation: 3}
            status:
              observedGeneration: 3
              conditions: [{type: Stalled, status: 'True', message: 'kustomization path not found'}]
            """, status: .failed, message: "kustomization path not found"),
        Case(name: "custom resource generation not observed", yaml: """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w, generation: 2}
            status: {observedGeneration: 1}
            """, status: .inProgress, message: "Widget generation is 2, but latest observed generation is 1"),
        Case(name: "custom resource with only Ready=False is current to kstatus", yaml: """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w, generation: 1}
            status: {observedGeneration: 1, conditions: [{type: Ready, status: 'False'}]}
            """, status: .current, message: "Resource is current"),
        Case(name: "configmap", yaml: "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}}",
             status: .current, message: "Resource is always ready"),
    ]

    @Test(arguments: cases)
    func status(_ c: Case) throws {
        let result = HealthStatus.compute(try YAML.document(c.yaml))
        #expect(result.status == c.status)
        #expect(result.message == c.message)
    }

    @Test func unschedulablePodGetsFifteenSecondsOfGrace() throws {
        let pod = try YAML.document("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p, creationTimestamp: '2026-01-01T00:00:00Z'}
            status: {phase: Pending, conditions: [{type: PodScheduled, status: 'False', reason: Unschedulable}]}
            """)
        let created = try #require(RFC3339.seconds("2026-01-01T00:00:00Z"))
        #expect(HealthStatus.compute(pod, now: created + 5).status == .inProgress)
        #expect(HealthStatus.compute(pod, now: created + 20).status == .failed)
    }

    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0.0),
        ("2026-01-01T00:00:00Z", 1_767_225_600.0),
        ("2026-01-01T01:00:00+01:00", 1_767_225_600.0),
        ("2026-01-01T00:00:00.5Z", 1_767_225_600.5),
    ])
    func timestamps(text: String, seconds: Double) {
        #expect(RFC3339.seconds(text) == seconds)
    }
}
