/// A rectangle in canvas pixels.
struct PlotRect {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
    var right: Double { x + width }
    var bottom: Double { y + height }
}

/// Drawing shared by the charts with axes: plot background, grid, ticks, axis titles, legends.
enum PlotFrame {
    /// Space to the left of a plot: y-axis title, tick labels, gaps.
    static func leftMargin(yAxis: NiceAxis, fontSize: Double) -> Double {
        8 + fontSize + 10 + yAxis.maxLabelWidth(fontSize: fontSize) + 8
    }

    /// The chart title, centred at the top, shortened to fit the canvas.
    static func title(_ b: inout SVGBuilder, _ text: String, style: ChartStyle) {
        guard !text.isEmpty else { return }
        let t = TextMetrics.truncate(text, fontSize: style.titleSize, maxWidth: style.width - 20)
        b.text(t, x: style.width / 2, y: 8 + style.titleSize, size: style.titleSize, anchor: "middle",
               cls: "chart-title", weight: "bold")
    }

    /// Plot background and border (`panel` numbers the plot for readers of the SVG).
    static func plotArea(_ b: inout SVGBuilder, _ r: PlotRect, panel: Int) {
        b.rect(x: r.x, y: r.y, width: r.width, height: r.height, fill: "#fafafa", cls: "plot-area",
               stroke: "#bbbbbb", extra: [("data-panel", .text(String(panel)))])
    }

    /// Horizontal grid lines, y tick labels and the rotated y-axis title.
    static func yAxis(_ b: inout SVGBuilder, _ axis: NiceAxis, _ r: PlotRect, title: String, fontSize: Double, panel: Int) {
        for (t, label) in zip(axis.ticks, axis.labels) {
            let y = axis.map(t, from: r.bottom, to: r.y)
            b.line(x1: r.x, y1: y, x2: r.right, y2: y, stroke: "#e3e3e3", cls: "grid-y")
            b.line(x1: r.x - 4, y1: y, x2: r.x, y2: y, stroke: "#555555", cls: "tick-y")
            b.text(label, x: r.x - 7, y: y + fontSize * 0.35, anchor: "end", cls: "tick-label tick-label-y",
                   extra: [("data-panel", .text(String(panel)))])
        }
        b.line(x1: r.x, y1: r.y, x2: r.x, y2: r.bottom, stroke: "#555555", cls: "axis-y")
        let t = TextMetrics.truncate(title, fontSize: fontSize, maxWidth: r.height)
        if !t.isEmpty {
            b.text(t, x: 8 + fontSize * 0.8, y: r.y + r.height / 2, anchor: "middle", cls: "axis-title axis-title-y",
                   rotate: -90, extra: [("data-panel", .text(String(panel)))])
        }
    }

    /// Vertical grid lines; tick labels and the x-axis title only when `labels` (the bottom panel).
    static func xAxis(_ b: inout SVGBuilder, _ axis: NiceAxis, _ r: PlotRect, title: String?, labels: Bool,
                      style: ChartStyle) {
        let fs = style.fontSize
        for (t, label) in zip(axis.ticks, axis.labels) {
            let x = axis.map(t, from: r.x, to: r.right)
            b.line(x1: x, y1: r.y, x2: x, y2: r.bottom, stroke: "#e3e3e3", cls: "grid-x")
            guard labels else { continue }
            b.line(x1: x, y1: r.bottom, x2: x, y2: r.bottom + 4, stroke: "#555555", cls: "tick-x")
            // Edge labels may overhang the plot; keep them on the canvas (shifted a few px at most).
            let half = TextMetrics.width(label, fontSize: fs) / 2
            let lx = min(max(x, half + 2), style.width - half - 2)
            b.text(label, x: lx, y: r.bottom + 6 + fs, anchor: "middle", cls: "tick-label tick-label-x")
        }
        b.line(x1: r.x, y1: r.bottom, x2: r.right, y2: r.bottom, stroke: "#555555", cls: "axis-x")
        if labels, let title {
            let t = TextMetrics.truncate(title, fontSize: fs, maxWidth: style.width - 20)
            let half = TextMetrics.width(t, fontSize: fs) / 2
            let cx = min(max(r.x + r.width / 2, half + 4), style.width - half - 4)
            b.text(t, x: cx, y: r.bottom + 6 + fs + 8 + fs, anchor: "middle", cls: "axis-title axis-title-x")
        }
    }

    /// Height of a bottom axis with labels and title.
    static func xAxisHeight(fontSize: Double) -> Double { 6 + fontSize + 8 + fontSize + 8 }

    /// Width of a legend column for `names`, capped at 30 % of the canvas.
    static func legendWidth(_ names: [String], style: ChartStyle) -> Double {
        guard !names.isEmpty else { return 0 }
        let widest = names.map { TextMetrics.width($0, fontSize: style.fontSize) }.max() ?? 0
        return min(widest + 36, style.width * 0.3)
    }

    /// Row height of a legend entry.
    static func legendRow(fontSize: Double) -> Double { fontSize + 8 }

    /// A vertical legend: one row per series with its line swatch and marker, starting at (x, y).
    static func legend(_ b: inout SVGBuilder, _ entries: [(name: String, color: String, marker: MarkerShape?, line: Bool)],
                       x: Double, y: Double, width: Double, fontSize: Double, panel: Int) {
        let row = legendRow(fontSize: fontSize)
        for (i, e) in entries.enumerated() {
            let cy = y + Double(i) * row + row / 2
            b.open("g", [("class", .text("legend-entry")), ("data-series", .text(e.name)), ("data-panel", .text(String(panel)))])
            if e.line {
                b.line(x1: x, y1: cy, x2: x + 22, y2: cy, stroke: e.color, width: 2, cls: "legend-swatch")
            }
            if let m = e.marker {
                b.marker(m, x: x + 11, y: cy, r: 4, fill: e.color, cls: "legend-marker")
            }
            let name = TextMetrics.truncate(e.name, fontSize: fontSize, maxWidth: width - 30)
            b.text(name, x: x + 28, y: cy + fontSize * 0.35, cls: "legend-label")
            b.close("g")
        }
    }
}
