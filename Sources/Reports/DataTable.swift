import Foundation

/// One cell of a ``DataTable``.
public enum DataValue: Sendable, Hashable {
    /// A number; NaN and ±inf are written as empty fields (pandas reads them as NaN).
    case number(Double)
    /// Text.
    case text(String)
    /// An empty field.
    case missing
}

/// A small table of named columns, written as CSV (RFC 4180) for notebooks and other tools.
public struct DataTable: Sendable, Hashable {
    /// Column names.
    public let columns: [String]
    /// Rows, each with one value per column.
    public let rows: [[DataValue]]

    /// A table; fails when a row's width differs from the number of columns.
    public init(columns: [String], rows: [[DataValue]]) throws(ReportError) {
        for (i, row) in rows.enumerated() where row.count != columns.count {
            throw .rowWidth(row: i, expected: columns.count, found: row.count)
        }
        self.columns = columns
        self.rows = rows
    }

    /// The points of `series` in long form: columns series, `x`, `y`, label (one row per point,
    /// non-finite values kept as empty fields so the data is complete).
    public init(series: [ChartSeries], x: String = "x", y: String = "y") {
        columns = ["series", x, y, "label"]
        rows = series.flatMap { s in
            s.points.map { p in [.text(s.name), .number(p.x), .number(p.y), p.label.map { .text($0) } ?? .missing] }
        }
    }

    /// The table as CSV: a header line, then one line per row, "\n" line ends, fields quoted only
    /// where needed. Numbers use Swift's shortest round-trip form (exact, locale-free).
    public func csv() -> String {
        var out = columns.map(DataTable.field).joined(separator: ",") + "\n"
        for row in rows {
            out += row.map { value -> String in
                switch value {
                case .number(let d): return d.isFinite ? "\(d)" : ""
                case .text(let s): return DataTable.field(s)
                case .missing: return ""
                }
            }.joined(separator: ",") + "\n"
        }
        return out
    }

    static func field(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
