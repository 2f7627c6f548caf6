import ArgumentParser
import LinearModel

/// `epof convert IN OUT`: translate between MPS and CPLEX LP.
public struct ConvertCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a model between MPS and CPLEX LP formats (chosen by the file extensions).",
        discussion: "Exit codes: 0 converted, 2 input or output error."
    )

    @Argument(help: "Input model (.mps or .lp).")
    var input: String

    @Argument(help: "Output model (.mps or .lp).")
    var output: String

    public init() {}

    public func run() throws {
        let model: Model
        do {
            model = try ModelFile.read(contentsOf: input)
        } catch {
            throw fail(.inputError, "\(error)")
        }
        do {
            try ModelFile.write(model, to: output)
        } catch {
            throw fail(.inputError, "\(error)")
        }
        print("wrote \(output): \(model.columnCount) columns, \(model.rowCount) rows, \(model.nonzeroCount) nonzeros")
    }
}
