/// Positions in an array kept in the order its keys were first seen (report totals grouped by key, a CSV's extra
/// columns): one home for "find it, or append it and remember where".
extension Dictionary where Value == Int {
    /// The position remembered for `key`; for a key not seen yet, `append` adds its element to the array and returns
    /// the array's count before it, which is remembered.
    mutating func position(of key: Key, appending append: () -> Int) -> Int {
        if let known = self[key] { return known }
        let position = append()
        self[key] = position
        return position
    }
}
