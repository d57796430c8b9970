#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import GoTemplate

extension Sprig {
    /// `getHostByName`: one of the host's addresses, picked at random as Sprig does; a name
    /// that does not resolve is Go's `rand.Intn(0)` panic. Helm replaces this function with one
    /// that returns "" unless DNS lookups are enabled (`--enable-dns`).
    static var networkFunctions: [String: GoFunction] {
        table([
            def("getHostByName", [.string], "func(string) string") { a in
                let addresses = lookupHost(a.string(0))
                guard let pick = addresses.randomElement() else { throw GoFunctionError("invalid argument to Intn") }
                return .string(pick)
            },
        ])
    }

    /// `net.LookupHost` through the system resolver: IPv4 and IPv6 addresses as text.
    static func lookupHost(_ name: String) -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Darwin)
        hints.ai_socktype = SOCK_STREAM
        #else
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #endif
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var out: [String] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let info = node {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(info.pointee.ai_addr, info.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !out.contains(text) { out.append(text) }
            }
            node = info.pointee.ai_next
        }
        return out
    }
}
