import Foundation

/// libFuzzer's start-up hook: makes sure AddressSanitizer runs without fake stacks
/// (`detect_stack_use_after_return=0`), re-executing the binary with that option when it is
/// missing. Fake stacks put locals on the heap, so the template executor's probe of how much
/// stack is left reads a heap address and never moves deep recursion to a fresh thread: a
/// self-recursive `{{template}}` then overflows the real stack, a finding that exists only
/// under the sanitizer. (`__asan_default_options` cannot be Swift: it runs before ASan is up.)
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>,
                           _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    let options = getenv("ASAN_OPTIONS").map { String(cString: $0) } ?? ""
    guard !options.contains("detect_stack_use_after_return=0") else { return 0 }
    setenv("ASAN_OPTIONS", options + ":detect_stack_use_after_return=0", 1)
    execv("/proc/self/exe", argv.pointee)
    return 0 // execv failed: fuzz on with fake stacks
}
