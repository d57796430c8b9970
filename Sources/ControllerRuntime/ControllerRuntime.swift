/// The machinery every Ferry controller shares. See docs/architecture.md.
public enum ControllerRuntime {}
