import EPOFCommands
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Service

/// The repository root, for Problems/ and openapi.yaml.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func problemFile(_ name: String) throws -> String {
    try String(contentsOf: repositoryRoot.appendingPathComponent("Problems/\(name)"), encoding: .utf8)
}

/// Settings for tests: two workers, scenario paths relative to Problems/.
func testSettings(_ edit: (inout ServiceSettings) -> Void = { _ in }) -> ServiceSettings {
    var s = ServiceSettings()
    s.workers = 2
    s.requestName = repositoryRoot.appendingPathComponent("Problems/request.yaml").path
    edit(&s)
    return s
}

/// Runs `body` against an in-process service (HummingbirdTesting's router framework: no socket),
/// then stops its workers.
func withService(_ settings: ServiceSettings = testSettings(), backend: any ServiceBackend = CommandBackend(),
                 _ body: @escaping @Sendable (any TestClientProtocol, EPOFService) async throws -> Void) async throws {
    let service = EPOFService(backend: backend, settings: settings)
    defer { service.stopWorkers() }
    try await service.application().test(.router) { client in try await body(client, service) }
}

extension ByteBuffer {
    var text: String { String(buffer: self) }
    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(String(buffer: self).utf8)) as? [String: Any] ?? [:]
    }
}

let yamlHeaders: HTTPFields = [.contentType: "application/yaml"]
let jsonHeaders: HTTPFields = [.contentType: "application/json"]

/// A JSON value's text with sorted keys, for comparing documents.
func canonical(_ value: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
}

/// A plan document without its wall-clock fields (`statistics.seconds`), which differ run to run.
func withoutTimings(_ plan: Any) -> Any {
    guard var p = plan as? [String: Any] else { return plan }
    if var st = p["statistics"] as? [String: Any] {
        st.removeValue(forKey: "seconds")
        p["statistics"] = st
    }
    return p
}

/// Runs the built `epof` (next to the test bundle) and returns its standard output.
func runEPOF(_ arguments: [String]) throws -> String {
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("epof")
    let fallback = repositoryRoot.appendingPathComponent(".build/debug/epof")
    let p = Process()
    p.executableURL = FileManager.default.isExecutableFile(atPath: exe.path) ? exe : fallback
    p.arguments = arguments
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

extension Dictionary where Key == String, Value == Any {
    func int(_ key: String) -> Int? { self[key] as? Int }
    func string(_ key: String) -> String? { self[key] as? String }
}
