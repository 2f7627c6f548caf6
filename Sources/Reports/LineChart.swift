/// A line / scatter chart of one or more named series: the Pareto frontier with presets marked,
/// a metric over time, any y-against-x.
///
/// Unplottable points (NaN, ±inf, beyond ±1e250) are skipped and break the series' line; an empty
/// chart still draws its axes over [0, 1]; a zero data range is padded (±10 %, or ±1 around zero).
public struct LineChart: Sendable, Hashable {
    /// Title at the top.
    public var title: String
    /// Horizontal axis title and unit.
    public var xAxis: AxisLabel
    /// Vertical axis title and unit.
    public var yAxis: AxisLabel
    /// The series, drawn in order (later ones on top).
    public var series: [ChartSeries]
    /// Points drawn with a ring and a label (e.g. the chosen frontier point).
    public var highlights: [ChartHighlight]
    /// Vertical reference lines.
    public var referenceLines: [ReferenceLine]
    /// Whether the y axis must include zero (bars of magnitude read better from zero).
    public var yIncludesZero: Bool
    /// Sizes.
    public var style: ChartStyle

    /// A chart; highlights, reference lines and style are optional.
    public init(title: String, xAxis: AxisLabel, yAxis: AxisLabel, series: [ChartSeries],
                highlights: [ChartHighlight] = [], referenceLines: [ReferenceLine] = [],
                yIncludesZero: Bool = false, style: ChartStyle = ChartStyle()) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
        self.highlights = highlights
        self.referenceLines = referenceLines
        self.yIncludesZero = yIncludesZero
        self.style = style
    }

    /// The chart as a standalone SVG 1.1 document (deterministic: same chart → same bytes).
    public func svg() -> String {
        var style = self.style
        let fs = style.fontSize
        let top = 8 + style.titleSize + 14
        let names = series.map(\.name)
        let legendW = PlotFrame.legendWidth(names, style: style)
        // A long legend makes the canvas taller rather than dropping entries.
        let legendNeeds = top + Double(names.count) * PlotFrame.legendRow(fontSize: fs) + 10
        style.height = max(style.height, legendNeeds)
        let bottom = PlotFrame.xAxisHeight(fontSize: fs) + 4
        let plotH = max(40, style.height - top - bottom)

        let hl = highlights.filter { NiceAxis.isPlottable($0.x) && NiceAxis.isPlottable($0.y) }
        let refs = referenceLines.filter { NiceAxis.isPlottable($0.x) }
        let xs = series.flatMap { $0.points.filter(\.isPlottable).map(\.x) } + hl.map(\.x) + refs.map(\.x)
        let ys = series.flatMap { $0.points.filter(\.isPlottable).map(\.y) } + hl.map(\.y)
        let yAx = NiceAxis.vertical(values: ys, pixelLength: plotH, fontSize: fs, includeZero: yIncludesZero)
        let left = PlotFrame.leftMargin(yAxis: yAx, fontSize: fs)
        let right = 24 + (legendW > 0 ? legendW + 12 : 0)
        let plotW = max(60, style.width - left - right)
        let xAx = NiceAxis.horizontal(values: xs, pixelLength: plotW, fontSize: fs)
        let r = PlotRect(x: left, y: top, width: plotW, height: plotH)

        var b = SVGBuilder(width: style.width, height: style.height)
        b.fontSize = fs
        PlotFrame.title(&b, title, style: style)
        PlotFrame.plotArea(&b, r, panel: 0)
        PlotFrame.yAxis(&b, yAx, r, title: yAxis.text, fontSize: fs, panel: 0)
        PlotFrame.xAxis(&b, xAx, r, title: xAxis.text, labels: true, style: style)

        func px(_ x: Double) -> Double { xAx.map(x, from: r.x, to: r.right) }
        func py(_ y: Double) -> Double { yAx.map(y, from: r.bottom, to: r.y) }

        for ref in refs {
            let x = px(ref.x)
            b.line(x1: x, y1: r.y, x2: x, y2: r.bottom, stroke: "#666666", width: 1, cls: "reference-line", dash: "4 3")
            let t = TextMetrics.truncate(ref.label, fontSize: fs, maxWidth: r.width / 2)
            let w = TextMetrics.width(t, fontSize: fs)
            let (lx, anchor) = x + 4 + w <= r.right ? (x + 4, "start") : (x - 4, "end")
            b.text(t, x: lx, y: r.y + fs + 2, anchor: anchor, cls: "reference-label", fill: "#444444")
        }

        var labels: [(String, Double, Double)] = []
        for (i, s) in series.enumerated() {
            let color = s.color ?? Palette.seriesColor(i)
            let marker = s.marker ?? MarkerShape.forIndex(i)
            let runs = s.runs
            b.open("g", [("class", .text("series")), ("data-series", .text(s.name))])
            if s.style != .scatter {
                let d = SVGBuilder.pathData(runs.map { $0.map { (px($0.x), py($0.y)) } })
                if !d.isEmpty {
                    b.element("path", [("class", .text("series-line")), ("d", .text(d)), ("fill", .text("none")),
                                       ("stroke", .text(color)), ("stroke-width", .number(2)),
                                       ("stroke-linejoin", .text("round"))])
                }
            }
            for p in runs.joined() {
                if s.style != .line {
                    b.marker(marker, x: px(p.x), y: py(p.y), r: 4, fill: color, cls: "marker")
                }
                if let l = p.label, !l.isEmpty { labels.append((l, px(p.x), py(p.y))) }
            }
            b.close("g")
        }

        for h in hl {
            let x = px(h.x), y = py(h.y)
            b.element("circle", [("class", .text("highlight")), ("cx", .number(x)), ("cy", .number(y)), ("r", .number(8)),
                                 ("fill", .text("none")), ("stroke", .text("#d62728")), ("stroke-width", .number(2))])
            labels.append((h.label, x, y))
        }
        var placed: [PlotRect] = []
        for (text, x, y) in labels {
            placed.append(pointLabel(&b, text, x: x, y: y, plot: r, style: style, avoiding: placed))
        }

        if legendW > 0 {
            let entries = series.enumerated().map { i, s in
                (name: s.name, color: s.color ?? Palette.seriesColor(i),
                 marker: s.style == .line ? nil : (s.marker ?? MarkerShape.forIndex(i)), line: s.style != .scatter)
            }
            PlotFrame.legend(&b, entries, x: r.right + 16, y: r.y, width: legendW, fontSize: fs, panel: 0)
        }
        return b.document(title: title)
    }

    /// A label next to a point: the first of right/left × above/below (then the same a line or more
    /// further away) that stays inside the plot and clear of labels already placed; else the first
    /// that fits; else right-above, clamped to the plot.
    private func pointLabel(_ b: inout SVGBuilder, _ text: String, x: Double, y: Double, plot r: PlotRect,
                            style: ChartStyle, avoiding placed: [PlotRect]) -> PlotRect {
        let fs = style.fontSize
        let t = TextMetrics.truncate(text, fontSize: fs, maxWidth: r.width / 2)
        let w = TextMetrics.width(t, fontSize: fs)
        let gap = 9.0
        // Box of a label whose baseline starts at (lx, ly), as the tests' reader estimates it.
        func box(_ lx: Double, _ ly: Double) -> PlotRect { PlotRect(x: lx, y: ly - 0.8 * fs, width: w, height: fs) }
        func fits(_ q: PlotRect) -> Bool { q.x >= r.x && q.right <= r.right && q.y >= r.y && q.bottom <= r.bottom }
        func clear(_ q: PlotRect) -> Bool {
            !placed.contains { q.x < $0.right && $0.x < q.right && q.y < $0.bottom && $0.y < q.bottom }
        }
        // Beside the point first, then stacked further above or below (crowded clusters).
        var candidates: [(Double, Double)] = []
        for k in 0..<4 {
            let dy = Double(k) * (fs + 2)
            for lx in [x + gap, x - gap - w] {
                candidates.append((lx, y - gap - dy))
                candidates.append((lx, y + gap + 0.8 * fs + dy))
            }
        }
        let chosen = candidates.first { fits(box($0.0, $0.1)) && clear(box($0.0, $0.1)) }
            ?? candidates.first { fits(box($0.0, $0.1)) }
            ?? (min(max(x + gap, r.x), max(r.x, r.right - w)), min(max(y - gap, r.y + 0.8 * fs), r.bottom - 0.2 * fs))
        b.text(t, x: chosen.0, y: chosen.1, cls: "point-label", fill: "#333333")
        return box(chosen.0, chosen.1)
    }
}

/// A sweep curve: one metric against a swept parameter (power cap, region, α), one series per
/// variant, with the current setting marked by a dashed line.
public struct SweepChart: Sendable, Hashable {
    /// Title at the top.
    public var title: String
    /// The swept parameter (x axis).
    public var parameter: AxisLabel
    /// The metric (y axis).
    public var metric: AxisLabel
    /// One curve per variant.
    public var series: [ChartSeries]
    /// Today's value of the parameter, if marked.
    public var current: Double?
    /// Sizes.
    public var style: ChartStyle

    /// A sweep chart.
    public init(title: String, parameter: AxisLabel, metric: AxisLabel, series: [ChartSeries],
                current: Double? = nil, style: ChartStyle = ChartStyle()) {
        self.title = title
        self.parameter = parameter
        self.metric = metric
        self.series = series
        self.current = current
        self.style = style
    }

    /// The chart as an SVG document: lines with markers at every sampled parameter value.
    public func svg() -> String {
        let curves = series.map { s -> ChartSeries in
            var c = s
            // A sweep is sampled: show where the samples are.
            if c.style == .line { c.style = .lineAndMarkers }
            return c
        }
        let refs = current.map { [ReferenceLine(x: $0, label: "current")] } ?? []
        return LineChart(title: title, xAxis: parameter, yAxis: metric, series: curves, referenceLines: refs,
                         style: style).svg()
    }
}
