/// Why carbon data could not be read, resampled, forecast or accounted.
///
/// Every case names what went wrong and, for file input, the file, the 1-based line and the
/// column (by its header name) concerned, so a message can be acted on without a debugger.
public enum CarbonError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An argument outside its allowed range (e.g. a non-positive step).
    case invalidArgument(name: String, value: String, allowed: String)
    /// The file could not be read at all.
    case unreadableFile(file: String, reason: String)
    /// The file has no header row (it is empty or holds only blank lines and comments).
    case emptyFile(file: String)
    /// The file has a header but no data rows (after skipping missing values, if allowed).
    case noDataRows(file: String)
    /// A requested column is not in the header. `available` lists the header's names.
    case missingColumn(file: String, line: Int, column: String, available: [String])
    /// A requested column name matches more than one header column.
    case ambiguousColumn(file: String, line: Int, column: String, candidates: [String])
    /// A column's name carries a unit this reader does not know how to convert to gCO₂/kWh.
    case unknownUnit(file: String, line: Int, column: String, unit: String)
    /// A data row has fewer fields than the columns it must provide.
    case missingField(file: String, line: Int, column: String, fieldCount: Int)
    /// A field that must be a finite number is not.
    case badNumber(file: String, line: Int, column: String, text: String)
    /// A field that must be a timestamp is not one of the accepted shapes.
    case badTimestamp(file: String, line: Int, column: String, text: String)
    /// A timestamp is not later than the one on the previous data row.
    case nonIncreasingTimestamp(file: String, line: Int, column: String, previousLine: Int, text: String)
    /// An intensity is negative (gCO₂/kWh must be ≥ 0).
    case negativeIntensity(file: String, line: Int, column: String, value: Double)
    /// A forecast needs observations or values the trace does not have.
    case outsideTrace(what: String, epoch: Int, epochCount: Int)
    /// Two inputs that must line up (e.g. a power series and a trace) do not.
    case mismatch(what: String, expected: Int, found: Int)
    /// A carbon efficiency ratio was asked for zero (or negative) emissions.
    case nonPositiveEmissions(grams: Double)
    /// A field of a JSON feed (by its JSON path, e.g. `$.data[3].value`) is missing or invalid.
    case badField(file: String, field: String, problem: String, allowed: String)

    public var description: String {
        switch self {
        case let .invalidArgument(name, value, allowed):
            return "invalid \(name) \(value): expected \(allowed)"
        case let .unreadableFile(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .emptyFile(file):
            return "\(file): empty file (no header row)"
        case let .noDataRows(file):
            return "\(file): no data rows after the header"
        case let .missingColumn(file, line, column, available):
            return "\(file):\(line): no column '\(column)' in the header (columns: \(available.joined(separator: ", ")))"
        case let .ambiguousColumn(file, line, column, candidates):
            return "\(file):\(line): column name '\(column)' matches several columns: \(candidates.joined(separator: ", ")); give the full name"
        case let .unknownUnit(file, line, column, unit):
            return "\(file):\(line): column '\(column)' has unit '\(unit)'; known units: gCO2/kWh, gCO2eq/kWh, kgCO2/kWh, kg/MWh, t/MWh, lb/MWh"
        case let .missingField(file, line, column, count):
            return "\(file):\(line): column '\(column)' missing (the row has \(count) fields)"
        case let .badNumber(file, line, column, text):
            return "\(file):\(line): column '\(column)': '\(text)' is not a finite number"
        case let .badTimestamp(file, line, column, text):
            return "\(file):\(line): column '\(column)': '\(text)' is not a timestamp (expected ISO 8601 such as 2023-01-01T00:00:00Z, 'YYYY-MM-DD HH:MM[:SS]' or Unix seconds)"
        case let .nonIncreasingTimestamp(file, line, column, previousLine, text):
            return "\(file):\(line): column '\(column)': timestamp '\(text)' is not later than the one on line \(previousLine)"
        case let .negativeIntensity(file, line, column, value):
            return "\(file):\(line): column '\(column)': intensity \(value) gCO2/kWh is negative"
        case let .outsideTrace(what, epoch, count):
            return "\(what): epoch \(epoch) is outside the trace's \(count) epochs"
        case let .mismatch(what, expected, found):
            return "\(what): expected \(expected), found \(found)"
        case let .badField(file, field, problem, allowed):
            return "\(file): \(field) \(problem); expected \(allowed)"
        case let .nonPositiveEmissions(grams):
            return "carbon efficiency ratio undefined: emissions are \(grams) gCO2 (must be > 0)"
        }
    }
}
