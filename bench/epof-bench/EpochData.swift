import Foundation

/// The numbers the canonical epoch LP is built from, as written by
/// `epoch_lp.py --emit-json` (shared/bench/epoch_lp.py, `make_data`).
///
/// Decoded straight into the column arrays the builder reads: the operating points arrive as
/// an array of objects but are kept only as three parallel arrays (their names are skipped),
/// so the problem data exists once in memory.
struct EpochData: Sendable {
    /// Number of accelerator cards (N).
    var cards: Int
    /// Number of epochs (H).
    var horizon: Int
    /// Epoch length in seconds.
    var dt: Double
    /// Latency SLO in seconds: interactive work may run only on points with latency ≤ slo.
    var slo: Double
    /// Per-card power cap (W).
    var cardCap: Double
    /// Node power cap (W).
    var nodeCap: Double
    /// Idle power of a card (W).
    var idleW: Double
    /// Ambient temperature (°C).
    var ambient: Double
    /// Card temperature before the first epoch (°C).
    var theta0: Double
    /// Card temperature limit (°C).
    var thetaMax: Double
    /// Thermal capacitance (J/K).
    var thermalCapacitance: Double
    /// Thermal resistance per card (K/W), `cards` values.
    var thermalResistance: [Double]
    /// Weight of normalised throughput in the objective.
    var alpha: Double
    /// Weight of normalised carbon in the objective.
    var beta: Double
    /// Throughput of each operating point (units/s).
    var pointThroughput: [Double]
    /// Latency of each operating point (s).
    var pointLatency: [Double]
    /// Power of each operating point (W).
    var pointPower: [Double]
    /// Grid carbon intensity per epoch (g/kWh), `horizon` values.
    var carbon: [Double]
    /// Interactive work that must be served in each epoch (units), `horizon` values.
    var interactive: [Double]
    /// Deferrable work arriving in each epoch (units), `horizon` values.
    var deferrable: [Double]

    /// Number of operating points (K).
    var pointCount: Int { pointThroughput.count }
}

/// Why the data file could not be used; each message names the file and the key concerned.
struct EpochDataError: Error, CustomStringConvertible {
    var description: String
}

extension EpochData: Decodable {
    private enum Key: String, CodingKey {
        case cards, horizon, dt, slo, card_cap, node_cap, idle_w, amb, theta0, theta_max, cth, rth
        case alpha, beta, points, carbon, interactive, deferrable
    }

    private enum PointKey: String, CodingKey {
        case thr, lat, pw
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        cards = try c.decode(Int.self, forKey: .cards)
        horizon = try c.decode(Int.self, forKey: .horizon)
        dt = try c.decode(Double.self, forKey: .dt)
        slo = try c.decode(Double.self, forKey: .slo)
        cardCap = try c.decode(Double.self, forKey: .card_cap)
        nodeCap = try c.decode(Double.self, forKey: .node_cap)
        idleW = try c.decode(Double.self, forKey: .idle_w)
        ambient = try c.decode(Double.self, forKey: .amb)
        theta0 = try c.decode(Double.self, forKey: .theta0)
        thetaMax = try c.decode(Double.self, forKey: .theta_max)
        thermalCapacitance = try c.decode(Double.self, forKey: .cth)
        thermalResistance = try c.decode([Double].self, forKey: .rth)
        alpha = try c.decode(Double.self, forKey: .alpha)
        beta = try c.decode(Double.self, forKey: .beta)
        carbon = try c.decode([Double].self, forKey: .carbon)
        interactive = try c.decode([Double].self, forKey: .interactive)
        deferrable = try c.decode([Double].self, forKey: .deferrable)

        // Points: decode each object's three numbers into the parallel arrays directly.
        var list = try c.nestedUnkeyedContainer(forKey: .points)
        pointThroughput = []
        pointLatency = []
        pointPower = []
        if let n = list.count {
            pointThroughput.reserveCapacity(n)
            pointLatency.reserveCapacity(n)
            pointPower.reserveCapacity(n)
        }
        while !list.isAtEnd {
            let p = try list.nestedContainer(keyedBy: PointKey.self)
            pointThroughput.append(try p.decode(Double.self, forKey: .thr))
            pointLatency.append(try p.decode(Double.self, forKey: .lat))
            pointPower.append(try p.decode(Double.self, forKey: .pw))
        }
    }

    /// Reads and decodes `path`, then checks that the array lengths agree with `cards` and
    /// `horizon`. Errors are ``EpochDataError`` with a one-line explanation.
    static func load(path: String) throws(EpochDataError) -> EpochData {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw EpochDataError(description: "data file '\(path)' \(reason)")
        }
        let data: EpochData
        do {
            data = try JSONDecoder().decode(EpochData.self, from: bytes)
        } catch let error as DecodingError {
            throw EpochDataError(description: "data file '\(path)': \(Self.explain(error))")
        } catch {
            throw EpochDataError(description: "data file '\(path)': \(error)")
        }
        try data.check(path: path)
        return data
    }

    /// Shape checks the builder relies on (it indexes these arrays without bounds tests of its own).
    private func check(path: String) throws(EpochDataError) {
        func fail(_ why: String) -> EpochDataError { EpochDataError(description: "data file '\(path)': \(why)") }
        if cards < 1 { throw fail("'cards' is \(cards); need at least 1") }
        if horizon < 1 { throw fail("'horizon' is \(horizon); need at least 1") }
        if pointCount == 0 { throw fail("'points' is empty") }
        if thermalResistance.count != cards {
            throw fail("'rth' has \(thermalResistance.count) values; need one per card (\(cards))")
        }
        for (key, array) in [("carbon", carbon), ("interactive", interactive), ("deferrable", deferrable)]
        where array.count != horizon {
            throw fail("'\(key)' has \(array.count) values; need one per epoch (\(horizon))")
        }
        if !(dt > 0) || !(thermalCapacitance > 0) || thermalResistance.contains(where: { !($0 > 0) }) {
            throw fail("'dt', 'cth' and every 'rth' must be positive")
        }
    }

    /// A one-line reading of a decoding error: which key, where, and what was wrong.
    private static func explain(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "top level" : keys.reduce(into: "") { s, k in s += k.intValue.map { "[\($0)]" } ?? (s.isEmpty ? k.stringValue : ".\(k.stringValue)") }
        }
        switch error {
        case let .keyNotFound(key, ctx):
            let at = ctx.codingPath.isEmpty ? "" : " in \(path(ctx.codingPath))"
            return "missing key '\(key.stringValue)'\(at)"
        case let .typeMismatch(type, ctx):
            return "'\(path(ctx.codingPath))' is not a valid \(type) (\(ctx.debugDescription))"
        case let .valueNotFound(type, ctx):
            return "'\(path(ctx.codingPath))' is null; expected \(type)"
        case let .dataCorrupted(ctx):
            return ctx.codingPath.isEmpty ? "not valid JSON (\(ctx.debugDescription))"
                                          : "'\(path(ctx.codingPath))': \(ctx.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
