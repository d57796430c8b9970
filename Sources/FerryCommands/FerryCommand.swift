import ArgumentParser

/// Placeholder so the package builds on the kustomize-engine branch; replaced on main.
public struct FerryCommand: AsyncParsableCommand { public init() {} }
