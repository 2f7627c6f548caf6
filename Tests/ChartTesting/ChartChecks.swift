import Foundation
import Testing
import Reports

/// Structural checks every chart must pass (shared by ReportsTests and the CLI tests of --svg-dir).
public enum ChartChecks {
    /// Parses `svg` and checks: canvas bounds for all text, markers and path vertices inside their
    /// panel's plot area, tick labels not overlapping, expected texts and series/legend entries present.
    @discardableResult
    public static func check(_ svg: String, texts expected: [String] = [], series: [String] = [],
                      sourceLocation: SourceLocation = #_sourceLocation) throws -> SVGDocument {
        let doc = try SVGDocument.parse(svg)
        let eps = 0.51  // coordinates are printed to 0.01 px; allow half a pixel for marker geometry
        let allText = doc.texts
        for t in allText {
            #expect(t.x0 >= -eps && t.x1 <= doc.width + eps && t.y0 >= -eps && t.y1 <= doc.height + eps,
                    "text '\(t.text)' [\(t.x0), \(t.y0)]–[\(t.x1), \(t.y1)] leaves the \(doc.width)×\(doc.height) canvas",
                    sourceLocation: sourceLocation)
        }
        for e in expected {
            #expect(allText.contains { $0.text.contains(e) }, "missing text '\(e)'", sourceLocation: sourceLocation)
        }
        for s in series {
            #expect(doc.elements.contains { $0.name == "g" && $0.classes.contains("series") && $0.series == s },
                    "series '\(s)' not drawn", sourceLocation: sourceLocation)
            #expect(doc.elements.contains { $0.name == "g" && $0.classes.contains("legend-entry") && $0.series == s },
                    "series '\(s)' has no legend entry", sourceLocation: sourceLocation)
        }
        let areas = doc.plotAreas
        func inside(_ p: (Double, Double), _ panel: String?) -> Bool {
            guard let a = areas[panel ?? "0"] else { return false }
            return p.0 >= a.x0 - eps && p.0 <= a.x1 + eps && p.1 >= a.y0 - eps && p.1 <= a.y1 + eps
        }
        for m in doc.withClass("marker") {
            let c = SVGDocument.centre(m)
            #expect(c.map { inside($0, m.panel) } == true, "marker of '\(m.series ?? "?")' at \(String(describing: c)) outside plot",
                    sourceLocation: sourceLocation)
        }
        for p in doc.withClass("series-line") {
            for v in SVGDocument.vertices(p.attributes["d"] ?? "") {
                #expect(inside(v, p.panel), "vertex \(v) of '\(p.series ?? "?")' outside plot", sourceLocation: sourceLocation)
            }
        }
        for band in doc.withClass("band") {
            let x = band.number("x") ?? .nan, w = band.number("width") ?? .nan
            #expect(inside((x, band.number("y") ?? .nan), band.panel) && inside((x + w, band.number("y") ?? .nan), band.panel),
                    "band \(band.attributes["data-category"] ?? "?") outside its track", sourceLocation: sourceLocation)
        }
        // Tick labels: x labels among themselves, y labels within each panel.
        let ticks = allText.filter { $0.classes.contains("tick-label") }
        let groups = Dictionary(grouping: ticks) { ($0.classes.contains("tick-label-x") ? "x" : "y") + ($0.panel ?? "") }
        for (_, g) in groups {
            for i in g.indices { for j in g.indices where j > i {
                #expect(!g[i].overlaps(g[j]), "tick labels '\(g[i].text)' and '\(g[j].text)' overlap", sourceLocation: sourceLocation)
            } }
        }
        return doc
    }

    /// Pairs of text elements (any kind) whose estimated boxes overlap.
    public static func overlappingTexts(_ doc: SVGDocument) -> [(String, String)] {
        let t = doc.texts
        var out: [(String, String)] = []
        for i in t.indices { for j in t.indices where j > i && t[i].overlaps(t[j]) { out.append((t[i].text, t[j].text)) } }
        return out
    }
}
