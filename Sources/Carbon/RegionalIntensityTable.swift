/// A daily window of local time, `[start, end)` in seconds after local midnight. A window with
/// `start > end` wraps past midnight (e.g. 22:00–06:00); `start == end` is empty.
public struct DailyWindow: Sendable, Equatable {
    /// Start, seconds after local midnight, in [0, 86400).
    public let start: Double
    /// End, seconds after local midnight, in [0, 86400].
    public let end: Double

    /// A window from `start` to `end` (seconds after local midnight); throws outside [0, 86400].
    public init(start: Double, end: Double) throws(CarbonError) {
        guard start >= 0, start < 86_400 else {
            throw .invalidArgument(name: "peak start", value: "\(start)", allowed: "seconds in [0, 86400)")
        }
        guard end >= 0, end <= 86_400 else {
            throw .invalidArgument(name: "peak end", value: "\(end)", allowed: "seconds in [0, 86400]")
        }
        self.start = start
        self.end = end
    }

    /// A window from hour `startHour` to hour `endHour` (local, 0…24). Throws outside that range.
    public init(startHour: Double, endHour: Double) throws(CarbonError) {
        try self.init(start: startHour * 3600, end: endHour * 3600)
    }

    /// 08:00–22:00 local: the default peak window (see ``RegionalIntensityTable``).
    public static let defaultPeak = DailyWindow(uncheckedStart: 8 * 3600, end: 22 * 3600)

    private init(uncheckedStart: Double, end: Double) {
        self.start = uncheckedStart
        self.end = end
    }

    /// Whether second-of-day `s` (in [0, 86400)) lies in the window.
    public func contains(secondOfDay s: Double) -> Bool {
        if start <= end { return s >= start && s < end }
        return s >= start || s < end
    }

    /// Seconds of the window within `[0, s)` of one day, for `s` in [0, 86400].
    func covered(upTo s: Double) -> Double {
        if start <= end { return max(0, min(s, end) - start) }
        // Wrapping: [0, end) ∪ [start, 86400).
        return min(s, end) + max(0, s - start)
    }
}

/// The seed's regional carbon-intensity table (DESIGN §6): a peak and an off-peak intensity
/// per region, in gCO₂/kWh.
///
/// | region | peak | off-peak |
/// |---|---|---|
/// | Beijing | 580 | 420 |
/// | Sichuan | 210 | 180 |
///
/// The seed gives the intensities but not the hours; DESIGN §6 says peak hours are
/// configurable. The default here is **08:00–22:00 local time** (``DailyWindow/defaultPeak``),
/// a common daytime-peak convention for Chinese time-of-use tariffs, in **UTC+8** (China
/// Standard Time, which both regions use; no daylight saving). Both can be changed.
public struct RegionalIntensityTable: Sendable, Equatable, CarbonIntensitySource {
    /// A region of the seed's table.
    public enum Region: String, Sendable, CaseIterable, Codable {
        case beijing
        case sichuan

        /// Intensity during peak hours, gCO₂/kWh (seed table).
        public var peakIntensity: Double {
            switch self {
            case .beijing: return 580
            case .sichuan: return 210
            }
        }
        /// Intensity outside peak hours, gCO₂/kWh (seed table).
        public var offPeakIntensity: Double {
            switch self {
            case .beijing: return 420
            case .sichuan: return 180
            }
        }
    }

    /// Peak intensity, gCO₂/kWh.
    public let peakIntensity: Double
    /// Off-peak intensity, gCO₂/kWh.
    public let offPeakIntensity: Double
    /// The daily peak window in local time.
    public let peak: DailyWindow
    /// Local time minus UTC, in seconds (28800 for UTC+8).
    public let utcOffset: Double

    /// The table for a seed region, with the default peak window and UTC+8 unless given.
    public init(region: Region, peak: DailyWindow = .defaultPeak, utcOffset: Double = 8 * 3600) throws(CarbonError) {
        try self.init(peakIntensity: region.peakIntensity, offPeakIntensity: region.offPeakIntensity,
                      peak: peak, utcOffset: utcOffset)
    }

    /// A custom two-level table; intensities must be finite and ≥ 0, the offset within ±18 h.
    public init(peakIntensity: Double, offPeakIntensity: Double, peak: DailyWindow = .defaultPeak,
                utcOffset: Double = 8 * 3600) throws(CarbonError) {
        for (name, v) in [("peakIntensity", peakIntensity), ("offPeakIntensity", offPeakIntensity)]
        where !(v.isFinite && v >= 0) {
            throw .invalidArgument(name: name, value: "\(v)", allowed: "a finite intensity ≥ 0 gCO2/kWh")
        }
        guard utcOffset.isFinite, abs(utcOffset) <= 18 * 3600 else {
            throw .invalidArgument(name: "utcOffset", value: "\(utcOffset)", allowed: "seconds within ±64800 (±18 h)")
        }
        self.peakIntensity = peakIntensity
        self.offPeakIntensity = offPeakIntensity
        self.peak = peak
        self.utcOffset = utcOffset
    }

    /// Seconds after local midnight at Unix time `time`.
    public func localSecondOfDay(_ time: Double) -> Double {
        let local = time + utcOffset
        let r = local.truncatingRemainder(dividingBy: 86_400)
        return r < 0 ? r + 86_400 : r
    }

    /// Whether `time` (Unix s) falls in peak hours.
    public func isPeak(at time: Double) -> Bool { peak.contains(secondOfDay: localSecondOfDay(time)) }

    /// Peak or off-peak intensity at `time` (Unix s), gCO₂/kWh. Throws on a non-finite time.
    public func intensity(at time: Double) throws(CarbonError) -> Double {
        guard time.isFinite else {
            throw .invalidArgument(name: "time", value: "\(time)", allowed: "a finite Unix time in seconds")
        }
        return isPeak(at: time) ? peakIntensity : offPeakIntensity
    }

    /// Exact time-weighted mean over `[start, end)` (Unix s). O(1).
    public func averageIntensity(from start: Double, to end: Double) throws(CarbonError) -> Double {
        guard start.isFinite, end.isFinite, end > start else {
            throw .invalidArgument(name: "interval", value: "[\(start), \(end))", allowed: "finite times with end > start")
        }
        let peakSeconds = peakSecondsBefore(end) - peakSecondsBefore(start)
        let total = end - start
        return (peakIntensity * peakSeconds + offPeakIntensity * (total - peakSeconds)) / total
    }

    /// Peak seconds in [local midnight of day 0, time), a monotone function of time.
    private func peakSecondsBefore(_ time: Double) -> Double {
        let local = time + utcOffset
        let day = (local / 86_400).rounded(.down)
        let perDay = peak.covered(upTo: 86_400)
        return day * perDay + peak.covered(upTo: local - day * 86_400)
    }
}
