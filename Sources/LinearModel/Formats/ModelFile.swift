/// Reading and writing a model file whose format follows from its extension: `.mps` (MPS;
/// free or fixed detected when reading, free when writing) or `.lp` (CPLEX LP),
/// case-insensitive; a further `.gz` (e.g. `model.mps.gz`) is read gzip-compressed.
public enum ModelFile {
    /// The extensions ``read(contentsOf:)`` and ``write(_:to:)`` understand.
    public static let supportedExtensions = ["mps", "lp"]

    private enum Kind { case mps, lp }

    private static func kind(of path: String) throws(FileFormatError) -> Kind {
        var base = path.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(path)
        if FileIO.isCompressed(String(base)) { base = base.dropLast(3) }
        let ext = base.contains(".") ? base.split(separator: ".").last.map { $0.lowercased() } ?? "" : ""
        switch ext {
        case "mps": return .mps
        case "lp": return .lp
        default:
            let found = ext.isEmpty ? "no extension" : "extension '.\(ext)'"
            throw FileFormatError(file: path, message: "unknown model file format (\(found)); allowed extensions: .mps, .lp, optionally followed by .gz")
        }
    }

    /// Reads the model in `path`; the extension chooses the format.
    /// A model without a name (no NAME line, or an LP file) takes the file's base name.
    public static func read(contentsOf path: String) throws(FileFormatError) -> Model {
        var model: Model
        switch try kind(of: path) {
        case .mps: model = try MPS.read(contentsOf: path)
        case .lp: model = try LPFile.read(contentsOf: path)
        }
        if model.name.isEmpty {
            let file = path.split(separator: "/").last.map(String.init) ?? path
            model.name = file.split(separator: ".").first.map(String.init) ?? file
        }
        return model
    }

    /// Writes `model` to `path` (replacing it); the extension chooses the format.
    public static func write(_ model: Model, to path: String) throws(FileFormatError) {
        if FileIO.isCompressed(path) {
            throw FileFormatError(file: path, message: "writing compressed files is not supported; write .mps or .lp and compress it")
        }
        let text: String
        do {
            switch try kind(of: path) {
            case .mps: text = try MPS.write(model)
            case .lp: text = try LPFile.write(model)
            }
        } catch {
            // Name the destination rather than the writer.
            throw FileFormatError(file: path, line: error.line, message: error.message)
        }
        try FileIO.writeText(text, to: path)
    }
}
