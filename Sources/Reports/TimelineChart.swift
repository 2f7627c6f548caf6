/// A numeric panel of a timeline: one quantity (carbon intensity, power, throughput, temperature)
/// with one or more series against the shared time axis.
public struct TimelinePanel: Sendable, Hashable {
    /// What the panel shows, e.g. "Carbon intensity".
    public var title: String
    /// Its unit, e.g. "gCO₂/kWh".
    public var unit: String
    /// The series (e.g. one per card); drawn as lines, with markers unless a series' style is `.line`.
    public var series: [ChartSeries]

    /// A numeric panel.
    public init(title: String, unit: String, series: [ChartSeries]) {
        self.title = title
        self.unit = unit
        self.series = series
    }
}

/// A stretch of time in one category (e.g. "fp8" from 2 h to 3.5 h).
public struct CategorySegment: Sendable, Hashable {
    /// Start on the time axis.
    public var start: Double
    /// End on the time axis (after ``start``; otherwise the segment is skipped).
    public var end: Double
    /// The category's name.
    public var category: String

    /// A segment.
    public init(start: Double, end: Double, category: String) {
        self.start = start
        self.end = end
        self.category = category
    }
}

/// A categorical track of a timeline: coloured bands (chosen precision profile, DVFS level) with a legend.
public struct CategoricalTrack: Sendable, Hashable {
    /// What the track shows, e.g. "Precision profile".
    public var title: String
    /// The segments; colours follow ``categoryOrder``, then the order in which other categories first appear.
    public var segments: [CategorySegment]
    /// Categories with a fixed colour and legend position (the k-th gets the k-th category colour
    /// whether or not the others appear), so that several charts colour "ECO" alike.
    public var categoryOrder: [String]

    /// A categorical track; `categoryOrder` fixes the colours of the categories it lists.
    public init(title: String, segments: [CategorySegment], categoryOrder: [String] = []) {
        self.title = title
        self.segments = segments
        self.categoryOrder = categoryOrder
    }

    /// Segments that can be drawn (finite, start < end).
    var drawable: [CategorySegment] {
        segments.filter { NiceAxis.isPlottable($0.start) && NiceAxis.isPlottable($0.end) && $0.start < $0.end }
    }

    /// The drawn categories with their colour index: listed ones (``categoryOrder``) first, in
    /// that order, then the others in order of first appearance.
    var categories: [(name: String, colorIndex: Int)] {
        var seen = Set<String>()
        let appearing = drawable.map(\.category).filter { seen.insert($0).inserted }
        let listed = categoryOrder.enumerated().filter { seen.contains($0.element) }.map { (name: $0.element, colorIndex: $0.offset) }
        let known = Set(categoryOrder)
        let others = appearing.filter { !known.contains($0) }.enumerated().map { (name: $0.element, colorIndex: categoryOrder.count + $0.offset) }
        return listed + others
    }
}

/// One row of a timeline.
public enum TimelineRow: Sendable, Hashable {
    /// A numeric panel with its own y axis.
    case values(TimelinePanel)
    /// A categorical band track.
    case categories(CategoricalTrack)
}

/// Stacked panels sharing one time axis: e.g. carbon intensity, power, throughput, temperature,
/// then the chosen precision profile and DVFS level as coloured bands.
///
/// The canvas height follows from the rows (``ChartStyle/height`` is not used); tick labels and
/// the time-axis title are drawn under the bottom row only. Unplottable points are skipped.
public struct TimelineChart: Sendable, Hashable {
    /// Title at the top.
    public var title: String
    /// The shared horizontal axis, e.g. Time (h).
    public var time: AxisLabel
    /// The rows, top to bottom.
    public var rows: [TimelineRow]
    /// Height of a numeric panel's plot, px.
    public var panelHeight: Double
    /// Sizes (the width is used; the height is computed).
    public var style: ChartStyle

    /// A timeline.
    public init(title: String, time: AxisLabel, rows: [TimelineRow], panelHeight: Double = 110,
                style: ChartStyle = ChartStyle()) {
        self.title = title
        self.time = time
        self.rows = rows
        self.panelHeight = panelHeight.isFinite ? min(max(panelHeight, 50), 600) : 110
        self.style = style
    }

    private static let bandHeight = 18.0

    /// Lays out the category legend of a track: (name, x offset, row) per category, within `width`.
    private static func flowLegend(_ names: [String], width: Double, fontSize: Double) -> [(String, Double, Int)] {
        var out: [(String, Double, Int)] = []
        var x = 0.0, row = 0
        for n in names {
            let label = TextMetrics.truncate(n, fontSize: fontSize, maxWidth: max(20, width - 20))
            let w = 18 + TextMetrics.width(label, fontSize: fontSize) + 14
            if x > 0, x + w > width { x = 0; row += 1 }
            out.append((label, x, row))
            x += w
        }
        return out
    }

    /// The timeline as an SVG document (deterministic).
    public func svg() -> String {
        var style = self.style
        let fs = style.fontSize
        let header = fs + 8
        let gap = 10.0
        let legendRow = PlotFrame.legendRow(fontSize: fs)

        let allNames = rows.flatMap { row -> [String] in
            if case .values(let p) = row { return p.series.map(\.name) } else { return [] }
        }
        let legendW = PlotFrame.legendWidth(allNames, style: style)
        // y axes first (they set the left margin shared by all rows).
        let yAxes: [NiceAxis?] = rows.map { row in
            guard case .values(let p) = row else { return nil }
            let h = max(panelHeight, Double(p.series.count) * legendRow + 4)
            let ys = p.series.flatMap { $0.points.filter(\.isPlottable).map(\.y) }
            return NiceAxis.vertical(values: ys, pixelLength: h, fontSize: fs)
        }
        let left = max(60, yAxes.compactMap { $0.map { PlotFrame.leftMargin(yAxis: $0, fontSize: fs) } }.max() ?? 0)
        let right = 24 + (legendW > 0 ? legendW + 12 : 0)
        let plotW = max(60, style.width - left - right)

        var xs: [Double] = []
        for row in rows {
            switch row {
            case .values(let p): xs += p.series.flatMap { $0.points.filter(\.isPlottable).map(\.x) }
            case .categories(let t): xs += t.drawable.flatMap { [$0.start, $0.end] }
            }
        }
        let xAx = NiceAxis.horizontal(values: xs, pixelLength: plotW, fontSize: fs)

        // Row geometry: (header top, plot rect, legend layout for tracks).
        var y = 8 + style.titleSize + 12
        var geometry: [(Double, PlotRect, [(String, Double, Int)])] = []
        for row in rows {
            let headerTop = y
            y += header
            switch row {
            case .values(let p):
                let h = max(panelHeight, Double(p.series.count) * legendRow + 4)
                geometry.append((headerTop, PlotRect(x: left, y: y, width: plotW, height: h), []))
                y += h + gap
            case .categories(let t):
                let flow = TimelineChart.flowLegend(t.categories.map(\.name), width: plotW, fontSize: fs)
                let legendRows = (flow.map(\.2).max() ?? -1) + 1
                geometry.append((headerTop, PlotRect(x: left, y: y, width: plotW, height: TimelineChart.bandHeight), flow))
                y += TimelineChart.bandHeight + 6 + Double(legendRows) * legendRow + gap
            }
        }
        // The bottom row carries the time-axis labels (a bottom track's legend goes under them).
        if let last = geometry.last {
            let legendRows = Double((last.2.map(\.2).max() ?? -1) + 1)
            let legendH = legendRows > 0 ? 6 + legendRows * legendRow : 0
            style.height = last.1.bottom + PlotFrame.xAxisHeight(fontSize: fs) + legendH + 8
        } else {
            style.height = 8 + style.titleSize + 12 + 40
        }

        var b = SVGBuilder(width: style.width, height: style.height)
        b.fontSize = fs
        PlotFrame.title(&b, title, style: style)
        func px(_ x: Double) -> Double { xAx.map(x, from: left, to: left + plotW) }

        for (i, row) in rows.enumerated() {
            let (headerTop, r, flow) = geometry[i]
            let isLast = i == rows.count - 1
            switch row {
            case .values(let p):
                let headerText = TextMetrics.truncate(ReportFormat.axisTitle(p.title, unit: p.unit), fontSize: fs,
                                                      maxWidth: plotW)
                b.text(headerText, x: left, y: headerTop + fs, cls: "panel-title", weight: "bold",
                       extra: [("data-panel", .text(String(i)))])
                let yAx = yAxes[i] ?? NiceAxis(values: [], targetTicks: 3)
                PlotFrame.plotArea(&b, r, panel: i)
                PlotFrame.yAxis(&b, yAx, r, title: p.unit, fontSize: fs, panel: i)
                PlotFrame.xAxis(&b, xAx, r, title: time.text, labels: isLast, style: style)
                for (k, s) in p.series.enumerated() {
                    let color = s.color ?? Palette.seriesColor(k)
                    b.open("g", [("class", .text("series")), ("data-series", .text(s.name)), ("data-panel", .text(String(i)))])
                    let d = SVGBuilder.pathData(s.runs.map { $0.map { (px($0.x), yAx.map($0.y, from: r.bottom, to: r.y)) } })
                    if !d.isEmpty {
                        b.element("path", [("class", .text("series-line")), ("d", .text(d)), ("fill", .text("none")),
                                           ("stroke", .text(color)), ("stroke-width", .number(1.5)),
                                           ("stroke-linejoin", .text("round"))])
                    }
                    if s.style != .line {
                        for pt in s.runs.joined() {
                            b.marker(s.marker ?? MarkerShape.forIndex(k), x: px(pt.x), y: yAx.map(pt.y, from: r.bottom, to: r.y),
                                     r: 3, fill: color, cls: "marker")
                        }
                    }
                    b.close("g")
                }
                if legendW > 0, !p.series.isEmpty {
                    let entries = p.series.enumerated().map { k, s in
                        (name: s.name, color: s.color ?? Palette.seriesColor(k),
                         marker: s.style == .line ? nil : (s.marker ?? MarkerShape.forIndex(k)), line: true)
                    }
                    PlotFrame.legend(&b, entries, x: r.right + 16, y: r.y, width: legendW, fontSize: fs, panel: i)
                }
            case .categories(let t):
                b.text(TextMetrics.truncate(t.title, fontSize: fs, maxWidth: plotW), x: left, y: headerTop + fs,
                       cls: "panel-title", weight: "bold", extra: [("data-panel", .text(String(i)))])
                PlotFrame.plotArea(&b, r, panel: i)
                let cats = t.categories
                let colorIndex = Dictionary(cats.map { ($0.name, $0.colorIndex) }, uniquingKeysWith: { a, _ in a })
                for seg in t.drawable {
                    let k = colorIndex[seg.category] ?? 0
                    let x0 = px(seg.start), x1 = px(seg.end)
                    b.rect(x: x0, y: r.y, width: x1 - x0, height: r.height, fill: Palette.categoryColor(k), cls: "band",
                           extra: [("data-category", .text(seg.category)), ("data-panel", .text(String(i)))])
                }
                PlotFrame.xAxis(&b, xAx, r, title: time.text, labels: isLast, style: style)
                let legendTop = r.bottom + 6 + (isLast ? PlotFrame.xAxisHeight(fontSize: fs) : 0)
                for (k, (label, dx, rowIndex)) in flow.enumerated() {
                    let ly = legendTop + Double(rowIndex) * legendRow
                    b.open("g", [("class", .text("legend-entry")), ("data-category", .text(cats[k].name)),
                                 ("data-panel", .text(String(i)))])
                    b.rect(x: left + dx, y: ly + 2, width: 14, height: fs, fill: Palette.categoryColor(cats[k].colorIndex),
                           cls: "legend-swatch")
                    b.text(label, x: left + dx + 18, y: ly + 2 + fs * 0.85, cls: "legend-label")
                    b.close("g")
                }
            }
        }
        if rows.isEmpty {
            b.text("No data", x: style.width / 2, y: 8 + style.titleSize + 12 + 20, anchor: "middle", cls: "no-data")
        }
        return b.document(title: title)
    }
}
