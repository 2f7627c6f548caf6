/// Colours and marker shapes, assigned by position so the same input always gets the same look.
public enum Palette {
    /// Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), minus yellow,
    /// which vanishes on white.
    public static let series = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"]

    /// Lighter fills for categorical bands (the same hue order as ``series``, extended).
    public static let categories = ["#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#0072B2", "#D55E00",
                                    "#F0E442", "#999999", "#88CCEE", "#117733", "#AA4499", "#DDCC77"]

    /// The colour of the `index`-th series.
    public static func seriesColor(_ index: Int) -> String { series[index % series.count] }

    /// The fill of the `index`-th category.
    public static func categoryColor(_ index: Int) -> String { categories[index % categories.count] }

    /// Stops of a perceptually ordered sequential scale (viridis-like, dark blue → yellow),
    /// used by heat maps: low values dark, high values bright.
    static let sequential: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 40, 120), (62, 74, 137), (49, 104, 142), (38, 130, 142),
        (31, 158, 137), (53, 183, 121), (109, 205, 89), (180, 222, 44), (253, 231, 37),
    ]

    /// The sequential colour at `t` ∈ [0, 1] (clamped; NaN → 0) as "#rrggbb".
    public static func sequentialColor(_ t: Double) -> String {
        let u = t.isNaN ? 0 : min(max(t, 0), 1)
        let pos = u * Double(sequential.count - 1)
        let i = min(Int(pos), sequential.count - 2)
        let f = pos - Double(i)
        let a = sequential[i], b = sequential[i + 1]
        func ch(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * f).rounded()) }
        return hex(ch(a.0, b.0), ch(a.1, b.1), ch(a.2, b.2))
    }

    /// Whether text on the sequential colour at `t` should be dark (bright background).
    static func darkTextOnSequential(_ t: Double) -> Bool { t >= 0.55 }

    static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for v in [r, g, b] {
            let c = min(max(v, 0), 255)
            s.append(digits[c / 16]); s.append(digits[c % 16])
        }
        return s
    }
}

/// The shape drawn at each data point.
public enum MarkerShape: String, Sendable, Hashable, CaseIterable {
    /// A filled circle.
    case circle
    /// A filled square.
    case square
    /// A filled upward triangle.
    case triangle
    /// A filled diamond.
    case diamond

    /// The marker of the `index`-th series.
    public static func forIndex(_ index: Int) -> MarkerShape { allCases[index % allCases.count] }
}
