/// Parses the timestamp shapes found in public carbon-intensity traces into Unix seconds.
///
/// Accepted (surrounding whitespace ignored):
/// - ISO 8601 / RFC 3339: `2023-01-01T00:00:00Z`, `2023-01-01T00:00:00.000+01:00`,
///   `2023-01-01T00:00+0100`, `2023-01-01T00Z`… with `T` or a space between date and time;
/// - `YYYY-MM-DD HH:MM[:SS[.fff]]` (also with `/` between the date parts, as some exports write);
/// - a date alone, `YYYY-MM-DD` (midnight);
/// - Unix seconds: a plain decimal number, e.g. `1672531200` or `1672531200.5`.
///
/// A time without a zone designator is local time at the reader's `utcOffset` (default 0,
/// i.e. UTC). Leap seconds (`:60`) are rejected.
public enum TimestampParser {
    /// Unix seconds for `text`, or nil when it is none of the accepted shapes. `utcOffset`
    /// (seconds, local − UTC) applies only when the text carries no zone.
    public static func unixSeconds(_ text: Substring, utcOffset: Double = 0) -> Double? {
        let s = text.trimmingSpaces()
        guard !s.isEmpty else { return nil }
        let bytes = Array(s.utf8)
        if isUnixNumber(bytes) { return Double(String(s)).flatMap { $0.isFinite ? $0 : nil } }
        var p = 0
        func digits(_ n: Int) -> Int? {
            guard p + n <= bytes.count else { return nil }
            var v = 0
            for k in p..<(p + n) {
                let b = bytes[k]
                guard b >= 48 && b <= 57 else { return nil }
                v = v * 10 + Int(b - 48)
            }
            p += n
            return v
        }
        func take(_ c: UInt8) -> Bool {
            if p < bytes.count && bytes[p] == c { p += 1; return true }
            return false
        }
        guard let year = digits(4) else { return nil }
        let sep: UInt8
        if take(UInt8(ascii: "-")) { sep = UInt8(ascii: "-") } else if take(UInt8(ascii: "/")) { sep = UInt8(ascii: "/") } else { return nil }
        guard let month = digits(2), take(sep), let day = digits(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var seconds = 0.0
        var offset = utcOffset
        if p < bytes.count {
            guard take(UInt8(ascii: "T")) || take(UInt8(ascii: " ")) || take(UInt8(ascii: "t")) else { return nil }
            while take(UInt8(ascii: " ")) {}
            guard let hour = digits(2), hour <= 24 else { return nil }
            var minute = 0, second = 0.0
            if take(UInt8(ascii: ":")) {
                guard let m = digits(2), m <= 59 else { return nil }
                minute = m
                if take(UInt8(ascii: ":")) {
                    guard let sec = digits(2), sec <= 59 else { return nil }
                    second = Double(sec)
                    if take(UInt8(ascii: ".")) || take(UInt8(ascii: ",")) {
                        var scale = 0.1
                        var any = false
                        while p < bytes.count, bytes[p] >= 48, bytes[p] <= 57 {
                            second += Double(bytes[p] - 48) * scale
                            scale /= 10
                            p += 1
                            any = true
                        }
                        guard any else { return nil }
                    }
                }
            }
            if hour == 24 && (minute != 0 || second != 0) { return nil }
            seconds = Double(hour) * 3600 + Double(minute) * 60 + second
            while take(UInt8(ascii: " ")) {}
            if p < bytes.count {
                if take(UInt8(ascii: "Z")) || take(UInt8(ascii: "z")) {
                    offset = 0
                } else if bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") {
                    let sign: Double = bytes[p] == UInt8(ascii: "-") ? -1 : 1
                    p += 1
                    guard let oh = digits(2), oh <= 18 else { return nil }
                    var om = 0
                    if take(UInt8(ascii: ":")) {
                        guard let m = digits(2), m <= 59 else { return nil }
                        om = m
                    } else if p < bytes.count {
                        guard let m = digits(2), m <= 59 else { return nil }
                        om = m
                    }
                    offset = sign * Double(oh * 3600 + om * 60)
                } else if bytes.count - p == 3, String(decoding: bytes[p...], as: UTF8.self).uppercased() == "UTC" {
                    p = bytes.count
                    offset = 0
                } else {
                    return nil
                }
            }
            guard p == bytes.count else { return nil }
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Double(days) * 86_400 + seconds - offset
    }

    /// Whether the bytes are an optionally signed decimal number without exponent, with at
    /// least 5 integer digits (so `2023` alone is not taken for a Unix time).
    private static func isUnixNumber(_ b: [UInt8]) -> Bool {
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        var intDigits = 0
        while i < b.count, b[i] >= 48, b[i] <= 57 { intDigits += 1; i += 1 }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
        }
        return i == b.count && intDigits >= 5
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
