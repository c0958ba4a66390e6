#if canImport(Glibc)
import Glibc

/// A Linux `epoll` instance with a fixed-size event buffer; level-triggered.
///
/// Owned and used by one event-loop thread; ``add(_:events:token:)`` and ``remove(_:)`` are also safe from
/// other threads because `epoll_ctl` is thread-safe.
final class Epoll {
    let fd: Int32
    private let buffer: UnsafeMutableRawPointer
    let capacity: Int

    init(capacity: Int = 256) throws(SocketError) {
        let fd = LinuxCalls.table.epollCreate1(LinuxCalls.cloexec)
        guard fd >= 0 else { throw SocketError("epoll_create1") }
        self.fd = fd
        self.capacity = capacity
        self.buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity * LinuxCalls.epollEventSize, alignment: 8)
    }

    deinit {
        buffer.deallocate()
        Glibc.close(fd)
    }

    private func control(_ op: Int32, _ target: Int32, events: UInt32, token: UInt64) -> Int32 {
        var raw: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &raw) { event in
            event.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            event.storeBytes(of: token, toByteOffset: LinuxCalls.epollDataOffset, as: UInt64.self)
            return LinuxCalls.table.epollCtl(fd, op, target, event.baseAddress)
        }
    }

    func add(_ target: Int32, events: UInt32, token: UInt64) throws(SocketError) {
        guard control(LinuxCalls.EPOLL_CTL_ADD, target, events: events, token: token) == 0 else {
            throw SocketError("epoll_ctl(ADD)")
        }
    }

    func modify(_ target: Int32, events: UInt32, token: UInt64) {
        _ = control(LinuxCalls.EPOLL_CTL_MOD, target, events: events, token: token)
    }

    func remove(_ target: Int32) {
        _ = control(LinuxCalls.EPOLL_CTL_DEL, target, events: 0, token: 0)
    }

    /// Waits for events; returns how many are ready (0 on timeout or interruption).
    func wait(timeoutMilliseconds: Int32) -> Int {
        let n = LinuxCalls.table.epollWait(fd, buffer, Int32(capacity), timeoutMilliseconds)
        return n > 0 ? Int(n) : 0
    }

    /// The ready mask and registration token of event `index` from the last ``wait(timeoutMilliseconds:)``.
    func event(at index: Int) -> (events: UInt32, token: UInt64) {
        let base = buffer + index * LinuxCalls.epollEventSize
        return (base.loadUnaligned(as: UInt32.self),
                base.loadUnaligned(fromByteOffset: LinuxCalls.epollDataOffset, as: UInt64.self))
    }
}

/// A Linux `eventfd` used to wake an event loop from other threads.
struct WakeupFD: Sendable {
    let fd: Int32

    init() throws(SocketError) {
        let fd = LinuxCalls.table.eventfd(0, LinuxCalls.cloexec | LinuxCalls.nonblock)
        guard fd >= 0 else { throw SocketError("eventfd") }
        self.fd = fd
    }

    func signal() {
        var one: UInt64 = 1
        _ = Glibc.write(fd, &one, 8)
    }

    func drain() {
        var value: UInt64 = 0
        _ = Glibc.read(fd, &value, 8)
    }

    func close() {
        _ = Glibc.close(fd)
    }
}
#endif
