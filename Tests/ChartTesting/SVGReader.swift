import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Reports

/// One element of a parsed SVG, with the data attributes inherited from enclosing groups.
public struct SVGElement {
    public var name: String
    public var attributes: [String: String]
    public var text: String
    public var classes: Set<String> { Set((attributes["class"] ?? "").split(separator: " ").map(String.init)) }
    public func number(_ key: String) -> Double? { attributes[key].flatMap(Double.init) }
    public var series: String? { attributes["data-series"] }
    public var panel: String? { attributes["data-panel"] }
}

/// A text element's estimated box (same metrics as the writer's layout).
public struct TextBox {
    public var text: String
    public var classes: Set<String>
    public var panel: String?
    public var x0, y0, x1, y1: Double

    public func overlaps(_ o: TextBox) -> Bool { x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1 }
}

/// A small SVG reader for tests: parses the document with XMLParser and exposes what the charts draw.
public struct SVGDocument {
    public var width: Double
    public var height: Double
    public var elements: [SVGElement]

    /// Why a text is not a readable SVG.
    public enum ReadError: Error { case invalidXML(String), notSVG }

    /// Parses an SVG document.
    public static func parse(_ svg: String) throws -> SVGDocument {
        let delegate = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = delegate
        guard parser.parse() else { throw ReadError.invalidXML(parser.parserError.map { "\($0)" } ?? "unknown") }
        guard let root = delegate.elements.first, root.name == "svg",
              let w = root.number("width"), let h = root.number("height") else { throw ReadError.notSVG }
        return SVGDocument(width: w, height: h, elements: delegate.elements)
    }

    /// Elements carrying class `c`.
    public func withClass(_ c: String) -> [SVGElement] { elements.filter { $0.classes.contains(c) } }

    /// Plot areas by panel.
    public var plotAreas: [String: (x0: Double, y0: Double, x1: Double, y1: Double)] {
        var out: [String: (Double, Double, Double, Double)] = [:]
        for e in withClass("plot-area") {
            guard let x = e.number("x"), let y = e.number("y"), let w = e.number("width"), let h = e.number("height") else { continue }
            out[e.panel ?? "0"] = (x, y, x + w, y + h)
        }
        return out
    }

    /// Centre of a marker element (circle, rect or polygon).
    public static func centre(_ e: SVGElement) -> (Double, Double)? {
        switch e.name {
        case "circle": return e.number("cx").flatMap { x in e.number("cy").map { (x, $0) } }
        case "rect":
            guard let x = e.number("x"), let y = e.number("y"), let w = e.number("width"), let h = e.number("height") else { return nil }
            return (x + w / 2, y + h / 2)
        case "polygon":
            let pts = (e.attributes["points"] ?? "").split(separator: " ").compactMap { p -> (Double, Double)? in
                let c = p.split(separator: ",").compactMap { Double($0) }
                return c.count == 2 ? (c[0], c[1]) : nil
            }
            guard !pts.isEmpty else { return nil }
            // Triangle/diamond centres: mid of the bounding box's x, the anchor is the mean of extremes.
            let xs = pts.map(\.0), ys = pts.map(\.1)
            return ((xs.min()! + xs.max()!) / 2, (ys.min()! + ys.max()!) / 2)
        default: return nil
        }
    }

    /// Vertices of a path made of M/L commands.
    public static func vertices(_ d: String) -> [(Double, Double)] {
        let nums = d.split(separator: " ").compactMap { tok -> Double? in
            let t = tok.first.map { $0.isLetter } == true ? tok.dropFirst() : tok
            return Double(t)
        }
        return stride(from: 0, to: nums.count - 1, by: 2).map { (nums[$0], nums[$0 + 1]) }
    }

    /// All text elements with their estimated boxes (rotate(-90) handled).
    public var texts: [TextBox] {
        elements.filter { $0.name == "text" }.compactMap { e in
            guard let x = e.number("x"), let y = e.number("y"), let fs = e.number("font-size") else { return nil }
            let w = TextMetrics.width(e.text, fontSize: fs)
            let anchor = e.attributes["text-anchor"] ?? "start"
            let a0 = anchor == "middle" ? -w / 2 : anchor == "end" ? -w : 0
            if (e.attributes["transform"] ?? "").hasPrefix("rotate(-90") {
                // Text runs upwards from (x, y): along -y; the glyphs' height spans x - 0.8 fs … x + 0.2 fs.
                return TextBox(text: e.text, classes: e.classes, panel: e.panel,
                               x0: x - 0.8 * fs, y0: y - (a0 + w), x1: x + 0.2 * fs, y1: y - a0)
            }
            return TextBox(text: e.text, classes: e.classes, panel: e.panel,
                           x0: x + a0, y0: y - 0.8 * fs, x1: x + a0 + w, y1: y + 0.2 * fs)
        }
    }
}

private final class Collector: NSObject, XMLParserDelegate {
    var elements: [SVGElement] = []
    private var stack: [Int] = []  // indices into elements
    private var inherited: [[String: String]] = [[:]]

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        var attrs = attributes
        for (k, v) in inherited.last ?? [:] where attrs[k] == nil { attrs[k] = v }
        elements.append(SVGElement(name: name, attributes: attrs, text: ""))
        stack.append(elements.count - 1)
        inherited.append(attrs.filter { $0.key.hasPrefix("data-") })
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let i = stack.last { elements[i].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
        inherited.removeLast()
    }
}
