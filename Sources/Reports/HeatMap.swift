/// Errors in report inputs, as values.
public enum ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A heat-map grid's values do not fill rows × columns.
    case gridShape(title: String, rows: Int, columns: Int, values: Int)
    /// A name that must be a Python identifier is not one.
    case invalidIdentifier(String)
    /// A table row has a different number of cells than the table has columns.
    case rowWidth(row: Int, expected: Int, found: Int)
    /// Writing a file failed.
    case write(path: String, reason: String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case let .gridShape(title, rows, columns, values):
            return "heat map '\(title)': \(rows) × \(columns) grid needs \(rows * columns) values, got \(values)"
        case .invalidIdentifier(let name):
            return "'\(name)' is not a Python identifier (letters, digits, underscore; not starting with a digit)"
        case let .rowWidth(row, expected, found):
            return "table row \(row) has \(found) cells, the table has \(expected) columns"
        case let .write(path, reason):
            return "cannot write \(path): \(reason)"
        }
    }
}

/// One grid of a heat map (a die's cores, a card's dies): values row-major, row 0 at the top.
public struct HeatMapGrid: Sendable, Hashable {
    /// Panel title, e.g. "Card 0 · die 1".
    public var title: String
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// rows × columns values, row-major; non-finite values are drawn as "no data" cells.
    public let values: [Double]

    /// A grid; fails when `values` does not hold exactly rows × columns numbers (or a size is negative).
    public init(title: String, rows: Int, columns: Int, values: [Double]) throws(ReportError) {
        guard rows >= 0, columns >= 0, rows.multipliedReportingOverflow(by: columns).overflow == false,
              values.count == rows * columns
        else { throw .gridShape(title: title, rows: rows, columns: columns, values: values.count) }
        self.title = title
        self.rows = rows
        self.columns = columns
        self.values = values
    }
}

/// A heat map: one panel per grid (die or card), one shared colour scale with a legend bar.
///
/// The colour scale spans the nice range of all finite values (a single value or all-equal values
/// get a padded range); non-finite cells are grey and labelled "–" when labels are on. Cell labels
/// are drawn only where the value fits inside the cell. The canvas height follows from the grids.
public struct HeatMapChart: Sendable, Hashable {
    /// Title at the top.
    public var title: String
    /// What the colour means and its unit, e.g. Temperature (°C).
    public var value: AxisLabel
    /// The panels, laid out left to right, wrapping.
    public var grids: [HeatMapGrid]
    /// Whether to print each cell's value in it.
    public var cellLabels: Bool
    /// Decimals of cell labels.
    public var labelDecimals: Int
    /// Sizes (the width is used; the height is computed).
    public var style: ChartStyle

    /// A heat map.
    public init(title: String, value: AxisLabel, grids: [HeatMapGrid], cellLabels: Bool = false,
                labelDecimals: Int = 0, style: ChartStyle = ChartStyle()) {
        self.title = title
        self.value = value
        self.grids = grids
        self.cellLabels = cellLabels
        self.labelDecimals = max(0, min(labelDecimals, 6))
        self.style = style
    }

    /// The heat map as an SVG document (deterministic).
    public func svg() -> String {
        var style = self.style
        let fs = style.fontSize
        let top = 8 + style.titleSize + 14
        let values = grids.flatMap(\.values)
        let legendBarH = 200.0
        let scale = NiceAxis.vertical(values: values, pixelLength: legendBarH, fontSize: fs)
        // Short units ("°C", "W") go on every tick; long ones only in the legend title.
        let unitSuffix = value.unit.count <= 3 && !value.unit.isEmpty ? " " + value.unit : ""
        let tickLabels = scale.labels.map { $0 + unitSuffix }
        let tickW = tickLabels.map { TextMetrics.width($0, fontSize: fs) }.max() ?? 0
        let legendW = min(max(20 + 8 + tickW + 12, TextMetrics.width(value.text, fontSize: fs) + 8), style.width * 0.3)
        let areaX = 16.0
        let areaW = max(80, style.width - areaX - legendW - 24)

        let maxCols = max(1, grids.map(\.columns).max() ?? 1)
        let maxRows = max(1, grids.map(\.rows).max() ?? 1)
        let perRow = max(1, min(grids.count, 4))
        let gapX = 24.0
        let panelW = (areaW - gapX * Double(perRow - 1)) / Double(perRow)
        let cell = min(48, panelW / Double(maxCols))  // tiny cells rather than leaving the canvas
        let panelH = fs + 8 + cell * Double(maxRows)
        let panelRows = (grids.count + perRow - 1) / perRow
        let gapY = 18.0
        let gridsH = Double(panelRows) * panelH + Double(max(0, panelRows - 1)) * gapY
        // The legend needs its title line plus the bar.
        style.height = top + max(gridsH, fs + 10 + legendBarH + fs) + 16

        var b = SVGBuilder(width: style.width, height: style.height)
        b.fontSize = fs
        PlotFrame.title(&b, title, style: style)
        let span = scale.upper - scale.lower
        func t(_ v: Double) -> Double { span > 0 ? (v - scale.lower) / span : 0.5 }

        for (g, grid) in grids.enumerated() {
            let px = areaX + Double(g % perRow) * (panelW + gapX)
            let py = top + Double(g / perRow) * (panelH + gapY)
            b.text(TextMetrics.truncate(grid.title, fontSize: fs, maxWidth: panelW), x: px, y: py + fs, cls: "panel-title",
                   weight: "bold", extra: [("data-panel", .text(String(g)))])
            let gy = py + fs + 8
            b.rect(x: px, y: gy, width: cell * Double(grid.columns), height: cell * Double(grid.rows), fill: "none",
                   cls: "plot-area", stroke: "#bbbbbb", extra: [("data-panel", .text(String(g)))])
            for r in 0..<grid.rows {
                for c in 0..<grid.columns {
                    let v = grid.values[r * grid.columns + c]
                    let finite = NiceAxis.isPlottable(v)
                    let x = px + Double(c) * cell, y = gy + Double(r) * cell
                    b.rect(x: x, y: y, width: cell, height: cell, fill: finite ? Palette.sequentialColor(t(v)) : "#cccccc",
                           cls: "cell", stroke: "#ffffff",
                           extra: [("data-panel", .text(String(g))), ("data-row", .text(String(r))),
                                   ("data-column", .text(String(c))),
                                   ("data-value", .text(finite ? ReportFormat.fixed(v, decimals: 3) : "NaN"))])
                    guard cellLabels else { continue }
                    let label = finite ? ReportFormat.fixed(v, decimals: labelDecimals) : "–"
                    let lfs = min(fs, cell * 0.45)
                    if TextMetrics.width(label, fontSize: lfs) + 4 <= cell, lfs >= 6 {
                        let dark = !finite || Palette.darkTextOnSequential(t(v))
                        b.text(label, x: x + cell / 2, y: y + cell / 2 + lfs * 0.35, size: lfs, anchor: "middle",
                               cls: "cell-label", fill: dark ? "#111111" : "#ffffff")
                    }
                }
            }
        }

        // Legend bar: stacked rectangles (no gradient definitions, so every renderer agrees).
        let lx = style.width - legendW - 8
        let titleText = TextMetrics.truncate(value.text, fontSize: fs, maxWidth: legendW)
        let titleW = TextMetrics.width(titleText, fontSize: fs)
        b.text(titleText, x: min(lx, style.width - titleW - 4), y: top + fs, cls: "axis-title legend-title")
        let barY = top + fs + 10
        let steps = 50
        b.open("g", [("class", .text("color-scale"))])
        for i in 0..<steps {
            let f0 = Double(i) / Double(steps)
            let h = legendBarH / Double(steps)
            b.rect(x: lx, y: barY + legendBarH - (Double(i) + 1) * h, width: 20, height: h + 0.01,
                   fill: Palette.sequentialColor(f0 + 0.5 / Double(steps)), cls: "scale-step")
        }
        b.close("g")
        b.rect(x: lx, y: barY, width: 20, height: legendBarH, fill: "none", cls: "scale-frame", stroke: "#555555")
        for (v, label) in zip(scale.ticks, tickLabels) {
            let y = scale.map(v, from: barY + legendBarH, to: barY)
            b.line(x1: lx + 20, y1: y, x2: lx + 24, y2: y, stroke: "#555555", cls: "tick-y")
            b.text(label, x: lx + 27, y: y + fs * 0.35, cls: "tick-label tick-label-y")
        }
        if grids.isEmpty {
            b.text("No data", x: areaX + areaW / 2, y: top + 40, anchor: "middle", cls: "no-data")
        }
        return b.document(title: title)
    }
}
