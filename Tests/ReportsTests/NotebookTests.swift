import Foundation
import Testing
@testable import Reports

@Suite struct NotebookTests {
    func sample() throws -> Notebook {
        var nb = Notebook(title: "What-if: power cap 250 W → 300 W")
        nb.addMarkdown("The exact throughput–carbon frontier.\nPresets are marked; the chosen point is ringed.")
        let frontier = ChartSeries(name: "Frontier", points: [ChartPoint(x: 1200, y: 5.9e5), ChartPoint(x: 2100, y: 1.3e6, label: "chosen")])
        try nb.addTable(DataTable(series: [frontier], x: "carbon_g", y: "throughput"), variable: "frontier")
        try nb.addTable(DataTable(columns: ["name", "value"], rows: [[.text("quote \" and, comma"), .number(1.5)],
                                                                     [.text("back\\slash \"\"\""), .number(.nan)],
                                                                     [.missing, .number(-2e-7)]]), variable: "odd")
        nb.addSVG(Samples.heatMapSVG(), name: "heat map (cards)", caption: "Core temperatures [°C]")
        nb.addSVG(Samples.heatMapSVG(), name: "heat", caption: "Inline <b>image</b>", as: .markdownImage)
        nb.append(NotebookCell(kind: .markdown, source: "![dot](attachment:dot.png)",
                               attachments: ["dot.png": ["image/png": "iVBORw0KGgo="]]))
        nb.addCode("frontier.describe()")
        return nb
    }

    /// Checks the nbformat 4.5 schema's required keys and types (a Swift rendering of nbformat.v4.5.schema.json).
    func validate(_ text: String) throws {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(root.keys) == ["cells", "metadata", "nbformat", "nbformat_minor"])
        #expect(root["nbformat"] as? Int == 4)
        #expect(root["nbformat_minor"] as? Int == 5)
        let meta = try #require(root["metadata"] as? [String: Any])
        let kernel = try #require(meta["kernelspec"] as? [String: Any])
        #expect(kernel["name"] as? String == "python3")
        #expect(kernel["display_name"] is String)
        #expect((meta["language_info"] as? [String: Any])?["name"] as? String == "python")
        let cells = try #require(root["cells"] as? [[String: Any]])
        var ids = Set<String>()
        for cell in cells {
            let id = try #require(cell["id"] as? String)
            #expect(id.count >= 1 && id.count <= 64 && id.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_")
            }, "bad id \(id)")
            #expect(ids.insert(id).inserted, "duplicate id \(id)")
            #expect(cell["metadata"] is [String: Any])
            let source = try #require(cell["source"] as? [String])
            for line in source.dropLast() { #expect(line.hasSuffix("\n")) }
            switch cell["cell_type"] as? String {
            case "code":
                #expect(Set(cell.keys) == ["cell_type", "id", "metadata", "source", "outputs", "execution_count"])
                #expect(cell["execution_count"] is NSNull)
                #expect((cell["outputs"] as? [Any])?.isEmpty == true)
            case "markdown":
                #expect(Set(cell.keys).isSubset(of: ["cell_type", "id", "metadata", "source", "attachments"]))
                if let att = cell["attachments"] {
                    let bundles = try #require(att as? [String: [String: String]])
                    for (_, bundle) in bundles { #expect(!bundle.isEmpty) }
                }
            default:
                Issue.record("unexpected cell_type \(String(describing: cell["cell_type"]))")
            }
        }
    }

    @Test func structureMatchesNbformat45() throws {
        let nb = try sample()
        let text = nb.json()
        try validate(text)
        try validate(Notebook().json())
        #expect(text.hasSuffix("}\n"))
        #expect(nb.cells.count == 8)
        // Source round-trips through the line array.
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let cells = try #require(root["cells"] as? [[String: Any]])
        for (cell, json) in zip(nb.cells, cells) {
            #expect((json["source"] as? [String])?.joined() == cell.source)
        }
        if let dir = ProcessInfo.processInfo.environment["REPORTS_SAMPLE_DIR"] {
            try nb.write(to: dir + "/sample.ipynb")
        }
    }

    @Test func deterministicAndStableIDs() throws {
        let a = try sample().json(), b = try sample().json()
        #expect(a == b)
        var n1 = Notebook(), n2 = Notebook()
        n1.addMarkdown("same"); n1.addMarkdown("same")
        n2.addMarkdown("same"); n2.addMarkdown("other")
        #expect(Notebook.cellID(n1.cells[0], index: 0) == Notebook.cellID(n2.cells[0], index: 0))
        #expect(Notebook.cellID(n1.cells[0], index: 0) != Notebook.cellID(n1.cells[1], index: 1))
        #expect(Notebook.cellID(n1.cells[1], index: 1) != Notebook.cellID(n2.cells[1], index: 1))
    }

    @Test func embeddedSVGAndTable() throws {
        let nb = try sample()
        let svg = Samples.heatMapSVG()
        let display = try #require(nb.cells.first { $0.source.contains("display(SVG(") }).source
        #expect(display.contains("heat_map__cards__svg = \"\"\"\\\n"))
        #expect(display.hasSuffix("display(SVG(heat_map__cards__svg))"))
        #expect(display.contains("# Core temperatures [°C]"))
        // The literal unescapes to the SVG itself.
        let body = try #require(display.components(separatedBy: "\"\"\"\\\n").last?.components(separatedBy: "\"\"\"").first)
        #expect(body.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\") == svg)
        let image = try #require(nb.cells.first { $0.source.contains("data:image/svg+xml;base64,") }).source
        #expect(image.contains(Data(svg.utf8).base64EncodedString()))
        #expect(image.contains("alt=\"Inline &lt;b&gt;image&lt;/b&gt;\""))
        let table = try #require(nb.cells.first { $0.source.contains("odd_csv") }).source
        #expect(table.contains("\\\"quote \\\"\\\" and, comma\\\",1.5"))
        #expect(table.contains("odd = pd.read_csv(io.StringIO(odd_csv))"))
    }

    @Test func errorsAreValues() {
        var nb = Notebook()
        for bad in ["", "1x", "class", "a-b", "naïve", "x y"] {
            #expect(throws: ReportError.invalidIdentifier(bad)) { try nb.addTable(DataTable(columns: [], rows: []), variable: bad) }
        }
        #expect(throws: ReportError.rowWidth(row: 1, expected: 2, found: 1)) {
            try DataTable(columns: ["a", "b"], rows: [[.number(1), .number(2)], [.number(3)]])
        }
        #expect(throws: ReportError.self) { try Notebook().write(to: "/nonexistent-dir/x.ipynb") }
    }

    @Test func jsonEscaping() throws {
        let s = "q\" b\\ \n\t\r \u{1} é ₂ / </script>"
        let text = JSONValue.object(["k": .string(s), "a": .array([]), "o": .object([:])]).serialized()
        #expect(text == "{\n \"a\": [],\n \"k\": \"q\\\" b\\\\ \\n\\t\\r \\u0001 é ₂ / </script>\",\n \"o\": {}\n}")
        let back = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(back["k"] as? String == s)
    }

    @Test func csv() throws {
        let t = try DataTable(columns: ["a,b", "c"], rows: [[.number(0.1), .number(.infinity)], [.text("x\r\ny"), .missing]])
        #expect(t.csv() == "\"a,b\",c\n0.1,\n\"x\r\ny\",\n")
    }
}
