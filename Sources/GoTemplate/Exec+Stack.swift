#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Deep recursion without stack overflow. Go's goroutine stacks grow to a gigabyte, so Go lets
/// templates nest 100,000 `{{template}}` calls deep (and Helm's `include` 1,000); a thread's
/// stack here may be 512 KiB. Before recursing, the executor checks how much of the current
/// thread's stack is left; when little is, it continues on a fresh thread with a large stack
/// and waits for it. Ordinary templates never leave their caller's thread.
extension Executor {
    /// What must stay free on the current stack before a recursion step.
    static let stackReserve: UInt = 192 * 1024
    /// The stack of a continuation thread (address space; only touched pages cost memory).
    static let continuationStackSize = 128 * 1024 * 1024

    @inline(never) static func currentStackAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// Runs `body` here, or on a thread with a fresh stack when this one is nearly used up.
    static func withStackRoom<T>(_ body: () throws(TemplateError) -> T) throws(TemplateError) -> T {
        let here = Executor.currentStackAddress()
        let low = StackBounds.lowAddress(near: here)
        if here > low && here - low > Executor.stackReserve { return try body() }
        return try withoutActuallyEscaping(body) { (escapable) throws(TemplateError) -> T in
            let job = StackJob(body: escapable)
            guard StackBounds.runOnFreshThread(job) else {
                throw TemplateError(kind: .exec, message: "template: out of stack space for nested templates")
            }
            switch job.result {
            case .success(let value): return value
            case .failure(let failure): throw failure
            case nil: throw TemplateError(kind: .exec, message: "template: out of stack space for nested templates")
            }
        }
    }
}

/// A body run on a continuation thread and what it produced.
final class StackJob<T>: StackRunnable {
    let body: () throws(TemplateError) -> T
    var result: Result<T, TemplateError>?
    init(body: @escaping () throws(TemplateError) -> T) { self.body = body }
    func run() {
        do throws(TemplateError) { result = .success(try body()) } catch { result = .failure(error) }
    }
}

protocol StackRunnable: AnyObject { func run() }

/// How deep the current thread's stack may go, remembered per thread: the outermost execution
/// on a thread allows itself `entryBudget` below where it started (a thread may have as little
/// as 512 KiB); a continuation thread nearly all of its own stack.
enum StackBounds {
    static let entryBudget: UInt = 384 * 1024

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Marks the start of an execution; true when it is the outermost one on this thread (the
    /// one to call `leave`).
    static func enter(at here: UInt, budget: UInt = entryBudget) -> Bool {
        if pthread_getspecific(key) != nil { return false }
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: here > budget ? here - budget : 1))
        return true
    }

    static func leave() { pthread_setspecific(key, nil) }

    /// The lowest address this thread's executions may reach.
    static func lowAddress(near here: UInt) -> UInt {
        if let stored = pthread_getspecific(key) { return UInt(bitPattern: stored) }
        return here > entryBudget ? here - entryBudget : 0
    }

    /// Runs `job` on a new thread with a large stack and waits for it; false when no thread
    /// could be started.
    static func runOnFreshThread(_ job: StackRunnable) -> Bool {
        var attr = pthread_attr_t()
        guard pthread_attr_init(&attr) == 0 else { return false }
        defer { pthread_attr_destroy(&attr) }
        guard pthread_attr_setstacksize(&attr, Executor.continuationStackSize) == 0 else { return false }
        let context = Unmanaged.passRetained(job as AnyObject).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let started = pthread_create(&thread, &attr, { argument in
            // Optional on Linux, not on Darwin.
            let context: UnsafeMutableRawPointer? = argument
            guard let context else { return nil }
            let job = Unmanaged<AnyObject>.fromOpaque(context).takeRetainedValue()
            _ = StackBounds.enter(at: Executor.currentStackAddress(),
                                  budget: UInt(Executor.continuationStackSize - 1024 * 1024))
            (job as? StackRunnable)?.run()
            StackBounds.leave()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<AnyObject>.fromOpaque(context).release()
            return false
        }
        #if canImport(Darwin)
        guard let thread else { return false }
        #endif
        pthread_join(thread, nil)
        return true
    }
}
