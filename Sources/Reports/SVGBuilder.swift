/// Writes SVG 1.1 text: elements with attributes in the order given, coordinates at fixed precision.
///
/// Hand-written rather than through an XML library so that output is byte-stable and needs nothing
/// beyond the standard library.
struct SVGBuilder {
    private(set) var lines: [String] = []
    let width: Double
    let height: Double
    var fontSize: Double = 12

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// One attribute: numbers are formatted as coordinates, strings escaped.
    enum Value {
        case number(Double)
        case text(String)
    }

    static func attrs(_ pairs: [(String, Value)]) -> String {
        pairs.map { name, value in
            switch value {
            case .number(let v): return " \(name)=\"\(ReportFormat.coord(v))\""
            case .text(let s): return " \(name)=\"\(ReportFormat.xmlEscape(s))\""
            }
        }.joined()
    }

    mutating func raw(_ line: String) { lines.append(line) }

    mutating func element(_ name: String, _ pairs: [(String, Value)]) {
        lines.append("<\(name)\(SVGBuilder.attrs(pairs))/>")
    }

    mutating func open(_ name: String, _ pairs: [(String, Value)]) {
        lines.append("<\(name)\(SVGBuilder.attrs(pairs))>")
    }

    mutating func close(_ name: String) { lines.append("</\(name)>") }

    /// A text element; `anchor` is start, middle or end; `rotate` (degrees) turns it about (x, y).
    mutating func text(_ content: String, x: Double, y: Double, size: Double? = nil, anchor: String = "start",
                       cls: String, weight: String? = nil, fill: String = "#222222", rotate: Double? = nil,
                       extra: [(String, Value)] = []) {
        var pairs: [(String, Value)] = [("class", .text(cls)), ("x", .number(x)), ("y", .number(y)),
                                        ("font-size", .number(size ?? fontSize)), ("text-anchor", .text(anchor)),
                                        ("fill", .text(fill))]
        if let weight { pairs.append(("font-weight", .text(weight))) }
        if let rotate {
            pairs.append(("transform", .text("rotate(\(ReportFormat.coord(rotate)) \(ReportFormat.coord(x)) \(ReportFormat.coord(y)))")))
        }
        pairs += extra
        lines.append("<text\(SVGBuilder.attrs(pairs))>\(ReportFormat.xmlEscape(content))</text>")
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                       cls: String, dash: String? = nil) {
        var pairs: [(String, Value)] = [("class", .text(cls)), ("x1", .number(x1)), ("y1", .number(y1)),
                                        ("x2", .number(x2)), ("y2", .number(y2)), ("stroke", .text(stroke)),
                                        ("stroke-width", .number(width))]
        if let dash { pairs.append(("stroke-dasharray", .text(dash))) }
        element("line", pairs)
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, cls: String,
                       stroke: String? = nil, extra: [(String, Value)] = []) {
        var pairs: [(String, Value)] = [("class", .text(cls)), ("x", .number(x)), ("y", .number(y)),
                                        ("width", .number(max(0, width))), ("height", .number(max(0, height))),
                                        ("fill", .text(fill))]
        if let stroke { pairs.append(("stroke", .text(stroke))) }
        pairs += extra
        element("rect", pairs)
    }

    /// A marker of `shape` centred on (x, y) with "radius" r.
    mutating func marker(_ shape: MarkerShape, x: Double, y: Double, r: Double, fill: String, cls: String,
                         extra: [(String, Value)] = []) {
        let base: [(String, Value)] = [("class", .text(cls))]
        let style: [(String, Value)] = [("fill", .text(fill)), ("stroke", .text("#ffffff")), ("stroke-width", .number(0.75))] + extra
        switch shape {
        case .circle:
            element("circle", base + [("cx", .number(x)), ("cy", .number(y)), ("r", .number(r))] + style)
        case .square:
            let s = r * 0.9
            element("rect", base + [("x", .number(x - s)), ("y", .number(y - s)), ("width", .number(2 * s)),
                                     ("height", .number(2 * s))] + style)
        case .triangle:
            let pts = [(x, y - r * 1.15), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)]
            element("polygon", base + [("points", .text(SVGBuilder.points(pts)))] + style)
        case .diamond:
            let pts = [(x, y - r * 1.2), (x + r * 1.2, y), (x, y + r * 1.2), (x - r * 1.2, y)]
            element("polygon", base + [("points", .text(SVGBuilder.points(pts)))] + style)
        }
    }

    static func points(_ pts: [(Double, Double)]) -> String {
        pts.map { "\(ReportFormat.coord($0.0)),\(ReportFormat.coord($0.1))" }.joined(separator: " ")
    }

    /// A polyline path through `runs` (each run a connected list of points; runs are separate sub-paths).
    static func pathData(_ runs: [[(Double, Double)]]) -> String {
        var parts: [String] = []
        for run in runs where !run.isEmpty {
            for (i, p) in run.enumerated() {
                parts.append("\(i == 0 ? "M" : "L")\(ReportFormat.coord(p.0)) \(ReportFormat.coord(p.1))")
            }
        }
        return parts.joined(separator: " ")
    }

    /// The finished document.
    func document(title: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(ReportFormat.coord(width))\" "
        out += "height=\"\(ReportFormat.coord(height))\" viewBox=\"0 0 \(ReportFormat.coord(width)) \(ReportFormat.coord(height))\" "
        out += "font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\">\n"
        out += "<title>\(ReportFormat.xmlEscape(title))</title>\n"
        out += "<rect class=\"background\" x=\"0\" y=\"0\" width=\"\(ReportFormat.coord(width))\" height=\"\(ReportFormat.coord(height))\" fill=\"#ffffff\"/>\n"
        for line in lines { out += line + "\n" }
        out += "</svg>\n"
        return out
    }
}
