/// Neutral chart inputs: plain numbers with names and units, so any module can feed the charts.

/// One data point.
public struct ChartPoint: Sendable, Hashable {
    /// Horizontal value.
    public var x: Double
    /// Vertical value.
    public var y: Double
    /// Optional text drawn next to the point (e.g. a preset's name).
    public var label: String?

    /// A point, optionally labelled.
    public init(x: Double, y: Double, label: String? = nil) {
        self.x = x
        self.y = y
        self.label = label
    }

    /// Whether both coordinates can be drawn (finite, within ``NiceAxis/magnitudeLimit``).
    public var isPlottable: Bool { NiceAxis.isPlottable(x) && NiceAxis.isPlottable(y) }
}

/// How a series is drawn.
public enum SeriesStyle: String, Sendable, Hashable {
    /// Points joined by a line, no markers.
    case line
    /// Markers only.
    case scatter
    /// A line with a marker at every point.
    case lineAndMarkers
}

/// A named series of points.
public struct ChartSeries: Sendable, Hashable {
    /// Name shown in the legend.
    public var name: String
    /// The points, in drawing order. Unplottable points (NaN, ±inf) are skipped and break the line.
    public var points: [ChartPoint]
    /// Line, markers or both.
    public var style: SeriesStyle
    /// Colour as "#rrggbb"; nil picks the palette colour for the series' position.
    public var color: String?
    /// Marker shape; nil picks the shape for the series' position.
    public var marker: MarkerShape?

    /// A series; colour and marker default to the series' position in its chart.
    public init(name: String, points: [ChartPoint], style: SeriesStyle = .lineAndMarkers,
                color: String? = nil, marker: MarkerShape? = nil) {
        self.name = name
        self.points = points
        self.style = style
        self.color = color
        self.marker = marker
    }

    /// A series from parallel arrays of x and y (extra values of the longer array are ignored).
    public init(name: String, x: [Double], y: [Double], style: SeriesStyle = .lineAndMarkers) {
        self.init(name: name, points: zip(x, y).map { ChartPoint(x: $0, y: $1) }, style: style)
    }

    /// The connected runs of plottable points (a non-plottable point ends a run).
    var runs: [[ChartPoint]] {
        var runs: [[ChartPoint]] = [[]]
        for p in points {
            if p.isPlottable { runs[runs.count - 1].append(p) } else if !(runs.last?.isEmpty ?? true) { runs.append([]) }
        }
        return runs.filter { !$0.isEmpty }
    }
}

/// An axis's title and unit; drawn as "title (unit)".
public struct AxisLabel: Sendable, Hashable {
    /// What the axis measures, e.g. "Carbon".
    public var title: String
    /// Its unit, e.g. "gCO₂"; empty for dimensionless.
    public var unit: String

    /// An axis label.
    public init(_ title: String, unit: String = "") {
        self.title = title
        self.unit = unit
    }

    /// "title (unit)".
    public var text: String { ReportFormat.axisTitle(title, unit: unit) }
}

/// A point drawn with a ring around it and a label (e.g. the chosen point on a Pareto frontier).
public struct ChartHighlight: Sendable, Hashable {
    /// The point.
    public var x: Double
    /// The point.
    public var y: Double
    /// Its label.
    public var label: String

    /// A highlighted point.
    public init(x: Double, y: Double, label: String) {
        self.x = x
        self.y = y
        self.label = label
    }
}

/// A vertical reference line across the plot (e.g. today's value of a swept parameter).
public struct ReferenceLine: Sendable, Hashable {
    /// Where the line stands on the x axis.
    public var x: Double
    /// Its label, drawn at the top of the plot.
    public var label: String

    /// A reference line.
    public init(x: Double, label: String) {
        self.x = x
        self.label = label
    }
}

/// Sizes shared by all charts.
public struct ChartStyle: Sendable, Hashable {
    /// Canvas width, px.
    public internal(set) var width: Double = 800
    /// Canvas height, px (charts that stack panels compute their own).
    public internal(set) var height: Double = 480
    /// Tick labels, legend and other small text, px.
    public internal(set) var fontSize: Double = 12
    /// Chart title, px.
    public internal(set) var titleSize: Double = 16

    /// A style; defaults 800 × 480, 12 px text, 16 px title. Sizes are clamped to usable ranges
    /// (width ≥ 200, height ≥ 150, text 6–32 px, title 8–48 px; non-finite → default), which is
    /// why they are set only here.
    public init(width: Double = 800, height: Double = 480, fontSize: Double = 12, titleSize: Double = 16) {
        // Keep sizes usable whatever is passed: a 0 px canvas or NaN font would make nonsense.
        self.width = width.isFinite ? max(200, width) : 800
        self.height = height.isFinite ? max(150, height) : 480
        self.fontSize = fontSize.isFinite ? min(max(6, fontSize), 32) : 12
        self.titleSize = titleSize.isFinite ? min(max(8, titleSize), 48) : 16
    }
}
