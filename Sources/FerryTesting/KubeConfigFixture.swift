/// Kubeconfigs as a tenant would put them in a Secret: one cluster, one user, one context,
/// with the cluster's and user's fields given as flow-mapping text (`token: t0ken`).
public enum KubeConfigFixture {
    public static func tenant(cluster: String, user: String) -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: remote
        clusters:
        - name: remote
          cluster: {\(cluster)}
        users:
        - name: tenant
          user: {\(user)}
        contexts:
        - name: remote
          context: {cluster: remote, user: tenant}
        """
    }
}
