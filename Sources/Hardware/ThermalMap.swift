import Foundation

/// Per-core temperatures of every die of every card at one instant — the simulator's
/// per-tick thermal snapshot, printable in the seed's format and serialisable as JSON.
public struct ThermalMap: Codable, Sendable, Hashable {
    /// One die's core temperatures.
    public struct Die: Codable, Sendable, Hashable {
        /// Die index within its card.
        public var index: Int
        /// Grid rows and columns of `coreTemperatures`.
        public var rows: Int
        /// Grid columns.
        public var columns: Int
        /// °C, row-major over the core grid.
        public var coreTemperatures: [Double]
        /// A die snapshot; temperatures in °C, row-major.
        public init(index: Int, rows: Int, columns: Int, coreTemperatures: [Double]) {
            self.index = index
            self.rows = rows
            self.columns = columns
            self.coreTemperatures = coreTemperatures
        }
        /// Hottest core, °C (−∞ for an empty die).
        public var maxTemperature: Double { coreTemperatures.max() ?? -.infinity }
    }

    /// One card's dies.
    public struct Card: Codable, Sendable, Hashable {
        /// Card index within the node.
        public var index: Int
        /// Its dies.
        public var dies: [Die]
        /// A card snapshot.
        public init(index: Int, dies: [Die]) {
            self.index = index
            self.dies = dies
        }
    }

    /// Simulation time of the snapshot, s.
    public var time: Double
    /// Every card of the node.
    public var cards: [Card]

    /// A snapshot at `time` s.
    public init(time: Double, cards: [Card]) {
        self.time = time
        self.cards = cards
    }

    /// A snapshot of thermal models laid out as `models[card][die]`.
    public init(time: Double, models: [[DieThermalModel]]) {
        self.time = time
        cards = models.enumerated().map { c, dies in
            Card(index: c, dies: dies.enumerated().map { i, m in
                Die(index: i, rows: m.grid.rows, columns: m.grid.columns, coreTemperatures: m.coreTemperatures)
            })
        }
    }

    /// Hottest core of the whole node, °C.
    public var maxTemperature: Double { cards.flatMap(\.dies).map(\.maxTemperature).max() ?? -.infinity }

    /// One line per die in the seed's format, `[DIE 0] [85°C][82°C]…`, temperatures rounded to
    /// whole °C, grid rows separated by " | ". With more than one card each line is prefixed
    /// with `[CARD c] `.
    public func ascii() -> String {
        var lines: [String] = []
        for card in cards {
            for die in card.dies {
                var rowsText: [String] = []
                let cols = max(die.columns, 1)
                var start = 0
                while start < die.coreTemperatures.count {
                    let row = die.coreTemperatures[start..<min(start + cols, die.coreTemperatures.count)]
                    rowsText.append(row.map { "[\(Self.rounded($0))°C]" }.joined())
                    start += cols
                }
                let prefix = cards.count > 1 ? "[CARD \(card.index)] " : ""
                lines.append("\(prefix)[DIE \(die.index)] " + rowsText.joined(separator: " | "))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// JSON encoding of the map (sorted keys, so equal maps give equal bytes).
    public func json() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return try e.encode(self)
    }

    private static func rounded(_ x: Double) -> String {
        guard x.isFinite else { return "--" }
        return String(Int(x.rounded()))
    }
}
