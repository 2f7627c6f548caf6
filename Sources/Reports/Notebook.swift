import Foundation

/// One cell of a ``Notebook``.
public struct NotebookCell: Sendable, Hashable {
    /// Markdown or code.
    public enum Kind: String, Sendable, Hashable {
        /// Rendered text.
        case markdown
        /// Python source, stored unexecuted.
        case code
    }

    /// The cell's kind.
    public var kind: Kind
    /// The cell's text.
    public var source: String
    /// Markdown attachments: file name → MIME type → base64 data.
    public var attachments: [String: [String: String]]

    /// A cell.
    public init(kind: Kind, source: String, attachments: [String: [String: String]] = [:]) {
        self.kind = kind
        self.source = source
        self.attachments = attachments
    }
}

/// A Jupyter notebook (nbformat 4.5) built from markdown, code, data tables and SVG charts.
///
/// Data is embedded in the notebook, not written next to it: a table becomes a code cell holding
/// its CSV in a Python string that pandas reads, so the notebook is one self-contained file that can
/// be mailed, committed or opened anywhere (fine for the tables EPOF produces — a frontier, a
/// few days of 15-minute epochs — a few hundred kB at most). Charts go in as display cells or
/// inline markdown images (see ``SVGEmbedding``).
///
/// Output is deterministic: keys sorted and indented as Jupyter writes them, cell ids derived from
/// the cell's index and content, no timestamps.
public struct Notebook: Sendable, Hashable {
    /// The cells, in order.
    public private(set) var cells: [NotebookCell] = []

    /// An empty notebook; `title`, if given, becomes a first markdown cell "# title".
    public init(title: String? = nil) {
        if let title, !title.isEmpty { addMarkdown("# " + title) }
    }

    /// Appends a markdown cell.
    public mutating func addMarkdown(_ text: String) {
        cells.append(NotebookCell(kind: .markdown, source: text))
    }

    /// Appends a prepared cell (e.g. a markdown cell with PNG attachments).
    public mutating func append(_ cell: NotebookCell) {
        cells.append(cell)
    }

    /// Appends a code cell (Python) with no outputs.
    public mutating func addCode(_ source: String) {
        cells.append(NotebookCell(kind: .code, source: source))
    }

    /// Appends a code cell that loads `table` into the pandas DataFrame `variable`.
    ///
    /// Fails when `variable` is not a Python identifier (it is pasted into code).
    public mutating func addTable(_ table: DataTable, variable: String) throws(ReportError) {
        guard Notebook.isPythonIdentifier(variable) else { throw .invalidIdentifier(variable) }
        // The CSV goes into a """-string: escaping \ and " keeps any content inert.
        let literal = Notebook.pythonTripleQuoted(table.csv())
        let source = """
            import io
            import pandas as pd

            \(variable)_csv = \"\"\"\\
            \(literal)\"\"\"
            \(variable) = pd.read_csv(io.StringIO(\(variable)_csv))
            \(variable)
            """
        addCode(source)
    }

    /// How ``addSVG(_:name:caption:as:)`` puts a chart into the notebook.
    public enum SVGEmbedding: Sendable, Hashable {
        /// A code cell holding the SVG text that shows it with `IPython.display.SVG` when run:
        /// renders in every front end once executed, and the SVG stays readable in the file.
        case displayCell
        /// A markdown cell with an `<img>` whose source is a base64 `data:` URI: shows without
        /// running anything. (Not a cell attachment: JupyterLab's attachment resolver refuses
        /// image/svg+xml — "Cannot render unknown image mime type".)
        case markdownImage
    }

    /// Appends `svg` (a chart) under `caption`, as a display cell (default) or an inline markdown image.
    ///
    /// `name` names the Python variable of a display cell; it is reduced to a Python identifier
    /// (other characters become "_").
    public mutating func addSVG(_ svg: String, name: String, caption: String = "", as embedding: SVGEmbedding = .displayCell) {
        switch embedding {
        case .displayCell:
            var variable = String(name.unicodeScalars.map { s -> Character in
                s.isASCII && (CharacterSet.alphanumerics.contains(s) || s == "_") ? Character(s) : "_"
            })
            if !Notebook.isPythonIdentifier(variable) { variable = "chart_" + variable }
            if !Notebook.isPythonIdentifier(variable) { variable = "chart" }
            var source = "from IPython.display import SVG, display\n\n"
            if !caption.isEmpty { source += "# " + caption.replacingOccurrences(of: "\n", with: " ") + "\n" }
            source += "\(variable)_svg = \"\"\"\\\n" + Notebook.pythonTripleQuoted(svg) + "\"\"\"\n"
            source += "display(SVG(\(variable)_svg))"
            addCode(source)
        case .markdownImage:
            let alt = ReportFormat.xmlEscape(caption.isEmpty ? name : caption)
            var text = caption.isEmpty ? "" : "**\(caption)**\n\n"
            text += "<img src=\"data:image/svg+xml;base64,\(Data(svg.utf8).base64EncodedString())\" alt=\"\(alt)\" "
            text += "style=\"max-width:100%;height:auto\"/>"
            addMarkdown(text)
        }
    }

    /// `text` made safe inside a Python triple-quoted string: backslashes and quotes escaped.
    static func pythonTripleQuoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    /// The notebook as nbformat 4.5 JSON text (ends with a newline, as Jupyter writes it).
    public func json() -> String {
        let nb: JSONValue = .object([
            "cells": .array(cells.enumerated().map { Notebook.cellJSON($1, index: $0) }),
            "metadata": .object([
                "kernelspec": .object(["display_name": .string("Python 3 (ipykernel)"), "language": .string("python"),
                                       "name": .string("python3")]),
                "language_info": .object(["name": .string("python")]),
            ]),
            "nbformat": .int(4),
            "nbformat_minor": .int(5),
        ])
        return nb.serialized() + "\n"
    }

    /// Writes ``json()`` to `path` (replacing the file).
    public func write(to path: String) throws(ReportError) {
        do {
            try Data(json().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .write(path: path, reason: error.localizedDescription)
        }
    }

    /// nbformat stores source as a list of lines, each but the last keeping its "\n".
    static func lines(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            current.unicodeScalars.append(scalar)
            if scalar == "\n" { out.append(current); current = "" }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// A stable id: the index (unique) and a hash of the content (so edits show as new cells).
    static func cellID(_ cell: NotebookCell, index: Int) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a 64: fixed, unlike Hasher's per-process seed
        for byte in (cell.kind.rawValue + "\u{0}" + cell.source).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "cell-\(index)-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    static func cellJSON(_ cell: NotebookCell, index: Int) -> JSONValue {
        var members: [String: JSONValue] = [
            "cell_type": .string(cell.kind.rawValue),
            "id": .string(cellID(cell, index: index)),
            "metadata": .object([:]),
            "source": .array(lines(cell.source).map(JSONValue.string)),
        ]
        switch cell.kind {
        case .code:
            members["execution_count"] = .null
            members["outputs"] = .array([])
        case .markdown:
            if !cell.attachments.isEmpty {
                members["attachments"] = .object(cell.attachments.mapValues { bundle in .object(bundle.mapValues(JSONValue.string)) })
            }
        }
        return .object(members)
    }

    private static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    /// Whether `name` is an ASCII Python identifier and not a keyword.
    public static func isPythonIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !keywords.contains(name) else { return false }
        func ok(_ s: Unicode.Scalar) -> Bool { s.isASCII && (s == "_" || CharacterSet.alphanumerics.contains(s)) }
        return ok(first) && !("0"..."9").contains(first) && name.unicodeScalars.allSatisfy(ok)
    }
}
