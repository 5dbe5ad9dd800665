/// Numbers from outside the process (JSON is a `Double` until proven otherwise): `Int(double)` traps on 1e308, NaN
/// or anything past 2^63, and `NSNumber.intValue` silently wraps, so every conversion of an outside number goes
/// through here and a value out of range is refused or ignored for what it is.
public enum OutsideNumber {
    /// The whole number `value` is, when it is one and lies within `range`; otherwise nil.
    public static func integer(_ value: Double, in range: ClosedRange<Int>) -> Int? {
        // 2^63 as a Double is exactly Int.max + 1: the strict bound keeps `Int(value)` from trapping at the edge.
        guard value.isFinite, value == value.rounded(), value >= -0x1p63, value < 0x1p63 else { return nil }
        let whole = Int(value)
        return range.contains(whole) ? whole : nil
    }

    /// Retell's millisecond timestamps and durations: from 1970 to the year 2200, the range a real call can have.
    /// Beyond it the value is a bug or an attack, never a call.
    public static let epochMilliseconds: ClosedRange<Int> = 0 ... 7_258_118_400_000
}
