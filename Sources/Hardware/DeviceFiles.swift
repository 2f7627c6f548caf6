import Foundation
import Yams

extension DeviceSpec {
    /// Loads and validates a device description from a YAML (`.yaml`, `.yml`) or JSON
    /// (`.json`) file. Errors name the field, the rule, the file and — when the field is
    /// present in the file, or for a missing field its parent — the line.
    public static func load(contentsOf path: String) throws(DeviceSpecError) -> DeviceSpec {
        let doc = try SpecDocument(path: path)
        let spec: DeviceSpec = try doc.decode(DeviceSpec.self)
        do { try spec.validate() } catch { throw doc.locate(error) }
        return spec
    }
}

extension NodeSpec {
    /// Loads and validates a node from a YAML or JSON file (by extension). `device` is either
    /// a full device description or the id of a preset (e.g. `device: ascend-910b`); `cards`
    /// is required; `host` is optional and defaults to `HostSpec.typical`.
    public static func load(contentsOf path: String) throws(DeviceSpecError) -> NodeSpec {
        let doc = try SpecDocument(path: path)
        let file: NodeFile = try doc.decode(NodeFile.self)
        let device: DeviceSpec
        switch file.device {
        case .preset(let id):
            guard let d = DevicePresets.named(id) else {
                throw doc.locate(DeviceSpecError(field: "device",
                                                 rule: "unknown preset '\(id)'; known presets: \(DevicePresets.ids.joined(separator: ", "))"))
            }
            device = d
        case .spec(let d):
            device = d
        }
        let node = NodeSpec(device: device, cards: file.cards, host: file.host ?? .typical)
        do { try node.validate() } catch { throw doc.locate(error) }
        return node
    }
}

extension HostSpec {
    /// A typical inference host used when a node file gives none (estimate: a two-socket
    /// server, 96 cores at ≈2.6 GHz with AVX-512 FMA ≈ 8 TFLOP/s FP32, 1 TB of DDR5 at
    /// ≈600 GB/s over 16 channels).
    public static let typical = HostSpec(cpuCores: 96, cpuThroughput: 8e12, ddrCapacity: 1e12, ddrBandwidth: 600e9)
}

/// A node file's shape: `device` is a preset id or a full description.
private struct NodeFile: Decodable {
    enum DeviceRef: Decodable {
        case preset(String)
        case spec(DeviceSpec)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let id = try? c.decode(String.self) { self = .preset(id) } else { self = .spec(try c.decode(DeviceSpec.self)) }
        }
    }
    var device: DeviceRef
    var cards: Int
    var host: HostSpec?
}

/// A parsed spec file: its text, its YAML node tree (JSON parses as YAML too) for line
/// numbers, and how to decode it.
private struct SpecDocument {
    let path: String
    let text: String
    let isJSON: Bool
    let root: Node?

    init(path: String) throws(DeviceSpecError) {
        self.path = path
        let ext = (path as NSString).pathExtension.lowercased()
        guard ["yaml", "yml", "json"].contains(ext) else {
            throw DeviceSpecError(field: "file", rule: "must end in .yaml, .yml or .json (got '.\(ext)')", file: path)
        }
        isJSON = ext == "json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DeviceSpecError(field: "file", rule: "cannot be read (missing or not accessible)", file: path)
        }
        guard let s = String(data: data, encoding: .utf8) else {
            throw DeviceSpecError(field: "file", rule: "must be UTF-8 text", file: path)
        }
        text = s
        do {
            root = try Yams.compose(yaml: s)
        } catch let e as YamlError {
            throw SpecDocument.syntaxError(e, path: path)
        } catch {
            throw DeviceSpecError(field: "file", rule: "is not valid \(ext == "json" ? "JSON" : "YAML"): \(error)", file: path)
        }
    }

    static func syntaxError(_ e: YamlError, path: String) -> DeviceSpecError {
        switch e {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return DeviceSpecError(field: "file", rule: "syntax error: \(problem)", file: path, line: mark.line)
        default:
            return DeviceSpecError(field: "file", rule: "is not valid YAML/JSON: \(e)", file: path)
        }
    }

    func decode<T: Decodable>(_ type: T.Type) throws(DeviceSpecError) -> T {
        do {
            if isJSON { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) }
            return try YAMLDecoder().decode(T.self, from: text)
        } catch let e as DecodingError {
            throw describe(e)
        } catch let e as YamlError {
            throw SpecDocument.syntaxError(e, path: path)
        } catch {
            throw DeviceSpecError(field: "file", rule: "cannot be decoded: \(error)", file: path)
        }
    }

    /// Turns a decoding error into one naming the dotted field path and its line.
    func describe(_ e: DecodingError) -> DeviceSpecError {
        func path(_ keys: [CodingKey]) -> String {
            var s = ""
            for k in keys {
                if let i = k.intValue, k.stringValue.hasPrefix("Index") || k.stringValue == "\(i)" { s += "[\(i)]" }
                else { s += s.isEmpty ? k.stringValue : "." + k.stringValue }
            }
            return s
        }
        switch e {
        case let .keyNotFound(key, ctx):
            let parent = path(ctx.codingPath)
            let field = parent.isEmpty ? key.stringValue : parent + "." + key.stringValue
            return DeviceSpecError(field: field, rule: "is required but missing", file: self.path, line: line(of: parent))
        case let .typeMismatch(type, ctx):
            let f = path(ctx.codingPath)
            return DeviceSpecError(field: f.isEmpty ? "(document)" : f, rule: "must be \(Self.describe(type))",
                                   file: self.path, line: line(of: f))
        case let .valueNotFound(type, ctx):
            let f = path(ctx.codingPath)
            return DeviceSpecError(field: f.isEmpty ? "(document)" : f, rule: "must be \(Self.describe(type)), not null",
                                   file: self.path, line: line(of: f))
        case let .dataCorrupted(ctx):
            let f = path(ctx.codingPath)
            return DeviceSpecError(field: f.isEmpty ? "(document)" : f, rule: "invalid value: \(ctx.debugDescription)",
                                   file: self.path, line: line(of: f))
        @unknown default:
            return DeviceSpecError(field: "(document)", rule: "\(e)", file: self.path)
        }
    }

    static func describe(_ t: Any.Type) -> String {
        switch t {
        case is Double.Type: return "a number"
        case is Int.Type: return "an integer"
        case is String.Type: return "a string"
        case is Array<Any>.Type, is [DVFSLevel].Type, is [Double].Type: return "a list"
        default: return "a \(t) mapping"
        }
    }

    /// Adds the file and the line of `error.field` (or its nearest present ancestor).
    func locate(_ error: DeviceSpecError) -> DeviceSpecError {
        var e = error
        e.file = path
        e.line = line(of: error.field)
        return e
    }

    /// Line (1-based) of the node at a dotted path like "dvfs[3].voltage" or "device.power.idle",
    /// falling back to the nearest ancestor present in the file.
    func line(of field: String) -> Int? {
        guard var node = root else { return nil }
        var best = node.mark?.line
        var parts: [String] = []
        for seg in field.split(separator: ".") {
            var s = Substring(seg)
            if let b = s.firstIndex(of: "[") {
                parts.append(String(s[..<b]))
                s = s[b...]
                while let open = s.firstIndex(of: "["), let close = s.firstIndex(of: "]") {
                    parts.append(String(s[open...close]))
                    s = s[s.index(after: close)...]
                }
            } else {
                parts.append(String(s))
            }
        }
        for p in parts where !p.isEmpty {
            let next: Node?
            if p.hasPrefix("["), let i = Int(p.dropFirst().dropLast()) {
                next = node.sequence.flatMap { i >= 0 && i < $0.count ? $0[i] : nil }
            } else {
                next = node[p]
            }
            guard let n = next else { break }
            node = n
            best = n.mark?.line ?? best
        }
        return best
    }
}

extension DeviceSpec {
    /// The description as YAML text (the format `load(contentsOf:)` reads back).
    public func yamlString() throws(DeviceSpecError) -> String {
        do { return try YAMLEncoder().encode(self) } catch {
            throw DeviceSpecError(field: "(document)", rule: "cannot be encoded as YAML: \(error)")
        }
    }
}
