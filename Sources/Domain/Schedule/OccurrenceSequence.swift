/// The occurrences of a ``Schedule``, lazily: a random-access collection whose indices are the occurrence
/// indexes *k* themselves, so a slice keeps them (`occurrences[5]` is occurrence 5 in any slice containing it).
///
/// Nothing is stored: `occurrences[k]` is computed from the anchor in O(1), iteration is incremental, and
/// every date query jumps straight to its first index instead of iterating from the start. Date queries
/// filter on ``Occurrence/postingDate``.
///
/// The collection is finite even for an unbounded schedule: it stops at ``CalendarDate/max``. Do not call
/// `Array(_:)` or `count`-driven algorithms on unbounded schedules; query a window instead.
public struct OccurrenceSequence: RandomAccessCollection, Sendable {
    let recurrence: Recurrence
    /// The first occurrence index in this window.
    public let startIndex: Int
    /// One past the last occurrence index in this window.
    public let endIndex: Int

    init(recurrence: Recurrence, startIndex: Int, endIndex: Int) {
        self.recurrence = recurrence
        self.startIndex = startIndex
        self.endIndex = Swift.max(startIndex, endIndex)
    }

    /// Occurrence `index`. Traps outside `startIndex..<endIndex`, like any collection; see
    /// ``occurrence(at:)`` for a checked lookup.
    public subscript(index: Int) -> Occurrence {
        precondition(index >= startIndex && index < endIndex, "occurrence index \(index) out of range")
        return recurrence.occurrence(at: index)
    }

    /// The occurrences with indexes in `bounds`, which must lie in this window.
    public subscript(bounds: Range<Int>) -> OccurrenceSequence {
        precondition(bounds.lowerBound >= startIndex && bounds.upperBound <= endIndex, "occurrence range out of bounds")
        return OccurrenceSequence(recurrence: recurrence, startIndex: bounds.lowerBound, endIndex: bounds.upperBound)
    }

    /// An incremental iterator: O(1) per occurrence, no allocation.
    public func makeIterator() -> OccurrenceIterator {
        OccurrenceIterator(recurrence: recurrence, startIndex: startIndex, endIndex: endIndex)
    }

    // MARK: - Queries

    /// Occurrence `index` if this window contains it, in O(1).
    public func occurrence(at index: Int) -> Occurrence? {
        index >= startIndex && index < endIndex ? recurrence.occurrence(at: index) : nil
    }

    /// The occurrences posted in `(cursor, asOf]`, in order: the EOD catch-up window. A `nil` cursor means
    /// nothing has been posted yet. O(1) to build, whatever the schedule's age.
    public func posted(after cursor: CalendarDate?, through asOf: CalendarDate) -> OccurrenceSequence {
        let lower = cursor.map { firstIndex(postedAfterDayNumber: $0.dayNumber) } ?? startIndex
        return window(lower, firstIndex(postedAfterDayNumber: asOf.dayNumber))
    }

    /// The occurrences posted on `range.lowerBound` … `range.upperBound` inclusive.
    public func posted(in range: ClosedRange<CalendarDate>) -> OccurrenceSequence {
        window(
            firstIndex(postedAfterDayNumber: range.lowerBound.dayNumber - 1),
            firstIndex(postedAfterDayNumber: range.upperBound.dayNumber))
    }

    /// The occurrences posted on or after `date`.
    public func posted(onOrAfter date: CalendarDate) -> OccurrenceSequence {
        window(firstIndex(postedAfterDayNumber: date.dayNumber - 1), endIndex)
    }

    /// The first occurrence posted strictly after `date`, if any: "the next one".
    public func next(after date: CalendarDate) -> Occurrence? {
        let k = firstIndex(postedAfterDayNumber: date.dayNumber)
        return k >= startIndex && k < endIndex ? recurrence.occurrence(at: k) : nil
    }

    /// The occurrences with an index greater than `index` (a cursor kept as an index).
    public func occurrences(afterIndex index: Int) -> OccurrenceSequence {
        window(index == .max ? .max : index + 1, endIndex)
    }

    /// The smallest index (possibly `endIndex`) whose posting date is after the given day number.
    private func firstIndex(postedAfterDayNumber day: Int) -> Int {
        Swift.max(startIndex, Swift.min(endIndex, recurrence.firstIndex(dueOnOrAfter: day + 1 + recurrence.postingLead)))
    }

    /// This window narrowed to `lower..<upper`, clamped.
    private func window(_ lower: Int, _ upper: Int) -> OccurrenceSequence {
        let lo = Swift.max(startIndex, Swift.min(lower, endIndex))
        return OccurrenceSequence(recurrence: recurrence, startIndex: lo, endIndex: Swift.min(upper, endIndex))
    }
}

/// Iterates occurrences incrementally: each step derives occurrence *k + 1* from the anchor formula's next
/// term, never by re-clamping occurrence *k*, so the results equal ``OccurrenceSequence/occurrence(at:)``.
public struct OccurrenceIterator: IteratorProtocol, Sendable {
    private let recurrence: Recurrence
    private var index: Int
    private let endIndex: Int
    /// Due date of `index` (meaningless once `index == endIndex`).
    private var due: CalendarDate
    /// Due date of `index − 1` (only read for arrears periods).
    private var previous: CalendarDate?

    init(recurrence: Recurrence, startIndex: Int, endIndex: Int) {
        self.recurrence = recurrence
        self.index = startIndex
        self.endIndex = endIndex
        self.due = startIndex < endIndex ? (recurrence.due(at: startIndex) ?? .max) : .max
        if case .arrears = recurrence.period, startIndex < endIndex {
            self.previous = recurrence.due(at: startIndex - 1)
        } else {
            self.previous = nil
        }
    }

    public mutating func next() -> Occurrence? {
        guard index < endIndex else { return nil }
        let current = due
        let following = recurrence.due(after: current, at: index)
        let occurrence = recurrence.makeOccurrence(index: index, due: current, previous: previous, following: following)
        previous = current
        due = following ?? .max
        index += 1
        return occurrence
    }
}
