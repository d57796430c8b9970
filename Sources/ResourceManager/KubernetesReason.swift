/// Reasons Kubernetes' own components write into status, as Ferry's health checks read them.
public enum KubernetesReason {
    /// The Deployment controller's `Progressing` reason once `progressDeadlineSeconds` passed
    /// without progress: kstatus's Failed ("Progress deadline exceeded").
    public static let progressDeadlineExceeded = "ProgressDeadlineExceeded"
    /// The Deployment controller's `Progressing` reason once the new ReplicaSet is available.
    public static let newReplicaSetAvailable = "NewReplicaSetAvailable"
    /// The kubelet's reason for a container waiting on an image that `imagePullPolicy: Never`
    /// forbids pulling and the node does not have.
    public static let errImageNeverPull = "ErrImageNeverPull"
}
