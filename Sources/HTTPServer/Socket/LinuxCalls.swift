#if canImport(Glibc)
import Glibc

/// Linux calls that the Swift `Glibc` module does not export (`sys/epoll.h`, `sys/eventfd.h`, `accept4`).
///
/// - Note: The package has no C shim target, so these are resolved once with `dlsym` and called
///   through `@convention(c)` function pointers, which use the platform C calling convention.
enum LinuxCalls {
    typealias EpollCreate1 = @convention(c) (Int32) -> Int32
    typealias EpollCtl = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias EpollWait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    typealias EventFD = @convention(c) (UInt32, Int32) -> Int32
    typealias Accept4 = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32

    /// The resolved function pointers.
    // @unchecked Sendable: the table is written once during static initialisation and only read afterwards;
    // C function pointers carry no state.
    struct Table: @unchecked Sendable {
        let epollCreate1: EpollCreate1
        let epollCtl: EpollCtl
        let epollWait: EpollWait
        let eventfd: EventFD
        let accept4: Accept4?
    }

    static let table: Table = {
        let handle = dlopen(nil, RTLD_NOW)
        func symbol(_ name: String) -> UnsafeMutableRawPointer? { dlsym(handle, name) }
        guard let create = symbol("epoll_create1"), let ctl = symbol("epoll_ctl"),
              let wait = symbol("epoll_wait"), let efd = symbol("eventfd") else {
            fatalError("HTTPServer requires Linux epoll and eventfd (glibc)")
        }
        return Table(
            epollCreate1: unsafeBitCast(create, to: EpollCreate1.self),
            epollCtl: unsafeBitCast(ctl, to: EpollCtl.self),
            epollWait: unsafeBitCast(wait, to: EpollWait.self),
            eventfd: unsafeBitCast(efd, to: EventFD.self),
            accept4: symbol("accept4").map { unsafeBitCast($0, to: Accept4.self) }
        )
    }()

    // Constants from <sys/epoll.h> and <sys/eventfd.h> (identical on x86_64 and arm64).
    static let EPOLLIN: UInt32 = 0x001
    static let EPOLLOUT: UInt32 = 0x004
    static let EPOLLERR: UInt32 = 0x008
    static let EPOLLHUP: UInt32 = 0x010
    static let EPOLLRDHUP: UInt32 = 0x2000
    static let EPOLLEXCLUSIVE: UInt32 = 1 << 28
    static let EPOLL_CTL_ADD: Int32 = 1
    static let EPOLL_CTL_DEL: Int32 = 2
    static let EPOLL_CTL_MOD: Int32 = 3
    static let cloexec: Int32 = O_CLOEXEC
    static let nonblock: Int32 = O_NONBLOCK

    /// `struct epoll_event` is packed on x86_64 (12 bytes) and naturally aligned elsewhere (16 bytes).
    #if arch(x86_64)
    static let epollEventSize = 12
    static let epollDataOffset = 4
    #else
    static let epollEventSize = 16
    static let epollDataOffset = 8
    #endif
}
#endif
