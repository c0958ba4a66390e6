import Synchronization

/// Values appended from several threads (test workers, spawned processes), read back in order of arrival.
public final class SharedList<Element: Sendable>: Sendable {
    private let elements = Mutex<[Element]>([])

    public init() {}

    public func append(_ element: Element) { elements.withLock { $0.append(element) } }

    /// Everything appended so far.
    public var all: [Element] { elements.withLock { $0 } }
}
