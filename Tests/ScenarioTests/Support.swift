import Foundation

/// Paths shared by the scenario tests.
enum TestPaths {
    /// The repository root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `Problems/`.
    static let problems = root.appendingPathComponent("Problems")
    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("epof-scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }
    /// Writes `text` to `name` in `folder` and returns the path.
    @discardableResult
    static func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        let p = folder.appendingPathComponent(name).path
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }
}
