/// The source controller: GitRepository now; OCIRepository, HelmRepository and Bucket later.
public enum SourceController {}
