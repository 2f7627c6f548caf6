import Hardware
import Foundation

/// A deterministic, clearly synthetic stand-in for an hourly national carbon-intensity trace,
/// used when the real trace (e.g. the Electricity Maps 2023 hourly file for Germany, kept in
/// `../shared/data/carbon/`, not in the repository) is absent.
///
/// **It is generated, not measured.** Its shape imitates the German grid (direct emissions):
/// a yearly mean near 380 gCO₂/kWh, higher in winter (≈+60) than in summer; a midday solar
/// dip, deep in summer and shallow in winter; a morning and a stronger evening peak on
/// weekdays; lower nights and weekends (Saturday −35, Sunday −50); and wind as a slow AR(1)
/// process (φ = 0.985 per hour, stationary σ ≈ 70 gCO₂/kWh, i.e. multi-day calm and windy
/// spells); clamped to [100, 750]. Local time is UTC+1 (CET; daylight saving is ignored).
/// The same seed gives the same file, byte for byte.
public enum GeneratedCarbonTrace {
    /// The header the real Electricity Maps hourly exports use (so a scenario names the same
    /// columns for the real and the generated file).
    public static let header = "Datetime (UTC),Zone Id,Carbon Intensity gCO₂eq/kWh (direct),Carbon Intensity gCO₂eq/kWh (Life cycle)"

    /// Hourly intensities (gCO₂/kWh, direct) for `hours` hours from `start` (Unix s, UTC).
    public static func germanyLike(start: Double, hours: Int, seed: UInt64 = 2023) -> [Double] {
        var rng = SplitMix64(seed: seed)
        func uniform() -> Double { rng.nextUnit() }
        func normal() -> Double {
            // Box–Muller (one value per call; deterministic).
            let u1 = max(uniform(), 1e-300), u2 = uniform()
            return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
        let phi = 0.985, sigma = 70.0
        var wind = sigma * normal()
        var out: [Double] = []
        out.reserveCapacity(hours)
        for k in 0..<hours {
            let t = start + Double(k) * 3600
            let local = t + 3600
            let days = (local / 86_400).rounded(.down)
            let hour = (local - days * 86_400) / 3600 + 0.5  // middle of the hour
            let weekday = ((Int(days) + 4) % 7 + 7) % 7       // 0 = Sunday (1970-01-01 was a Thursday)
            let dayOfYear = dayOfYear(unixDays: Int(days))
            let winter = cos(2 * Double.pi * (Double(dayOfYear) - 15) / 365.25)       // 1 mid-January
            let summer = (1 + cos(2 * Double.pi * (Double(dayOfYear) - 172) / 365.25)) / 2  // 1 at the June solstice
            var x = 385 + 60 * winter
            let halfWidth = 4 + 3 * summer
            let solar = max(0, cos(Double.pi / 2 * (hour - 13) / halfWidth))
            x -= (40 + 110 * summer) * solar * solar
            let weekend = weekday == 0 || weekday == 6
            x += (weekend ? 15 : 35) * exp(-pow((hour - 19) / 2, 2))
            if !weekend { x += 15 * exp(-pow((hour - 8) / 1.5, 2)) }
            x -= 20 * exp(-pow((hour - 3.5) / 2.5, 2))
            if weekday == 6 { x -= 35 }
            if weekday == 0 { x -= 50 }
            wind = phi * wind + sigma * (1 - phi * phi).squareRoot() * normal()
            x += wind + 5 * normal()
            out.append(min(750, max(100, x)))
        }
        return out
    }

    /// The CSV text: comment lines saying it is generated, the Electricity Maps header, and one
    /// row per hour (`YYYY-MM-DD HH:MM:SS` in UTC, zone `DE`, direct, life cycle = direct + 45),
    /// values with two decimals.
    public static func germanyLikeCSV(year: Int = 2023, days: Int = 365, seed: UInt64 = 2023) -> String {
        let start = Double(unixDays(year: year, month: 1, day: 1)) * 86_400
        let values = germanyLike(start: start, hours: days * 24, seed: seed)
        var s = """
        # GENERATED DATA — NOT MEASURED. A synthetic German-grid-like hourly carbon-intensity trace
        # made by EPOF's GeneratedCarbonTrace.germanyLikeCSV(year: \(year), days: \(days), seed: \(seed))
        # (Sources/Scenario/GeneratedCarbonTrace.swift). Stand-in for the real Electricity Maps
        # 2023 hourly file for Germany (same columns), which is not part of the repository.

        """
        s += header + "\n"
        for (k, v) in values.enumerated() {
            let t = start + Double(k) * 3600
            let iso = Timestamps.iso(t).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
            s += "\(iso),DE,\(two(v)),\(two(v + 45))\n"
        }
        return s
    }

    private static func two(_ x: Double) -> String {
        let c = Int((x * 100).rounded())
        let frac = c % 100
        return "\(c / 100).\(frac < 10 ? "0" : "")\(frac)"
    }

    /// Days since 1970-01-01 of a civil date.
    static func unixDays(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Day of the year (1-based) of a Unix day.
    static func dayOfYear(unixDays d: Int) -> Int {
        let iso = Timestamps.iso(Double(d) * 86_400)
        let year = Int(iso.prefix(4)) ?? 1970
        return d - unixDays(year: year, month: 1, day: 1) + 1
    }
}
