import Foundation

/// Number and text formatting shared by every chart: fixed precision, SI prefixes, XML escaping.
///
/// Every number that reaches an SVG goes through here, so output is byte-identical across runs
/// (no locale, no shortest-round-trip printing that could differ between platforms).
public enum ReportFormat {
    /// `value` with exactly `decimals` digits after the point; never prints "-0".
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
        let d = max(0, min(decimals, 15))
        var s = String(format: "%.\(d)f", value)
        // "-0.00" reads as a distinct value to a person; it is zero.
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        return s
    }

    /// A coordinate in the SVG: two decimals are 1/100 px, far below what a screen shows.
    static func coord(_ value: Double) -> String { fixed(value, decimals: 2) }

    /// Inserts thousands separators into the integer part of a plain decimal string ("12345.5" → "12,345.5").
    public static func groupThousands(_ s: String) -> String {
        var sign = ""
        var body = Substring(s)
        if body.hasPrefix("-") { sign = "-"; body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let intPart = Array(parts[0])
        guard intPart.count > 3 else { return s }
        var out: [Character] = []
        for (i, c) in intPart.enumerated() {
            if i > 0, (intPart.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return sign + String(out) + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// Labels for evenly spaced tick values `ticks` that are `step` apart.
    ///
    /// All labels share one style so they line up: plain decimals with thousands separators
    /// below 10 000, SI prefixes (k, M, G, T) from 10 000 up, and (m, µ, n) for magnitudes
    /// below 0.01; the number of decimals is the fewest that tells adjacent ticks apart.
    public static func tickLabels(_ ticks: [Double], step: Double) -> [String] {
        let maxAbs = ticks.map { abs($0) }.filter(\.isFinite).max() ?? 0
        guard step > 0, step.isFinite, maxAbs.isFinite else { return ticks.map { fixed($0, decimals: 2) } }
        var exponent = 0
        if maxAbs >= 10_000 {
            exponent = min(12, Int((log10(maxAbs) / 3).rounded(.down)) * 3)
        } else if maxAbs > 0, maxAbs < 0.01 {
            exponent = max(-12, Int((log10(maxAbs) / 3).rounded(.down)) * 3)
        }
        let scale = pow(10.0, Double(exponent))
        let scaledStep = step / scale
        let decimals = max(0, min(12, -Int((log10(scaledStep) + 1e-9).rounded(.down))))
        let suffix = siSuffix(exponent)
        return ticks.map { t in
            let s = fixed(t / scale, decimals: decimals)
            return (exponent == 0 ? groupThousands(s) : s) + suffix
        }
    }

    static func siSuffix(_ exponent: Int) -> String {
        switch exponent {
        case 3: return "k"
        case 6: return "M"
        case 9: return "G"
        case 12: return "T"
        case -3: return "m"
        case -6: return "µ"
        case -9: return "n"
        case -12: return "p"
        default: return ""
        }
    }

    /// Escapes text for XML character data and attribute values, and drops the control
    /// characters XML 1.0 forbids (a stray NUL in a series name must not make the file unreadable).
    public static func xmlEscape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out += " "
            default:
                let v = scalar.value
                if v < 0x20 || (0xD800...0xDFFF).contains(v) || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// "Title (unit)", or just the title when the unit is empty.
    public static func axisTitle(_ title: String, unit: String) -> String {
        unit.isEmpty ? title : "\(title) (\(unit))"
    }
}

/// A conservative estimate of rendered text size, used for layout (no font metrics without a renderer).
///
/// 0.62 em per character covers the average advance of digits and lower-case letters in the
/// common sans-serif fonts (DejaVu Sans digits are 0.636 em, Arial's 0.556 em); the test reader
/// uses the same estimate to check overlaps, so layout and check agree on what "overlap" means.
public enum TextMetrics {
    /// Average advance per character, in em.
    public static let emPerCharacter = 0.62

    /// Estimated width of `text` at `fontSize` px.
    public static func width(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * emPerCharacter * fontSize
    }

    /// `text` shortened with "…" so that its estimated width fits `maxWidth`.
    public static func truncate(_ text: String, fontSize: Double, maxWidth: Double) -> String {
        if width(text, fontSize: fontSize) <= maxWidth { return text }
        let fit = Int((maxWidth / (emPerCharacter * fontSize)).rounded(.down)) - 1
        guard fit > 0 else { return "" }
        return String(text.prefix(fit)) + "…"
    }
}
